using WaCompliance.Gateways;
using WaCompliance.Providers.Twilio.Tests.Infrastructure;
using WaCompliance.Templates;

namespace WaCompliance.Providers.Twilio.Tests.Templates;

[Collection(TwilioHttpCollection.Name)]
public sealed class TwilioTemplateClientTests : IAsyncLifetime
{
    private readonly PrismFixture _prism;
    private TwilioStub _stub = null!;

    public TwilioTemplateClientTests(PrismFixture prism)
    {
        _prism = prism;
    }

    public async Task InitializeAsync() => _stub = await TwilioStub.StartAsync(_prism);

    public async Task DisposeAsync() => await _stub.DisposeAsync();

    [Fact]
    public async Task List_pages_through_ContentAndApprovals_and_maps_status_category_and_components()
    {
        _stub.ContentPages["0"] = """
            {"contents": [
              {"sid": "HX00000000000000000000000000000001", "account_sid": "AC0123456789abcdef0123456789abcdef", "friendly_name": "order_update",
               "language": "en", "variables": {"1": "Sam", "2": "A-1"}, "date_created": "2026-07-01T10:00:00Z", "date_updated": "2026-07-02T10:00:00Z",
               "types": {"whatsapp/card": {"body": "Hi {{1}}, order {{2}} shipped.", "footer": "Acme", "header_text": "Order {{3}}",
                 "actions": [{"type": "URL", "title": "Track", "url": "https://example.com/t/{{4}}"}, {"type": "QUICK_REPLY", "title": "Stop", "id": "opt_out"}]}},
               "approval_requests": {"name": "order_update", "category": "UTILITY", "content_type": "whatsapp/card", "status": "approved", "rejection_reason": "", "allow_category_change": true}},
              {"sid": "HX00000000000000000000000000000002", "friendly_name": "never_submitted", "language": "en", "types": {"twilio/text": {"body": "Hi"}},
               "approval_requests": {"name": "", "category": "", "content_type": "", "status": "unsubmitted", "rejection_reason": "", "allow_category_change": true}}
            ],
            "meta": {"page": 0, "page_size": 2, "key": "contents", "next_page_url": "https://content.twilio.com/v1/ContentAndApprovals?PageSize=2&Page=1&PageToken=PT1"}}
            """;
        _stub.ContentPages["1"] = """
            {"contents": [
              {"sid": "HX00000000000000000000000000000003", "friendly_name": "Promo", "language": "es", "variables": {"first_name": "Ana"},
               "date_updated": "2026-07-03T10:00:00Z", "types": {"twilio/media": {"body": "Hola {{first_name}}", "media": ["https://cdn.example.com/promo.mp4"]}},
               "approval_requests": {"whatsapp": {"type": "whatsapp", "name": "spring_promo", "category": "MARKETING", "status": "rejected", "rejection_reason": "INVALID_FORMAT"}}},
              {"sid": "HX00000000000000000000000000000004", "friendly_name": "otp", "language": "en_US",
               "types": {"whatsapp/authentication": {"add_security_recommendation": true, "code_expiration_minutes": 5, "actions": [{"type": "COPY_CODE", "copy_code_text": "Copy"}]}},
               "approval_requests": {"name": "login_code", "category": "AUTHENTICATION", "status": "pending"}},
              {"sid": "HX00000000000000000000000000000005", "friendly_name": "old", "language": "en", "types": {"twilio/text": {"body": "Legacy {{1}}"}},
               "approval_requests": {"name": "legacy_alert", "category": "TRANSACTIONAL", "status": "paused"}}
            ],
            "meta": {"page": 1, "page_size": 2, "key": "contents", "next_page_url": null}}
            """;
        await using var services = TestHost.Build(_stub);

        var templates = await services.Templates().ListAsync().ToListAsync();

        Assert.Equal(["order_update", "spring_promo", "login_code", "legacy_alert"], templates.Select(t => t.Name));
        var order = templates[0];
        Assert.Equal("HX00000000000000000000000000000001", order.ProviderTemplateId);
        Assert.Equal(TemplateStatus.Approved, order.Status);
        Assert.Equal(TemplateCategory.Utility, order.Category);
        Assert.Equal("Hi {{1}}, order {{2}} shipped.", order.Body);
        Assert.Equal("Acme", order.Footer);
        Assert.Equal(new TemplateHeader(TemplateHeaderFormat.Text, "Order {{3}}"), order.Header);
        Assert.Equal([TemplateButtonType.Url, TemplateButtonType.QuickReply], order.Buttons.Select(b => b.Type));
        Assert.Equal("https://example.com/t/{{4}}", order.Buttons[0].Url);
        Assert.Equal(new DateTimeOffset(2026, 7, 2, 10, 0, 0, TimeSpan.Zero), order.UpdatedAt);
        Assert.Equal(TemplateParameterFormat.Positional, order.ParameterFormat);

        var promo = templates[1];
        Assert.Equal(TemplateStatus.Rejected, promo.Status);
        Assert.Equal("INVALID_FORMAT", promo.StatusReason);
        Assert.Equal(TemplateCategory.Marketing, promo.Category);
        Assert.Equal(TemplateParameterFormat.Named, promo.ParameterFormat);
        Assert.Equal(TemplateHeaderFormat.Video, promo.Header?.Format);
        Assert.Equal("https://cdn.example.com/promo.mp4", promo.Header?.Example);

        var otp = templates[2];
        Assert.Equal(TemplateCategory.Authentication, otp.Category);
        Assert.Equal(TemplateStatus.Pending, otp.Status);
        Assert.True(otp.AddSecurityRecommendation);
        Assert.Equal(5, otp.CodeExpirationMinutes);
        Assert.Equal(TemplateButtonType.Otp, Assert.Single(otp.Buttons).Type);

        Assert.Equal(TemplateCategory.Utility, templates[3].Category);
        Assert.Equal(TemplateStatus.Paused, templates[3].Status);

        var pages = _stub.Requests.Where(r => r.Path == "/v1/ContentAndApprovals").Select(r => r.Query).ToList();
        Assert.Equal(["?PageSize=100", "?PageSize=2&Page=1&PageToken=PT1"], pages);
        _stub.AssertNoViolations();
    }

    [Fact]
    public async Task Listed_templates_sync_into_the_catalog_and_send_with_their_ContentSid()
    {
        _stub.ContentPages["0"] = """
            {"contents": [{"sid": "HX00000000000000000000000000000001", "friendly_name": "order_update", "language": "en", "variables": {"1": "Sam"},
               "types": {"twilio/text": {"body": "Hi {{1}}, your order shipped."}},
               "approval_requests": {"name": "order_update", "category": "UTILITY", "status": "approved"}}],
             "meta": {"page": 0, "page_size": 100, "key": "contents", "next_page_url": null}}
            """;
        await using var services = TestHost.Build(_stub);
        var catalog = new InMemoryTemplateCatalog(TimeProvider.System);

        var count = await TemplateSynchronizer.SyncAsync(services.Templates(), catalog);
        var template = await catalog.GetAsync(new TemplateKey("order_update", "en"));
        var result = await services.Gateway().SendAsync(TestHost.Message(
            new Messaging.TemplateContent("order_update", "en") { Parameters = TemplateParameters.Positional("Sam") }, template));

        Assert.Equal(1, count);
        Assert.True(result.IsAccepted, result.Error?.Message);
        Assert.Equal("HX00000000000000000000000000000001", _stub.MessageRequests[0].Field("ContentSid"));
        _stub.AssertNoViolations();
    }

    [Fact]
    public async Task Submit_lints_creates_content_then_requests_WhatsApp_approval()
    {
        await using var services = TestHost.Build(_stub);
        var template = new MessageTemplate
        {
            Name = "order_update",
            Language = "en",
            Category = TemplateCategory.Utility,
            Header = new TemplateHeader(TemplateHeaderFormat.Text, "Order {{1}}") { Example = "A-1042" },
            Body = "Hi {{1}}, your order {{2}} is on its way.",
            BodyExamples = new Dictionary<string, string> { ["1"] = "Sam", ["2"] = "A-1042" },
            Footer = "Acme Ltd",
            Buttons = [new TemplateButton(TemplateButtonType.Url, "Track") { Url = "https://example.com/track/{{1}}", Example = "a1042" }],
        };

        var submitted = await services.Templates().SubmitAsync(template);

        Assert.StartsWith("HX", submitted.ProviderTemplateId);
        Assert.Equal(TemplateStatus.Pending, submitted.Status);
        var create = _stub.Requests.Single(r => r.Path == "/v1/Content").Json;
        Assert.Equal("order_update", create.GetProperty("friendly_name").GetString());
        Assert.Equal("en", create.GetProperty("language").GetString());
        var card = create.GetProperty("types").GetProperty("whatsapp/card");
        Assert.Equal("Order {{3}}", card.GetProperty("header_text").GetString());
        Assert.Equal("Acme Ltd", card.GetProperty("footer").GetString());
        Assert.Equal("https://example.com/track/{{4}}", card.GetProperty("actions")[0].GetProperty("url").GetString());
        var variables = create.GetProperty("variables").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal(new Dictionary<string, string?> { ["1"] = "Sam", ["2"] = "A-1042", ["3"] = "A-1042", ["4"] = "a1042" }, variables);
        var approval = _stub.Requests.Single(r => r.Path.EndsWith("/ApprovalRequests/whatsapp", StringComparison.Ordinal));
        Assert.Equal($"/v1/Content/{submitted.ProviderTemplateId}/ApprovalRequests/whatsapp", approval.Path);
        Assert.Equal("order_update", approval.Json.GetProperty("name").GetString());
        Assert.Equal("UTILITY", approval.Json.GetProperty("category").GetString());
        _stub.AssertNoViolations();
    }

    [Theory]
    [InlineData("quick")]
    [InlineData("cta")]
    [InlineData("text")]
    [InlineData("media")]
    [InlineData("auth")]
    public async Task Submit_picks_the_Content_type_the_template_needs(string kind)
    {
        await using var services = TestHost.Build(_stub);
        var template = kind switch
        {
            "quick" => Template(TemplateCategory.Marketing, buttons: [new TemplateButton(TemplateButtonType.QuickReply, "Stop promotions")]),
            "cta" => Template(TemplateCategory.Utility, buttons: [new TemplateButton(TemplateButtonType.PhoneNumber, "Call us") { PhoneNumber = "+16502530000" }]),
            "media" => Template(TemplateCategory.Marketing) with { Header = new TemplateHeader(TemplateHeaderFormat.Image) { Example = "https://cdn.example.com/a.png" } },
            "auth" => new MessageTemplate
            {
                Name = "login_code",
                Language = "en",
                Category = TemplateCategory.Authentication,
                Body = "{{1}} is your verification code.",
                BodyExamples = new Dictionary<string, string> { ["1"] = "123456" },
                CodeExpirationMinutes = 10,
                AddSecurityRecommendation = true,
                Buttons = [new TemplateButton(TemplateButtonType.Otp, "Copy code") { OtpType = OtpButtonType.CopyCode }],
            },
            _ => Template(TemplateCategory.Utility),
        };
        var expected = kind switch
        {
            "quick" => "twilio/quick-reply",
            "cta" => "twilio/call-to-action",
            "media" => "twilio/media",
            "auth" => "whatsapp/authentication",
            _ => "twilio/text",
        };

        var lint = TemplateLinter.Lint(template).Where(i => i.Severity == TemplateLintSeverity.Error).Select(i => i.Code);
        Assert.Empty(lint);
        await services.Templates().SubmitAsync(template);

        var types = _stub.Requests.Single(r => r.Path == "/v1/Content").Json.GetProperty("types");
        Assert.Equal([expected], types.EnumerateObject().Select(p => p.Name));
        _stub.AssertNoViolations();
    }

    [Fact]
    public async Task Submit_refuses_a_template_with_lint_errors_before_any_request()
    {
        await using var services = TestHost.Build(_stub);
        var template = new MessageTemplate { Name = "Bad Name", Language = "en", Category = TemplateCategory.Utility, Body = "{{1}}" };

        var error = await Assert.ThrowsAsync<TemplateLintException>(async () => await services.Templates().SubmitAsync(template));

        Assert.NotEmpty(error.Issues);
        Assert.Empty(_stub.Requests);
    }

    [Fact]
    public async Task Content_API_error_is_thrown_with_the_mapped_error()
    {
        _stub.ContentResponses.Enqueue(StubResponse.TwilioError(401, 20003, "Authenticate"));
        await using var services = TestHost.Build(_stub);

        var error = await Assert.ThrowsAsync<TwilioApiException>(async () => await services.Templates().SubmitAsync(Template(TemplateCategory.Utility)));

        Assert.Equal(ProviderErrorKind.AuthFailed, error.Error.Kind);
        Assert.Equal("20003", error.Error.ProviderCode);
        Assert.Equal(401, error.Error.HttpStatus);
        Assert.DoesNotContain(TwilioStub.AuthToken, error.Message);
    }

    [Fact]
    public async Task Get_finds_a_template_by_name_and_normalized_language()
    {
        _stub.ContentPages["0"] = """
            {"contents": [{"sid": "HX00000000000000000000000000000009", "friendly_name": "x", "language": "en-us", "types": {"twilio/text": {"body": "Hello."}},
               "approval_requests": {"name": "hello", "category": "UTILITY", "status": "approved"}}],
             "meta": {"page": 0, "page_size": 100, "key": "contents", "next_page_url": null}}
            """;
        await using var services = TestHost.Build(_stub);

        var found = await services.Templates().GetAsync(new TemplateKey("hello", "en_US"));
        var missing = await services.Templates().GetAsync(new TemplateKey("hello", "fr"));

        Assert.Equal("HX00000000000000000000000000000009", found?.ProviderTemplateId);
        Assert.Null(missing);
        _stub.AssertNoViolations();
    }

    private static MessageTemplate Template(TemplateCategory category, IReadOnlyList<TemplateButton>? buttons = null) => new()
    {
        Name = "order_note",
        Language = "en",
        Category = category,
        Body = "Hi {{1}}, thanks for your order.",
        BodyExamples = new Dictionary<string, string> { ["1"] = "Sam" },
        Buttons = buttons ?? [],
    };
}
