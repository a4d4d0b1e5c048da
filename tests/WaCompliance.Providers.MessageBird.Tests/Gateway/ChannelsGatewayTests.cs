using System.Text.Json;
using WaCompliance.Gateways;
using WaCompliance.Messaging;
using WaCompliance.Providers.MessageBird.Tests.Infrastructure;
using WaCompliance.Templates;

namespace WaCompliance.Providers.MessageBird.Tests.Gateway;

public sealed class ChannelsGatewayTests : IAsyncLifetime
{
    private BirdStub _stub = null!;
    private TestRegistration _registration = null!;

    public async Task InitializeAsync()
    {
        _stub = await BirdStub.StartAsync();
        _registration = TestRegistration.Channels(_stub, o => o.TemplateProjects["spring_sale"] = "proj-spring:v7");
    }

    public async Task DisposeAsync()
    {
        _registration.Dispose();
        await _stub.DisposeAsync();
    }

    private async Task<(GatewaySendResult Result, JsonElement Body)> SendAsync(GatewayMessage message)
    {
        var result = await _registration.Gateway.SendAsync(message);
        Assert.Empty(_stub.Violations);
        return (result, _stub.LastRequest.Json);
    }

    [Fact]
    public async Task Text_is_posted_to_the_channel_with_the_access_key_and_the_id_of_the_202_is_the_provider_id()
    {
        var (result, body) = await SendAsync(Messages.To(new TextContent("Your order has shipped")));

        Assert.True(result.IsAccepted);
        Assert.Equal(MessageDeliveryStatus.Queued, result.Status);
        Assert.True(Guid.TryParse(result.ProviderMessageId, out _));
        var request = _stub.LastRequest;
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/workspaces/{BirdStub.WorkspaceId}/channels/{BirdStub.ChannelId}/messages", request.Path);
        Assert.Equal("AccessKey " + BirdStub.AccessKey, request.Authorization);
        Assert.Equal(TestRegistration.Recipient, body.GetProperty("receiver").GetProperty("contacts")[0].GetProperty("identifierValue").GetString());
        Assert.Equal("phonenumber", body.GetProperty("receiver").GetProperty("contacts")[0].GetProperty("identifierKey").GetString());
        Assert.Equal("text", body.GetProperty("body").GetProperty("type").GetString());
        Assert.Equal("Your order has shipped", body.GetProperty("body").GetProperty("text").GetProperty("text").GetString());
        Assert.Equal("campaign-42:row-17", body.GetProperty("reference").GetString());
        Assert.False(body.TryGetProperty("template", out _));
        Assert.False(body.TryGetProperty("replyTo", out _));
    }

    [Fact]
    public async Task Image_with_caption_is_an_image_body_with_text()
    {
        var (result, body) = await SendAsync(Messages.To(new MediaContent(MediaKind.Image, new Uri("https://cdn.example.com/a.jpg")) { Caption = "New in" }));

        Assert.True(result.IsAccepted);
        var image = body.GetProperty("body").GetProperty("image");
        Assert.Equal("image", body.GetProperty("body").GetProperty("type").GetString());
        Assert.Equal("https://cdn.example.com/a.jpg", image.GetProperty("images")[0].GetProperty("mediaUrl").GetString());
        Assert.Equal("New in", image.GetProperty("text").GetString());
    }

    [Theory]
    [InlineData(MediaKind.Document, "https://cdn.example.com/invoice.pdf", "application/pdf", "Your invoice")]
    [InlineData(MediaKind.Video, "https://cdn.example.com/clip.mp4", "video/mp4", "Watch this")]
    [InlineData(MediaKind.Audio, "https://cdn.example.com/note.mp3", "audio/mpeg", null)]
    [InlineData(MediaKind.Document, "https://cdn.example.com/download?id=7", "application/pdf", "No extension")]
    public async Task Documents_videos_and_audio_are_file_bodies_with_a_content_type_and_caption(MediaKind kind, string url, string contentType, string? caption)
    {
        var content = new MediaContent(kind, new Uri(url)) { Caption = caption, FileName = kind == MediaKind.Document ? "invoice.pdf" : null };
        var (result, body) = await SendAsync(Messages.To(content));

        Assert.True(result.IsAccepted);
        Assert.Equal("file", body.GetProperty("body").GetProperty("type").GetString());
        var file = body.GetProperty("body").GetProperty("file");
        var item = file.GetProperty("files")[0];
        Assert.Equal(url, item.GetProperty("mediaUrl").GetString());
        Assert.Equal(contentType, item.GetProperty("contentType").GetString());
        Assert.Equal(kind == MediaKind.Document ? "invoice.pdf" : null, item.TryGetProperty("filename", out var f) ? f.GetString() : null);
        Assert.Equal(caption, file.TryGetProperty("text", out var text) ? text.GetString() : null);
    }

    [Fact]
    public async Task Audio_with_a_caption_is_refused_before_any_request()
    {
        var result = await _registration.Gateway.SendAsync(Messages.To(new MediaContent(MediaKind.Audio, new Uri("https://cdn.example.com/a.mp3")) { Caption = "hi" }));

        Assert.False(result.IsAccepted);
        Assert.Equal(ProviderErrorKind.InvalidRequest, result.Error!.Kind);
        Assert.Equal("audio_caption_not_supported", result.Error.ProviderCode);
        Assert.Empty(_stub.Requests);
    }

    [Fact]
    public async Task Template_with_a_catalog_project_id_sends_project_version_locale_and_positional_parameters()
    {
        var content = new TemplateContent("order_update", "en_US") { Parameters = TemplateParameters.Positional("Sam", "Friday") };
        var (result, body) = await SendAsync(Messages.To(content, Messages.OrderUpdate("3f1c6a5e-0d5b-4d7c-9b8e-2f9a1d2c3b4a:9d8e7f6a-1b2c-4d3e-8f9a-0b1c2d3e4f5a")));

        Assert.True(result.IsAccepted);
        Assert.False(body.TryGetProperty("body", out _));
        var template = body.GetProperty("template");
        Assert.Equal("3f1c6a5e-0d5b-4d7c-9b8e-2f9a1d2c3b4a", template.GetProperty("projectId").GetString());
        Assert.Equal("9d8e7f6a-1b2c-4d3e-8f9a-0b1c2d3e4f5a", template.GetProperty("version").GetString());
        Assert.Equal("en-US", template.GetProperty("locale").GetString());
        Assert.False(template.TryGetProperty("name", out _));
        Assert.Equal(
            [("1", "Sam"), ("2", "Friday")],
            template.GetProperty("parameters").EnumerateArray().Select(p => (p.GetProperty("key").GetString(), p.GetProperty("value").GetString())).ToArray());
        Assert.All(template.GetProperty("parameters").EnumerateArray(), p => Assert.Equal("string", p.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task Template_without_catalog_id_takes_the_project_from_options_and_without_either_is_sent_by_name()
    {
        var (_, configured) = await SendAsync(Messages.To(new TemplateContent("spring_sale", "en")));
        Assert.Equal("proj-spring", configured.GetProperty("template").GetProperty("projectId").GetString());
        Assert.Equal("v7", configured.GetProperty("template").GetProperty("version").GetString());
        Assert.False(configured.GetProperty("template").TryGetProperty("parameters", out _));

        var (_, byName) = await SendAsync(Messages.To(new TemplateContent("welcome_back", "nl")));
        Assert.Equal("welcome_back", byName.GetProperty("template").GetProperty("name").GetString());
        Assert.Equal("nl", byName.GetProperty("template").GetProperty("locale").GetString());
        Assert.False(byName.GetProperty("template").TryGetProperty("projectId", out _));
    }

    [Fact]
    public async Task Template_header_text_media_and_button_values_are_parameters_and_attachments_positional()
    {
        var content = new TemplateContent("order_update", "en_US")
        {
            Parameters = TemplateParameters.Positional("Sam", "Friday").WithHeaderText("A-1042").WithButtonValues("A-1042", "SAVE10"),
            HeaderMediaUrl = new Uri("https://cdn.example.com/banner.png"),
        };
        var (result, body) = await SendAsync(Messages.To(content, Messages.OrderUpdate("proj-1")));

        Assert.True(result.IsAccepted);
        var template = body.GetProperty("template");
        Assert.Equal("proj-1", template.GetProperty("projectId").GetString());
        Assert.False(template.TryGetProperty("version", out _));
        var parameters = template.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("key").GetString()!, p => p.GetProperty("value").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["1"] = "Sam", ["2"] = "Friday", ["header_1"] = "A-1042", ["button_0"] = "A-1042", ["button_1"] = "SAVE10" }, parameters);
        Assert.Equal("https://cdn.example.com/banner.png", template.GetProperty("attachments")[0].GetProperty("mediaUrl").GetString());
    }

    [Fact]
    public async Task Template_named_parameters_use_the_variable_names_of_body_header_and_buttons()
    {
        var values = new Dictionary<string, string> { ["first_name"] = "Sam", ["order_id"] = "A-1042", ["ship_date"] = "Friday" };
        var content = new TemplateContent("order_update", "en_US")
        {
            Parameters = TemplateParameters.Named(values).WithHeaderText("A-1042").WithButtonValues("trk-77", null),
        };
        var (result, body) = await SendAsync(Messages.To(content, Messages.OrderUpdate("proj-1", TemplateParameterFormat.Named)));

        Assert.True(result.IsAccepted);
        var parameters = body.GetProperty("template").GetProperty("parameters").EnumerateArray()
            .Select(p => (p.GetProperty("key").GetString(), p.GetProperty("value").GetString())).ToList();
        Assert.Contains(("first_name", "Sam"), parameters);
        Assert.Contains(("ship_date", "Friday"), parameters);
        Assert.Contains(("order_id", "A-1042"), parameters);
        Assert.Contains(("tracking", "trk-77"), parameters);
        Assert.Equal(5, parameters.Count);
    }

    [Fact]
    public async Task Template_with_an_unparseable_catalog_project_reference_is_refused_before_any_request()
    {
        var result = await _registration.Gateway.SendAsync(Messages.To(new TemplateContent("order_update", "en"), Messages.OrderUpdate("a/b")));

        Assert.Equal(ProviderErrorKind.InvalidRequest, result.Error!.Kind);
        Assert.Equal("template_reference_invalid", result.Error.ProviderCode);
        Assert.Empty(_stub.Requests);
    }

    [Fact]
    public async Task Reply_to_context_is_sent_as_replyTo_message()
    {
        var (result, body) = await SendAsync(Messages.To(new TextContent("Thanks!"), replyTo: "8e2a4c1d-inbound"));

        Assert.True(result.IsAccepted);
        Assert.Equal("8e2a4c1d-inbound", body.GetProperty("replyTo").GetProperty("id").GetString());
        Assert.Equal("message", body.GetProperty("replyTo").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Interactive_quick_replies_are_refused_as_invalid_request_before_any_request()
    {
        var content = new InteractiveContent("Still interested?", [new QuickReplyButton("YES", "Yes"), new QuickReplyButton("STOP", "Stop")]);

        var result = await _registration.Gateway.SendAsync(Messages.To(content));

        Assert.False(result.IsAccepted);
        Assert.Equal(ProviderErrorKind.InvalidRequest, result.Error!.Kind);
        Assert.Equal("interactive_not_supported", result.Error.ProviderCode);
        Assert.Empty(_stub.Requests);
    }

    [Fact]
    public async Task A_sender_that_is_not_configured_is_refused_before_any_request()
    {
        var result = await _registration.Gateway.SendAsync(Messages.To(new TextContent("hi"), from: "+31611112222"));

        Assert.Equal("sender_not_configured", result.Error!.ProviderCode);
        Assert.Empty(_stub.Requests);
    }

    [Theory]
    [InlineData("+6493001234")]
    [InlineData("+18005550199")]
    public async Task A_landline_or_toll_free_business_number_is_a_sender_the_gateway_sends_from(string sender)
    {
        using var registration = TestRegistration.Channels(_stub, o => o.Senders = [sender]);

        var result = await registration.Gateway.SendAsync(Messages.To(new TextContent("hi"), from: sender));

        Assert.True(result.IsAccepted);
        Assert.Empty(_stub.Violations);
    }

    [Fact]
    public async Task Success_without_an_id_is_refused_as_unknown_and_not_retryable()
    {
        _stub.Respond(202, """{"status":"accepted"}""");

        var (result, _) = await SendAsync(Messages.To(new TextContent("hi")));

        Assert.False(result.IsAccepted);
        Assert.Equal(ProviderErrorKind.Unknown, result.Error!.Kind);
        Assert.False(result.Error.IsRetryable);
        Assert.Equal(202, result.Error.HttpStatus);
    }

    [Fact]
    public async Task A_provider_that_cannot_be_reached_throws_HttpRequestException()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var registration = TestRegistration.Channels(null, o => o.ChannelsBaseUrl = new Uri($"http://127.0.0.1:{port}"));

        await Assert.ThrowsAsync<HttpRequestException>(() => registration.Gateway.SendAsync(Messages.To(new TextContent("hi"))).AsTask());
    }

    [Fact]
    public async Task Cancellation_propagates()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _registration.Gateway.SendAsync(Messages.To(new TextContent("hi")), cancellation.Token).AsTask());
    }
}
