using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WaCompliance.Gateways;
using WaCompliance.Messaging;
using WaCompliance.Providers.Twilio.Tests.Infrastructure;
using WaCompliance.Templates;

namespace WaCompliance.Providers.Twilio.Tests.Gateway;

[Collection(TwilioHttpCollection.Name)]
public sealed class TwilioGatewaySendTests : IAsyncLifetime
{
    private const string ContentSid = "HXabcdefabcdefabcdefabcdefabcdef12";
    private readonly PrismFixture _prism;
    private TwilioStub _stub = null!;

    public TwilioGatewaySendTests(PrismFixture prism)
    {
        _prism = prism;
    }

    public async Task InitializeAsync() => _stub = await TwilioStub.StartAsync(_prism);

    public async Task DisposeAsync() => await _stub.DisposeAsync();

    [Fact]
    public async Task Text_is_posted_form_encoded_with_whatsapp_addresses_and_the_sid_becomes_the_provider_id()
    {
        await using var services = TestHost.Build(_stub);

        var result = await services.Gateway().SendAsync(TestHost.Message(new TextContent("Hello Aroha, 50% off & free shipping: ünïcödé 👍")));

        Assert.True(result.IsAccepted, result.Error?.Message);
        var request = Assert.Single(_stub.MessageRequests);
        Assert.Equal($"/2010-04-01/Accounts/{TwilioStub.AccountSid}/Messages.json", request.Path);
        Assert.Equal("whatsapp:" + TestHost.Recipient, request.Field("To"));
        Assert.Equal("whatsapp:" + TestHost.Sender, request.Field("From"));
        Assert.Equal("Hello Aroha, 50% off & free shipping: ünïcödé 👍", request.Field("Body"));
        Assert.Equal(["To", "From", "Body"], request.Form.Select(p => p.Key));
        Assert.StartsWith("SM", result.ProviderMessageId);
        Assert.Equal(MessageDeliveryStatus.Queued, result.Status);
        _stub.AssertNoViolations();
    }

    [Theory]
    [InlineData(MediaKind.Image, "https://cdn.example.com/a.jpg")]
    [InlineData(MediaKind.Video, "https://cdn.example.com/a.mp4")]
    [InlineData(MediaKind.Document, "https://cdn.example.com/invoice.pdf")]
    public async Task Media_with_caption_sends_MediaUrl_and_the_caption_as_Body(MediaKind kind, string url)
    {
        await using var services = TestHost.Build(_stub);

        var result = await services.Gateway().SendAsync(TestHost.Message(new MediaContent(kind, new Uri(url)) { Caption = "Your file", FileName = "invoice.pdf" }));

        Assert.True(result.IsAccepted, result.Error?.Message);
        var request = Assert.Single(_stub.MessageRequests);
        Assert.Equal([url], request.Fields("MediaUrl"));
        Assert.Equal("Your file", request.Field("Body"));
        Assert.StartsWith("MM", result.ProviderMessageId);
        _stub.AssertNoViolations();
    }

    [Fact]
    public async Task Audio_is_sent_without_Body()
    {
        await using var services = TestHost.Build(_stub);

        var result = await services.Gateway().SendAsync(TestHost.Message(new MediaContent(MediaKind.Audio, new Uri("https://cdn.example.com/a.ogg"))));

        Assert.True(result.IsAccepted, result.Error?.Message);
        var request = Assert.Single(_stub.MessageRequests);
        Assert.Equal(["https://cdn.example.com/a.ogg"], request.Fields("MediaUrl"));
        Assert.Null(request.Field("Body"));
        _stub.AssertNoViolations();
    }

    [Fact]
    public async Task Audio_with_a_caption_is_refused_before_any_request()
    {
        await using var services = TestHost.Build(_stub);

        var result = await services.Gateway().SendAsync(TestHost.Message(new MediaContent(MediaKind.Audio, new Uri("https://cdn.example.com/a.ogg")) { Caption = "x" }));

        Assert.Equal(ProviderErrorKind.InvalidRequest, result.Error?.Kind);
        Assert.Empty(_stub.Requests);
    }

    [Fact]
    public async Task Text_over_1600_characters_is_refused_before_any_request()
    {
        await using var services = TestHost.Build(_stub);

        var result = await services.Gateway().SendAsync(TestHost.Message(new TextContent(new string('a', 1601))));

        Assert.Equal(ProviderErrorKind.InvalidRequest, result.Error?.Kind);
        Assert.Contains("1,600", result.Error!.Message);
        Assert.Empty(_stub.Requests);
    }

    [Fact]
    public async Task Template_with_positional_body_header_and_button_values_sends_ContentSid_and_ContentVariables()
    {
        await using var services = TestHost.Build(_stub);
        var template = new MessageTemplate
        {
            Name = "order_update",
            Language = "en",
            Category = TemplateCategory.Utility,
            Status = TemplateStatus.Approved,
            Header = new TemplateHeader(TemplateHeaderFormat.Text, "Order {{1}}"),
            Body = "Hi {{1}}, your order {{2}} is on its way.",
            Buttons = [new TemplateButton(TemplateButtonType.Url, "Track") { Url = "https://example.com/track/{{1}}" }],
            ProviderTemplateId = ContentSid,
        };
        var content = new TemplateContent("order_update", "en")
        {
            Parameters = TemplateParameters.Positional("Sam", "A-1042").WithHeaderText("A-1042").WithButtonValues("a1042"),
        };

        var result = await services.Gateway().SendAsync(TestHost.Message(content, template));

        Assert.True(result.IsAccepted, result.Error?.Message);
        var request = Assert.Single(_stub.MessageRequests);
        Assert.Equal(ContentSid, request.Field("ContentSid"));
        Assert.Null(request.Field("Body"));
        var variables = JsonSerializer.Deserialize<Dictionary<string, string>>(request.Field("ContentVariables")!);
        // Twilio has one variable set: the header and button variables move past the body's {{1}} and {{2}}.
        Assert.Equal(new Dictionary<string, string> { ["1"] = "Sam", ["2"] = "A-1042", ["3"] = "A-1042", ["4"] = "a1042" }, variables);
        _stub.AssertNoViolations();
    }

    [Fact]
    public async Task Template_listed_from_Twilio_keeps_its_own_variable_numbers()
    {
        await using var services = TestHost.Build(_stub);
        var template = new MessageTemplate
        {
            Name = "order_update",
            Language = "en",
            Category = TemplateCategory.Utility,
            Header = new TemplateHeader(TemplateHeaderFormat.Text, "Order {{3}}"),
            Body = "Hi {{1}}, your order {{2}} is on its way.",
            ProviderTemplateId = ContentSid,
        };
        var content = new TemplateContent("order_update", "en") { Parameters = TemplateParameters.Positional("Sam", "A-1").WithHeaderText("A-1") };

        var result = await services.Gateway().SendAsync(TestHost.Message(content, template));

        Assert.True(result.IsAccepted, result.Error?.Message);
        var variables = JsonSerializer.Deserialize<Dictionary<string, string>>(_stub.MessageRequests[0].Field("ContentVariables")!);
        Assert.Equal(new Dictionary<string, string> { ["1"] = "Sam", ["2"] = "A-1", ["3"] = "A-1" }, variables);
        _stub.AssertNoViolations();
    }

    [Fact]
    public async Task Template_with_named_parameters_sends_the_names_as_keys()
    {
        await using var services = TestHost.Build(_stub);
        var template = new MessageTemplate
        {
            Name = "welcome",
            Language = "en_US",
            Category = TemplateCategory.Marketing,
            ParameterFormat = TemplateParameterFormat.Named,
            Header = new TemplateHeader(TemplateHeaderFormat.Text, "Hello {{first_name}}"),
            Body = "Welcome {{first_name}}, your code is {{coupon}}.",
            Buttons = [new TemplateButton(TemplateButtonType.CopyCode, "Copy") { Example = "{{coupon_code}}" }],
            ProviderTemplateId = ContentSid,
        };
        var content = new TemplateContent("welcome", "en_US")
        {
            Parameters = TemplateParameters.Named(new Dictionary<string, string> { ["first_name"] = "Sam", ["coupon"] = "SAVE10" })
                .WithHeaderText("Sam").WithButtonValues("SAVE10"),
        };

        var result = await services.Gateway().SendAsync(TestHost.Message(content, template));

        Assert.True(result.IsAccepted, result.Error?.Message);
        var variables = JsonSerializer.Deserialize<Dictionary<string, string>>(_stub.MessageRequests[0].Field("ContentVariables")!);
        Assert.Equal(new Dictionary<string, string> { ["first_name"] = "Sam", ["coupon"] = "SAVE10", ["coupon_code"] = "SAVE10" }, variables);
        _stub.AssertNoViolations();
    }

    [Fact]
    public async Task Template_with_a_media_header_variable_sends_the_url_suffix()
    {
        await using var services = TestHost.Build(_stub);
        var template = new MessageTemplate
        {
            Name = "receipt",
            Language = "en",
            Category = TemplateCategory.Utility,
            Header = new TemplateHeader(TemplateHeaderFormat.Document) { Example = "https://cdn.example.com/receipts/{{2}}" },
            Body = "Your receipt, {{1}}.",
            ProviderTemplateId = ContentSid,
        };
        var content = new TemplateContent("receipt", "en")
        {
            Parameters = TemplateParameters.Positional("Sam"),
            HeaderMediaUrl = new Uri("https://cdn.example.com/receipts/r-77.pdf"),
        };

        var result = await services.Gateway().SendAsync(TestHost.Message(content, template));

        Assert.True(result.IsAccepted, result.Error?.Message);
        var variables = JsonSerializer.Deserialize<Dictionary<string, string>>(_stub.MessageRequests[0].Field("ContentVariables")!);
        Assert.Equal(new Dictionary<string, string> { ["1"] = "Sam", ["2"] = "r-77.pdf" }, variables);
        _stub.AssertNoViolations();
    }

    [Fact]
    public async Task Template_media_url_that_the_content_cannot_carry_is_refused_before_any_request()
    {
        await using var services = TestHost.Build(_stub);
        var template = new MessageTemplate
        {
            Name = "receipt",
            Language = "en",
            Category = TemplateCategory.Utility,
            Header = new TemplateHeader(TemplateHeaderFormat.Image) { Example = "https://cdn.example.com/fixed.png" },
            Body = "Your receipt.",
            ProviderTemplateId = ContentSid,
        };
        var content = new TemplateContent("receipt", "en") { HeaderMediaUrl = new Uri("https://other.example.com/x.png") };

        var result = await services.Gateway().SendAsync(TestHost.Message(content, template));

        Assert.Equal(ProviderErrorKind.InvalidRequest, result.Error?.Kind);
        Assert.Empty(_stub.Requests);
    }

    [Fact]
    public async Task Template_without_variables_sends_no_ContentVariables()
    {
        await using var services = TestHost.Build(_stub);
        var template = new MessageTemplate
        {
            Name = "hello",
            Language = "en",
            Category = TemplateCategory.Utility,
            Body = "Hello from Acme.",
            ProviderTemplateId = ContentSid,
        };

        var result = await services.Gateway().SendAsync(TestHost.Message(new TemplateContent("hello", "en"), template));

        Assert.True(result.IsAccepted, result.Error?.Message);
        Assert.Null(_stub.MessageRequests[0].Field("ContentVariables"));
        _stub.AssertNoViolations();
    }

    [Fact]
    public async Task Template_without_a_ContentSid_is_refused_with_InvalidRequest_before_any_request()
    {
        await using var services = TestHost.Build(_stub);
        var template = new MessageTemplate { Name = "hello", Language = "en", Category = TemplateCategory.Utility, Body = "Hello." };

        var result = await services.Gateway().SendAsync(TestHost.Message(new TemplateContent("hello", "en"), template));

        Assert.False(result.IsAccepted);
        Assert.Equal(ProviderErrorKind.InvalidRequest, result.Error!.Kind);
        Assert.Contains("ContentSid", result.Error.Message);
        Assert.Empty(_stub.Requests);

        var noCatalog = await services.Gateway().SendAsync(TestHost.Message(new TemplateContent("hello", "en")));
        Assert.Equal(ProviderErrorKind.InvalidRequest, noCatalog.Error!.Kind);
        Assert.Empty(_stub.Requests);
    }

    [Fact]
    public async Task Header_value_for_a_header_without_variable_is_refused_as_parameter_mismatch()
    {
        await using var services = TestHost.Build(_stub);
        var template = new MessageTemplate { Name = "hello", Language = "en", Category = TemplateCategory.Utility, Body = "Hello {{1}}.", ProviderTemplateId = ContentSid };
        var content = new TemplateContent("hello", "en") { Parameters = TemplateParameters.Positional("Sam").WithHeaderText("x") };

        var result = await services.Gateway().SendAsync(TestHost.Message(content, template));

        Assert.Equal(ProviderErrorKind.TemplateParameterMismatch, result.Error?.Kind);
        Assert.Empty(_stub.Requests);
    }

    [Fact]
    public async Task MessagingServiceSid_and_StatusCallback_are_sent_when_configured()
    {
        await using var services = TestHost.Build(_stub, o =>
        {
            o.MessagingServiceSid = TwilioStub.MessagingServiceSid;
            o.StatusCallback = new Uri("https://hooks.example.com/twilio/status");
        });

        var result = await services.Gateway().SendAsync(TestHost.Message(new TextContent("hi")));

        Assert.True(result.IsAccepted, result.Error?.Message);
        var request = _stub.MessageRequests[0];
        Assert.Equal(TwilioStub.MessagingServiceSid, request.Field("MessagingServiceSid"));
        Assert.Equal("whatsapp:" + TestHost.Sender, request.Field("From"));
        Assert.Equal("https://hooks.example.com/twilio/status", request.Field("StatusCallback"));
        Assert.Equal(MessageDeliveryStatus.Queued, result.Status);
        _stub.AssertNoViolations();
    }

    [Fact]
    public async Task Reply_context_is_not_sent_because_Twilio_has_no_field_for_it()
    {
        await using var services = TestHost.Build(_stub);

        var result = await services.Gateway().SendAsync(TestHost.Message(new TextContent("Thanks!"), replyTo: "SM0123456789abcdef0123456789abcdef"));

        Assert.True(result.IsAccepted, result.Error?.Message);
        Assert.Equal(["To", "From", "Body"], _stub.MessageRequests[0].Form.Select(p => p.Key));
        _stub.AssertNoViolations();
    }

    [Fact]
    public async Task Api_key_credentials_are_used_for_basic_auth_when_set()
    {
        const string keySid = "SK0123456789abcdef0123456789abcdef";
        _stub.ExpectedUser = keySid;
        _stub.ExpectedPassword = "key-secret";
        await using var services = TestHost.Build(_stub, o =>
        {
            o.ApiKeySid = keySid;
            o.ApiKeySecret = "key-secret";
        });

        var result = await services.Gateway().SendAsync(TestHost.Message(new TextContent("hi")));

        Assert.True(result.IsAccepted, result.Error?.Message);
        _stub.AssertNoViolations();
    }

    [Fact]
    public async Task Gateway_reports_its_name_provider_and_senders()
    {
        await using var services = TestHost.Build(_stub);

        var gateway = services.Gateway();

        Assert.Equal("twilio:main", gateway.Name);
        Assert.Equal("twilio", gateway.Provider);
        Assert.Equal([Numbers.WhatsAppNumber.Parse(TestHost.Sender)], gateway.Senders);
        Assert.Same(gateway, Assert.Single(services.GetRequiredService<IMessageGatewayRegistry>().Gateways));
    }

    [Fact]
    public async Task Unreachable_provider_throws_HttpRequestException()
    {
        var port = _stub.BaseUrl.Port;
        await _stub.DisposeAsync();
        _stub = await TwilioStub.StartAsync(_prism);
        await using var services = TestHost.Build(null, o => o.ApiBaseUrl = new Uri($"http://127.0.0.1:{port}"));

        await Assert.ThrowsAsync<HttpRequestException>(async () => await services.Gateway().SendAsync(TestHost.Message(new TextContent("hi"))));
    }

    [Fact]
    public async Task Cancellation_propagates()
    {
        await using var services = TestHost.Build(_stub);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await services.Gateway().SendAsync(TestHost.Message(new TextContent("hi")), cancel.Token));
    }
}
