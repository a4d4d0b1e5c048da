using System.Net;
using WaCompliance.Providers.MessageBird.Tests.Infrastructure;
using WaCompliance.Templates;

namespace WaCompliance.Providers.MessageBird.Tests.Templates;

public sealed class TemplateClientTests : IAsyncLifetime
{
    private BirdStub _stub = null!;
    private TestRegistration _registration = null!;

    public async Task InitializeAsync()
    {
        _stub = await BirdStub.StartAsync();
        _registration = TestRegistration.Legacy(_stub);
    }

    public async Task DisposeAsync()
    {
        _registration.Dispose();
        await _stub.DisposeAsync();
    }

    private static string Template(string name, string language = "en", string status = "APPROVED", string category = "UTILITY") => """
        {"id":"@NAME-@LANG-id","name":"@NAME","language":"@LANG","category":"@CATEGORY","status":"@STATUS","wabaId":"1","namespace":"ns",
         "components":[
           {"type":"HEADER","format":"TEXT","text":"Order {{1}}","example":{"header_text":["A-1"]}},
           {"type":"BODY","text":"Hi {{1}}, your order ships on {{2}}.","example":{"body_text":[["Sam","Friday"]]}},
           {"type":"FOOTER","text":"Acme"},
           {"type":"BUTTONS","buttons":[{"type":"URL","text":"Track","url":"https://example.com/t/{{1}}","example":["https://example.com/t/A-1"]},{"type":"QUICK_REPLY","text":"Stop promotions"}]}],
         "rejectedReason":null,"createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-02-01T00:00:00Z"}
        """.Replace("@NAME", name).Replace("@LANG", language).Replace("@CATEGORY", category).Replace("@STATUS", status);

    [Fact]
    public async Task List_pages_through_the_Integrations_API_and_maps_status_category_and_components()
    {
        for (var i = 0; i < 101; i++)
        {
            _stub.Templates.Add(Template($"t_{i:000}", status: i == 100 ? "REJECTED" : "APPROVED"));
        }

        var templates = new List<MessageTemplate>();
        await foreach (var template in _registration.Templates.ListAsync())
        {
            templates.Add(template);
        }

        Assert.Empty(_stub.Violations);
        Assert.Equal(101, templates.Count);
        Assert.Equal(["?limit=100&offset=0", "?limit=100&offset=100"], _stub.Requests.Select(r => r.Query).ToArray());
        Assert.All(_stub.Requests, r => Assert.Equal("AccessKey " + BirdStub.AccessKey, r.Authorization));
        var first = templates[0];
        Assert.Equal("t_000", first.Name);
        Assert.Equal(TemplateStatus.Approved, first.Status);
        Assert.Equal(TemplateCategory.Utility, first.Category);
        Assert.Equal("Hi {{1}}, your order ships on {{2}}.", first.Body);
        Assert.Equal(new TemplateHeader(TemplateHeaderFormat.Text, "Order {{1}}") { Example = "A-1" }, first.Header);
        Assert.Equal("Acme", first.Footer);
        Assert.Equal(TemplateButtonType.Url, first.Buttons[0].Type);
        Assert.Equal("https://example.com/t/{{1}}", first.Buttons[0].Url);
        Assert.Equal(TemplateButtonType.QuickReply, first.Buttons[1].Type);
        Assert.Equal("Sam", first.BodyExamples!["1"]);
        Assert.Equal("Friday", first.BodyExamples["2"]);
        Assert.Equal("t_000-en-id", first.ProviderTemplateId);
        Assert.Equal(TemplateStatus.Rejected, templates[100].Status);
    }

    [Theory]
    [InlineData("APPROVED", TemplateStatus.Approved)]
    [InlineData("PENDING", TemplateStatus.Pending)]
    [InlineData("NEW", TemplateStatus.Pending)]
    [InlineData("REJECTED", TemplateStatus.Rejected)]
    [InlineData("PAUSED", TemplateStatus.Paused)]
    [InlineData("DISABLED", TemplateStatus.Disabled)]
    [InlineData("IN_APPEAL", TemplateStatus.InAppeal)]
    [InlineData("PENDING_DELETION", TemplateStatus.PendingDeletion)]
    [InlineData("DELETED", TemplateStatus.Deleted)]
    [InlineData("LIMIT_EXCEEDED", TemplateStatus.LimitExceeded)]
    [InlineData("ARCHIVED", TemplateStatus.Archived)]
    [InlineData("SOMETHING_NEW", TemplateStatus.Pending)]
    public async Task Get_finds_the_template_by_name_and_language_and_maps_its_status(string status, TemplateStatus expected)
    {
        _stub.Templates.Add(Template("order_update", "en_US", status));
        _stub.Templates.Add(Template("order_update", "nl", "APPROVED"));

        var template = await _registration.Templates.GetAsync(new TemplateKey("order_update", "en-us"));

        Assert.Empty(_stub.Violations);
        Assert.Equal("/v2/platforms/whatsapp/templates/order_update", _stub.LastRequest.Path);
        Assert.Equal("en_US", template!.Language);
        Assert.Equal(expected, template.Status);
    }

    [Fact]
    public async Task Get_returns_null_for_an_unknown_template_or_language()
    {
        _stub.Templates.Add(Template("order_update", "nl"));

        Assert.Null(await _registration.Templates.GetAsync(new TemplateKey("order_update", "en")));
        Assert.Null(await _registration.Templates.GetAsync(new TemplateKey("no_such_template", "en")));
        Assert.Empty(_stub.Violations);
    }

    [Theory]
    [InlineData("MARKETING", TemplateCategory.Marketing)]
    [InlineData("UTILITY", TemplateCategory.Utility)]
    [InlineData("AUTHENTICATION", TemplateCategory.Authentication)]
    [InlineData("TRANSACTIONAL", TemplateCategory.Utility)]
    [InlineData("SOMETHING_ELSE", TemplateCategory.Marketing)]
    public async Task Categories_map_and_unknown_ones_count_as_marketing(string category, TemplateCategory expected)
    {
        _stub.Templates.Add(Template("promo", category: category));

        Assert.Equal(expected, (await _registration.Templates.GetAsync(new TemplateKey("promo", "en")))!.Category);
    }

    [Fact]
    public async Task Submit_lints_first_and_sends_nothing_for_a_template_with_errors()
    {
        var invalid = new MessageTemplate { Name = "Bad Name", Language = "en", Category = TemplateCategory.Marketing, Body = "{{1}}" };

        var exception = await Assert.ThrowsAsync<TemplateLintException>(() => _registration.Templates.SubmitAsync(invalid).AsTask());

        Assert.NotEmpty(exception.Issues);
        Assert.Empty(_stub.Requests);
    }

    [Fact]
    public async Task Submit_posts_Meta_components_with_examples_and_returns_the_pending_template()
    {
        var template = new MessageTemplate
        {
            Name = "order_update",
            Language = "en_US",
            Category = TemplateCategory.Utility,
            Header = new TemplateHeader(TemplateHeaderFormat.Text, "Order {{1}}") { Example = "A-1042" },
            Body = "Hi {{1}}, your order ships on {{2}}.",
            BodyExamples = new Dictionary<string, string> { ["1"] = "Sam", ["2"] = "Friday" },
            Footer = "Acme Ltd",
            Buttons = [new TemplateButton(TemplateButtonType.Url, "Track") { Url = "https://example.com/t/{{1}}", Example = "https://example.com/t/A-1042" }],
        };

        var held = await _registration.Templates.SubmitAsync(template);

        Assert.Empty(_stub.Violations);
        var request = _stub.LastRequest;
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v2/platforms/whatsapp/templates", request.Path);
        var body = request.Json;
        Assert.Equal("order_update", body.GetProperty("name").GetString());
        Assert.Equal("UTILITY", body.GetProperty("category").GetString());
        var components = body.GetProperty("components").EnumerateArray().ToList();
        Assert.Equal(["HEADER", "BODY", "FOOTER", "BUTTONS"], components.Select(c => c.GetProperty("type").GetString()!).ToArray());
        Assert.Equal("A-1042", components[0].GetProperty("example").GetProperty("header_text")[0].GetString());
        Assert.Equal("Friday", components[1].GetProperty("example").GetProperty("body_text")[0][1].GetString());
        Assert.Equal("URL", components[3].GetProperty("buttons")[0].GetProperty("type").GetString());
        Assert.Equal(TemplateStatus.Pending, held.Status);
        Assert.NotNull(held.ProviderTemplateId);
        Assert.Equal(template.Body, held.Body);
    }

    [Fact]
    public async Task Submit_of_a_named_template_sends_named_examples()
    {
        var template = new MessageTemplate
        {
            Name = "welcome",
            Language = "en",
            Category = TemplateCategory.Marketing,
            ParameterFormat = TemplateParameterFormat.Named,
            Body = "Hi {{first_name}}, welcome to Acme.",
            BodyExamples = new Dictionary<string, string> { ["first_name"] = "Sam" },
        };

        await _registration.Templates.SubmitAsync(template);

        Assert.Empty(_stub.Violations);
        var body = _stub.LastRequest.Json;
        Assert.Equal("NAMED", body.GetProperty("parameter_format").GetString());
        var example = body.GetProperty("components")[0].GetProperty("example").GetProperty("body_text_named_params")[0];
        Assert.Equal("first_name", example.GetProperty("param_name").GetString());
        Assert.Equal("Sam", example.GetProperty("example").GetString());
    }

    [Fact]
    public async Task Submit_refused_by_MessageBird_throws_with_the_status_and_provider_code()
    {
        _stub.Respond(422, """{"errors":[{"code":10,"description":"template already exists","parameter":"name"}]}""");
        var template = new MessageTemplate { Name = "welcome", Language = "en", Category = TemplateCategory.Marketing, Body = "Welcome to Acme." };

        var exception = await Assert.ThrowsAsync<HttpRequestException>(() => _registration.Templates.SubmitAsync(template).AsTask());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, exception.StatusCode);
        Assert.Contains("provider code 10", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(BirdStub.AccessKey, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_failure_throws_with_the_status()
    {
        _stub.Respond(401, """{"errors":[{"code":2,"description":"Request not allowed"}]}""");

        var exception = await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            await foreach (var _ in _registration.Templates.ListAsync())
            {
            }
        });

        Assert.Equal(HttpStatusCode.Unauthorized, exception.StatusCode);
    }

    [Fact]
    public async Task In_Channels_mode_template_management_is_not_supported_and_says_why()
    {
        using var channels = TestRegistration.Channels(_stub);
        var client = channels.Templates;

        var list = await Assert.ThrowsAsync<NotSupportedException>(async () =>
        {
            await foreach (var _ in client.ListAsync())
            {
            }
        });
        await Assert.ThrowsAsync<NotSupportedException>(() => client.GetAsync(new TemplateKey("a", "en")).AsTask());
        await Assert.ThrowsAsync<NotSupportedException>(() =>
            client.SubmitAsync(new MessageTemplate { Name = "a", Language = "en", Category = TemplateCategory.Utility, Body = "Hello there." }).AsTask());

        Assert.Contains("Studio", list.Message, StringComparison.Ordinal);
        Assert.Equal("messagebird:main", client.GatewayName);
        Assert.Empty(_stub.Requests);
    }
}
