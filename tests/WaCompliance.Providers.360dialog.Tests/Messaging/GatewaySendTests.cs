using System.Text.Json;
using WaCompliance.Gateways;
using WaCompliance.Messaging;
using WaCompliance.Providers.Dialog360.Tests.Infrastructure;
using WaCompliance.Templates;

namespace WaCompliance.Providers.Dialog360.Tests.Messaging;

public sealed class GatewaySendTests : IAsyncLifetime
{
    private CloudApiStub _stub = null!;
    private IServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _stub = await CloudApiStub.StartAsync();
        _services = TestServices.Build(_stub.BaseUrl);
    }

    public async Task DisposeAsync()
    {
        await _stub.DisposeAsync();
    }

    private async Task<JsonElement> SendAndCaptureAsync(GatewayMessage message)
    {
        var result = await _services.Gateway().SendAsync(message);
        _stub.AssertNoViolations();
        Assert.True(result.IsAccepted, result.Error?.Message);
        Assert.StartsWith("wamid.STUB", result.ProviderMessageId);
        Assert.Equal(MessageDeliveryStatus.Queued, result.Status);
        var request = Assert.Single(_stub.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/messages", request.PathAndQuery);
        Assert.Equal(CloudApiStub.ApiKey, request.Headers["D360-API-KEY"]);
        return JsonDocument.Parse(request.Body).RootElement.Clone();
    }

    [Fact]
    public async Task Text_is_posted_as_a_Cloud_API_text_message_and_the_wamid_is_the_provider_id()
    {
        var body = await SendAndCaptureAsync(TestServices.Message(new TextContent("Hello Aroha") { PreviewUrl = true }));

        Assert.Equal("whatsapp", body.GetProperty("messaging_product").GetString());
        Assert.Equal("individual", body.GetProperty("recipient_type").GetString());
        Assert.Equal("64211234567", body.GetProperty("to").GetString());
        Assert.Equal("text", body.GetProperty("type").GetString());
        Assert.Equal("Hello Aroha", body.GetProperty("text").GetProperty("body").GetString());
        Assert.True(body.GetProperty("text").GetProperty("preview_url").GetBoolean());
        Assert.False(body.TryGetProperty("context", out _));
    }

    [Fact]
    public async Task A_reply_carries_the_replied_message_id_as_context()
    {
        var body = await SendAndCaptureAsync(TestServices.Message(new TextContent("Thanks"), replyTo: "wamid.INBOUND42"));

        Assert.Equal("wamid.INBOUND42", body.GetProperty("context").GetProperty("message_id").GetString());
    }

    [Theory]
    [InlineData(MediaKind.Image, "image", "https://cdn.example.com/a.jpg", "Look", null)]
    [InlineData(MediaKind.Video, "video", "https://cdn.example.com/a.mp4", "Watch", null)]
    [InlineData(MediaKind.Document, "document", "https://cdn.example.com/invoice.pdf", "Your invoice", "invoice-42.pdf")]
    [InlineData(MediaKind.Audio, "audio", "https://cdn.example.com/a.ogg", null, null)]
    public async Task Media_is_sent_by_link_with_its_caption_and_document_file_name(MediaKind kind, string type, string url, string? caption, string? fileName)
    {
        var body = await SendAndCaptureAsync(TestServices.Message(new MediaContent(kind, new Uri(url)) { Caption = caption, FileName = fileName }));

        Assert.Equal(type, body.GetProperty("type").GetString());
        var media = body.GetProperty(type);
        Assert.Equal(url, media.GetProperty("link").GetString());
        Assert.Equal(caption, media.TryGetProperty("caption", out var c) ? c.GetString() : null);
        Assert.Equal(fileName, media.TryGetProperty("filename", out var f) ? f.GetString() : null);
    }

    [Fact]
    public async Task Audio_with_a_caption_is_refused_without_calling_360dialog()
    {
        var result = await _services.Gateway().SendAsync(TestServices.Message(new MediaContent(MediaKind.Audio, new Uri("https://cdn.example.com/a.ogg")) { Caption = "no" }));

        Assert.False(result.IsAccepted);
        Assert.Equal(ProviderErrorKind.InvalidRequest, result.Error!.Kind);
        Assert.Empty(_stub.Requests);
    }

    [Fact]
    public async Task A_message_from_a_number_the_key_does_not_hold_is_refused_without_calling_360dialog()
    {
        var message = TestServices.Message(new TextContent("hi")) with { From = Numbers.WhatsAppNumber.Parse("+4915198765432") };

        var result = await _services.Gateway().SendAsync(message);

        Assert.Equal(ProviderErrorKind.InvalidRequest, result.Error!.Kind);
        Assert.Empty(_stub.Requests);
    }

    [Fact]
    public async Task Positional_template_sends_header_body_and_every_kind_of_button_parameter()
    {
        var template = new MessageTemplate
        {
            Name = "order_update",
            Language = "en_US",
            Category = TemplateCategory.Utility,
            Status = TemplateStatus.Approved,
            Header = new TemplateHeader(TemplateHeaderFormat.Text, "Order {{1}}"),
            Body = "Hi {{1}}, order {{2}} ships today.",
            Buttons =
            [
                new TemplateButton(TemplateButtonType.Url, "Track") { Url = "https://acme.example/track/{{1}}" },
                new TemplateButton(TemplateButtonType.CopyCode, "Copy code"),
                new TemplateButton(TemplateButtonType.QuickReply, "Stop"),
            ],
        };
        var content = new TemplateContent("order_update", "en_US")
        {
            Parameters = TemplateParameters.Positional("Sam", "A-1042").WithHeaderText("A-1042").WithButtonValues("A-1042", "SAVE10", "STOP_PROMOS"),
        };

        var body = await SendAndCaptureAsync(TestServices.Message(content, template));

        var t = body.GetProperty("template");
        Assert.Equal("order_update", t.GetProperty("name").GetString());
        Assert.Equal("en_US", t.GetProperty("language").GetProperty("code").GetString());
        var components = t.GetProperty("components").EnumerateArray().ToArray();
        Assert.Equal(5, components.Length);
        Assert.Equal("""{"type":"header","parameters":[{"type":"text","text":"A-1042"}]}""", components[0].GetRawText());
        Assert.Equal("""{"type":"body","parameters":[{"type":"text","text":"Sam"},{"type":"text","text":"A-1042"}]}""", components[1].GetRawText());
        Assert.Equal("""{"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"A-1042"}]}""", components[2].GetRawText());
        Assert.Equal("""{"type":"button","sub_type":"copy_code","index":"1","parameters":[{"type":"coupon_code","coupon_code":"SAVE10"}]}""", components[3].GetRawText());
        Assert.Equal("""{"type":"button","sub_type":"quick_reply","index":"2","parameters":[{"type":"payload","payload":"STOP_PROMOS"}]}""", components[4].GetRawText());
    }

    [Fact]
    public async Task Named_template_sends_parameter_names_for_body_and_header()
    {
        var template = new MessageTemplate
        {
            Name = "welcome_named",
            Language = "en",
            Category = TemplateCategory.Marketing,
            Status = TemplateStatus.Approved,
            ParameterFormat = TemplateParameterFormat.Named,
            Header = new TemplateHeader(TemplateHeaderFormat.Text, "Hello {{first_name}}"),
            Body = "Welcome {{first_name}}, your code is {{code}}.",
        };
        var content = new TemplateContent("welcome_named", "en")
        {
            Parameters = TemplateParameters.Named(new Dictionary<string, string> { ["first_name"] = "Aroha", ["code"] = "K-7" }).WithHeaderText("Aroha"),
        };

        var body = await SendAndCaptureAsync(TestServices.Message(content, template));

        var components = body.GetProperty("template").GetProperty("components");
        Assert.Equal("""{"type":"header","parameters":[{"type":"text","parameter_name":"first_name","text":"Aroha"}]}""", components[0].GetRawText());
        Assert.Equal(
            """{"type":"body","parameters":[{"type":"text","parameter_name":"first_name","text":"Aroha"},{"type":"text","parameter_name":"code","text":"K-7"}]}""",
            components[1].GetRawText());
    }

    [Theory]
    [InlineData(TemplateHeaderFormat.Image, "https://cdn.example.com/banner", "image")]
    [InlineData(TemplateHeaderFormat.Video, "https://cdn.example.com/clip", "video")]
    [InlineData(TemplateHeaderFormat.Document, "https://cdn.example.com/file", "document")]
    public async Task Template_media_header_takes_its_kind_from_the_catalog_template(TemplateHeaderFormat format, string url, string kind)
    {
        var template = new MessageTemplate
        {
            Name = "media_header",
            Language = "en",
            Category = TemplateCategory.Utility,
            Header = new TemplateHeader(format),
            Body = "Here it is.",
        };
        var content = new TemplateContent("media_header", "en") { HeaderMediaUrl = new Uri(url) };

        var body = await SendAndCaptureAsync(TestServices.Message(content, template));

        var header = body.GetProperty("template").GetProperty("components")[0];
        Assert.Equal($$$"""{"type":"header","parameters":[{"type":"{{{kind}}}","{{{kind}}}":{"link":"{{{url}}}"}}]}""", header.GetRawText());
    }

    [Fact]
    public async Task Template_media_header_without_catalog_template_takes_its_kind_from_the_file_extension()
    {
        var content = new TemplateContent("invoice", "en") { HeaderMediaUrl = new Uri("https://cdn.example.com/invoice.pdf") };

        var body = await SendAndCaptureAsync(TestServices.Message(content));

        Assert.Equal("document", body.GetProperty("template").GetProperty("components")[0].GetProperty("parameters")[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Template_without_parameters_sends_no_components()
    {
        var body = await SendAndCaptureAsync(TestServices.Message(new TemplateContent("hello_world", "en_US")));

        Assert.False(body.GetProperty("template").TryGetProperty("components", out _));
    }

    [Fact]
    public async Task Interactive_quick_replies_are_sent_as_reply_buttons_with_body_and_footer()
    {
        var content = new InteractiveContent("Keep getting offers?", [new QuickReplyButton("KEEP", "Yes please"), new QuickReplyButton("STOP", "Stop")]) { Footer = "Reply any time" };

        var body = await SendAndCaptureAsync(TestServices.Message(content));

        Assert.Equal(
            """{"type":"button","body":{"text":"Keep getting offers?"},"footer":{"text":"Reply any time"},"action":{"buttons":[{"type":"reply","reply":{"id":"KEEP","title":"Yes please"}},{"type":"reply","reply":{"id":"STOP","title":"Stop"}}]}}""",
            body.GetProperty("interactive").GetRawText());
    }

    [Fact]
    public async Task A_contract_violation_is_noticed_by_the_stub()
    {
        // Guards the guard: a body the stub must refuse is refused and recorded.
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_stub.BaseUrl, "messages"))
        {
            Content = new StringContent("""{"messaging_product":"whatsapp","to":"+64211234567","type":"text","text":{"body":"x"}}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("D360-API-KEY", CloudApiStub.ApiKey);

        using var response = await client.SendAsync(request);

        Assert.Equal(418, (int)response.StatusCode);
        Assert.Contains(CloudApiStub.ViolationMarker, await response.Content.ReadAsStringAsync());
        Assert.Contains(_stub.Violations, v => v.Contains("recipient_type", StringComparison.Ordinal));
    }
}
