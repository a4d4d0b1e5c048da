using System.Text.Json;
using WaCompliance.Providers.Dialog360.Templates;
using WaCompliance.Providers.Dialog360.Tests.Infrastructure;
using WaCompliance.Templates;

namespace WaCompliance.Providers.Dialog360.Tests.Templates;

public sealed class TemplateClientTests : IAsyncLifetime
{
    private const string OrderUpdate = """
        {"id":"1200337","name":"order_update","language":"en_US","status":"APPROVED","category":"UTILITY","namespace":"ns_1","quality_score":{"score":"GREEN","date":1772366400},"parameter_format":"POSITIONAL",
         "components":[
          {"type":"HEADER","format":"TEXT","text":"Order {{1}}","example":{"header_text":["A-1042"]}},
          {"type":"BODY","text":"Hi {{1}}, order {{2}} ships today.","example":{"body_text":[["Sam","A-1042"]]}},
          {"type":"FOOTER","text":"Acme Ltd"},
          {"type":"BUTTONS","buttons":[{"type":"URL","text":"Track","url":"https://acme.example/track/{{1}}","example":["https://acme.example/track/A-1042"]},{"type":"QUICK_REPLY","text":"Stop"},{"type":"PHONE_NUMBER","text":"Call","phone_number":"+4915123456789"},{"type":"COPY_CODE","text":"Copy offer code","example":"SAVE10"}]}]}
        """;

    private const string NamedMarketing = """
        {"id":"1200338","name":"welcome_named","language":"de","status":"paused","category":"MARKETING","quality_score":{"score":"RED"},"parameter_format":"NAMED","rejected_reason":"NONE",
         "components":[{"type":"HEADER","format":"IMAGE","example":{"header_handle":["4::aW1hZ2U="]}},{"type":"BODY","text":"Willkommen {{first_name}}","example":{"body_text_named_params":[{"param_name":"first_name","example":"Aroha"}]}}]}
        """;

    private const string Authentication = """
        {"id":"1200339","name":"login_code","language":"en","status":"REJECTED","category":"AUTHENTICATION","rejected_reason":"INVALID_FORMAT",
         "components":[{"type":"BODY","text":"*{{1}}* is your verification code.","add_security_recommendation":true},{"type":"FOOTER","text":"This code expires in 10 minutes.","code_expiration_minutes":10},{"type":"BUTTONS","buttons":[{"type":"OTP","otp_type":"COPY_CODE","text":"Copy code"}]}]}
        """;

    private CloudApiStub _stub = null!;
    private IServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _stub = await CloudApiStub.StartAsync();
        _services = TestServices.Build(_stub.BaseUrl);
    }

    public async Task DisposeAsync()
    {
        _stub.AssertNoViolations();
        await _stub.DisposeAsync();
    }

    [Fact]
    public async Task List_maps_Meta_template_json_to_catalog_templates()
    {
        _stub.Templates.AddRange([OrderUpdate, NamedMarketing, Authentication]);

        var templates = await _services.Templates().ListAsync().ToListAsync();

        Assert.Equal(3, templates.Count);
        var order = templates[0];
        Assert.Equal("order_update", order.Name);
        Assert.Equal("en_US", order.Language);
        Assert.Equal(TemplateStatus.Approved, order.Status);
        Assert.Equal(TemplateCategory.Utility, order.Category);
        Assert.Equal(TemplateQuality.Green, order.Quality);
        Assert.Equal(TemplateParameterFormat.Positional, order.ParameterFormat);
        Assert.Equal("1200337", order.ProviderTemplateId);
        Assert.Equal(new TemplateHeader(TemplateHeaderFormat.Text, "Order {{1}}") { Example = "A-1042" }, order.Header);
        Assert.Equal("Hi {{1}}, order {{2}} ships today.", order.Body);
        Assert.Equal("Acme Ltd", order.Footer);
        Assert.Equal(new Dictionary<string, string> { ["1"] = "Sam", ["2"] = "A-1042" }, order.BodyExamples);
        Assert.Equal([TemplateButtonType.Url, TemplateButtonType.QuickReply, TemplateButtonType.PhoneNumber, TemplateButtonType.CopyCode], order.Buttons.Select(b => b.Type));
        Assert.Equal("https://acme.example/track/{{1}}", order.Buttons[0].Url);
        Assert.Equal("https://acme.example/track/A-1042", order.Buttons[0].Example);
        Assert.Equal("+4915123456789", order.Buttons[2].PhoneNumber);
        Assert.Equal("SAVE10", order.Buttons[3].Example);

        var named = templates[1];
        Assert.Equal(TemplateStatus.Paused, named.Status);
        Assert.Equal(TemplateQuality.Red, named.Quality);
        Assert.Equal(TemplateParameterFormat.Named, named.ParameterFormat);
        Assert.Equal(TemplateHeaderFormat.Image, named.Header?.Format);
        Assert.Equal("4::aW1hZ2U=", named.Header?.Example);
        Assert.Equal("Aroha", named.BodyExamples?["first_name"]);
        Assert.Null(named.StatusReason);

        var auth = templates[2];
        Assert.Equal(TemplateCategory.Authentication, auth.Category);
        Assert.Equal(TemplateStatus.Rejected, auth.Status);
        Assert.Equal("INVALID_FORMAT", auth.StatusReason);
        Assert.True(auth.AddSecurityRecommendation);
        Assert.Equal(10, auth.CodeExpirationMinutes);
        Assert.Equal(OtpButtonType.CopyCode, Assert.Single(auth.Buttons).OtpType);
        Assert.All(_stub.Requests, r => Assert.Equal(CloudApiStub.ApiKey, r.Headers["D360-API-KEY"]));
    }

    [Fact]
    public async Task List_reads_every_page()
    {
        for (var i = 0; i < Dialog360TemplateClient.PageSize + 3; i++)
        {
            _stub.Templates.Add($$"""{"name":"t_{{i}}","language":"en","status":"APPROVED","category":"UTILITY","components":[{"type":"BODY","text":"Hello"}]}""");
        }

        var templates = await _services.Templates().ListAsync().ToListAsync();

        Assert.Equal(Dialog360TemplateClient.PageSize + 3, templates.Count);
        Assert.Equal(
            [$"/v1/configs/templates?limit={Dialog360TemplateClient.PageSize}&offset=0", $"/v1/configs/templates?limit={Dialog360TemplateClient.PageSize}&offset={Dialog360TemplateClient.PageSize}"],
            _stub.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task List_skips_a_template_it_cannot_read_and_keeps_the_others()
    {
        _stub.Templates.AddRange([
            """{"name":"odd","language":"en","status":"APPROVED","category":"SOMETHING_NEW","components":[]}""",
            OrderUpdate]);

        var templates = await _services.Templates().ListAsync().ToListAsync();

        Assert.Equal("order_update", Assert.Single(templates).Name);
    }

    [Fact]
    public async Task An_unknown_status_reads_as_pending_so_it_is_not_sendable()
    {
        _stub.Templates.Add("""{"name":"x","language":"en","status":"submitted","category":"UTILITY","components":[{"type":"BODY","text":"Hello"}]}""");

        var template = Assert.Single(await _services.Templates().ListAsync().ToListAsync());

        Assert.Equal(TemplateStatus.Pending, template.Status);
    }

    [Fact]
    public async Task Get_finds_a_template_by_name_and_normalized_language()
    {
        _stub.Templates.AddRange([NamedMarketing, OrderUpdate]);

        var found = await _services.Templates().GetAsync(new TemplateKey("order_update", "en-us"));
        var missing = await _services.Templates().GetAsync(new TemplateKey("order_update", "de"));

        Assert.Equal("1200337", found?.ProviderTemplateId);
        Assert.Null(missing);
    }

    [Fact]
    public async Task A_refused_list_throws_with_the_mapped_error_and_status()
    {
        _stub.EnqueueTemplateResponse(new StubResponse(401, """{"meta":{"success":false,"http_code":401,"developer_message":"Invalid api_key"}}"""));

        var exception = await Assert.ThrowsAsync<HttpRequestException>(async () => await _services.Templates().ListAsync().ToListAsync());

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, exception.StatusCode);
        Assert.Contains("AuthFailed", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(CloudApiStub.ApiKey, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_refuses_a_template_with_lint_errors_without_calling_360dialog()
    {
        var bad = new MessageTemplate { Name = "Bad Name", Language = "en", Category = TemplateCategory.Marketing, Body = "{{1}}" };

        var exception = await Assert.ThrowsAsync<TemplateLintException>(async () => await _services.Templates().SubmitAsync(bad));

        Assert.NotEmpty(exception.Issues);
        Assert.Empty(_stub.Requests);
    }

    [Fact]
    public async Task Submit_posts_Meta_components_with_samples_and_returns_the_pending_template_with_its_id()
    {
        var template = new MessageTemplate
        {
            Name = "order_update",
            Language = "en_US",
            Category = TemplateCategory.Utility,
            Header = new TemplateHeader(TemplateHeaderFormat.Text, "Order {{1}}") { Example = "A-1042" },
            Body = "Hi {{1}}, order {{2}} ships today.",
            BodyExamples = new Dictionary<string, string> { ["2"] = "A-1042", ["1"] = "Sam" },
            Footer = "Acme Ltd",
            Buttons =
            [
                new TemplateButton(TemplateButtonType.Url, "Track") { Url = "https://acme.example/track/{{1}}", Example = "A-1042" },
                new TemplateButton(TemplateButtonType.QuickReply, "Stop"),
            ],
        };

        var submitted = await _services.Templates().SubmitAsync(template);

        Assert.Equal("594425479261596", submitted.ProviderTemplateId);
        Assert.Equal(TemplateStatus.Pending, submitted.Status);
        Assert.Equal(TemplateCategory.Marketing, submitted.Category);
        Assert.Equal(TestServices.Now, submitted.UpdatedAt);
        var request = Assert.Single(_stub.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/configs/templates", request.PathAndQuery);
        Assert.Equal(
            """{"name":"order_update","language":"en_US","category":"UTILITY","components":[{"type":"HEADER","format":"TEXT","text":"Order {{1}}","example":{"header_text":["A-1042"]}},{"type":"BODY","text":"Hi {{1}}, order {{2}} ships today.","example":{"body_text":[["Sam","A-1042"]]}},{"type":"FOOTER","text":"Acme Ltd"},{"type":"BUTTONS","buttons":[{"type":"URL","text":"Track","url":"https://acme.example/track/{{1}}","example":["A-1042"]},{"type":"QUICK_REPLY","text":"Stop"}]}]}""",
            request.Body);
    }

    [Fact]
    public async Task Submit_writes_named_samples_and_authentication_components()
    {
        var named = new MessageTemplate
        {
            Name = "welcome_named",
            Language = "en",
            Category = TemplateCategory.Marketing,
            ParameterFormat = TemplateParameterFormat.Named,
            Header = new TemplateHeader(TemplateHeaderFormat.Text, "Hi {{first_name}}") { Example = "Aroha" },
            Body = "Welcome {{first_name}}, enjoy the offer.",
            BodyExamples = new Dictionary<string, string> { ["first_name"] = "Aroha" },
        };
        var authentication = new MessageTemplate
        {
            Name = "login_code",
            Language = "en",
            Category = TemplateCategory.Authentication,
            Body = "{{1}} is your verification code.",
            BodyExamples = new Dictionary<string, string> { ["1"] = "123456" },
            AddSecurityRecommendation = true,
            CodeExpirationMinutes = 10,
            Buttons = [new TemplateButton(TemplateButtonType.Otp, "Copy code") { OtpType = OtpButtonType.CopyCode }],
        };

        await _services.Templates().SubmitAsync(named);
        await _services.Templates().SubmitAsync(authentication);

        var bodies = _stub.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).ToArray();
        Assert.Equal("NAMED", bodies[0].GetProperty("parameter_format").GetString());
        Assert.Equal("""{"header_text_named_params":[{"param_name":"first_name","example":"Aroha"}]}""", bodies[0].GetProperty("components")[0].GetProperty("example").GetRawText());
        Assert.Equal("""{"body_text_named_params":[{"param_name":"first_name","example":"Aroha"}]}""", bodies[0].GetProperty("components")[1].GetProperty("example").GetRawText());
        Assert.Equal(
            """[{"type":"BODY","add_security_recommendation":true},{"type":"FOOTER","code_expiration_minutes":10},{"type":"BUTTONS","buttons":[{"type":"OTP","otp_type":"COPY_CODE","text":"Copy code"}]}]""",
            bodies[1].GetProperty("components").GetRawText());
    }

    [Fact]
    public async Task A_refused_submission_throws_with_the_provider_code()
    {
        _stub.EnqueueTemplateResponse(new StubResponse(400, """{"error":{"message":"(#100) Invalid parameter","type":"OAuthException","code":100,"error_subcode":2388023,"error_user_msg":"Content in this language already exists","fbtrace_id":"A1"}}"""));
        var template = new MessageTemplate { Name = "dup", Language = "en", Category = TemplateCategory.Utility, Body = "Your order has shipped." };

        var exception = await Assert.ThrowsAsync<HttpRequestException>(async () => await _services.Templates().SubmitAsync(template));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, exception.StatusCode);
        Assert.Contains("code 100", exception.Message, StringComparison.Ordinal);
    }
}
