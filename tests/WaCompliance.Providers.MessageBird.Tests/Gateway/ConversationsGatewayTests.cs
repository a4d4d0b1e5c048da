using System.Text.Json;
using WaCompliance.Gateways;
using WaCompliance.Messaging;
using WaCompliance.Providers.MessageBird.Tests.Infrastructure;
using WaCompliance.Templates;

namespace WaCompliance.Providers.MessageBird.Tests.Gateway;

public sealed class ConversationsGatewayTests : IAsyncLifetime
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

    private async Task<(GatewaySendResult Result, JsonElement Body)> SendAsync(GatewayMessage message)
    {
        var result = await _registration.Gateway.SendAsync(message);
        Assert.Empty(_stub.Violations);
        return (result, _stub.LastRequest.Json);
    }

    [Fact]
    public async Task Text_is_posted_to_v1_send_from_the_channel_and_the_id_of_the_202_is_the_provider_id()
    {
        var (result, body) = await SendAsync(Messages.To(new TextContent("Your order has shipped")));

        Assert.True(result.IsAccepted);
        Assert.Equal(MessageDeliveryStatus.Queued, result.Status);
        Assert.Equal(32, result.ProviderMessageId!.Length);
        Assert.Equal("/v1/send", _stub.LastRequest.Path);
        Assert.Equal("AccessKey " + BirdStub.AccessKey, _stub.LastRequest.Authorization);
        Assert.Equal(TestRegistration.Recipient, body.GetProperty("to").GetString());
        Assert.Equal(BirdStub.LegacyChannelId, body.GetProperty("from").GetString());
        Assert.Equal("text", body.GetProperty("type").GetString());
        Assert.Equal("Your order has shipped", body.GetProperty("content").GetProperty("text").GetString());
    }

    [Theory]
    [InlineData(MediaKind.Image, "image", "https://cdn.example.com/a.jpg", "New in")]
    [InlineData(MediaKind.Document, "file", "https://cdn.example.com/invoice.pdf", "Your invoice")]
    [InlineData(MediaKind.Video, "video", "https://cdn.example.com/clip.mp4", "Watch")]
    [InlineData(MediaKind.Audio, "audio", "https://cdn.example.com/note.mp3", null)]
    public async Task Media_of_each_kind_is_its_type_with_url_and_caption(MediaKind kind, string type, string url, string? caption)
    {
        var (result, body) = await SendAsync(Messages.To(new MediaContent(kind, new Uri(url)) { Caption = caption }));

        Assert.True(result.IsAccepted);
        Assert.Equal(type, body.GetProperty("type").GetString());
        var media = body.GetProperty("content").GetProperty(type);
        Assert.Equal(url, media.GetProperty("url").GetString());
        Assert.Equal(caption, media.TryGetProperty("caption", out var c) ? c.GetString() : null);
    }

    [Fact]
    public async Task Template_is_an_hsm_with_namespace_name_deterministic_language_and_positional_params()
    {
        var content = new TemplateContent("order_update", "en_US") { Parameters = TemplateParameters.Positional("Sam", "Friday") };
        var (result, body) = await SendAsync(Messages.To(content));

        Assert.True(result.IsAccepted);
        Assert.Equal("hsm", body.GetProperty("type").GetString());
        var hsm = body.GetProperty("content").GetProperty("hsm");
        Assert.Equal(BirdStub.TemplateNamespace, hsm.GetProperty("namespace").GetString());
        Assert.Equal("order_update", hsm.GetProperty("templateName").GetString());
        Assert.Equal("deterministic", hsm.GetProperty("language").GetProperty("policy").GetString());
        Assert.Equal("en_US", hsm.GetProperty("language").GetProperty("code").GetString());
        Assert.Equal(["Sam", "Friday"], hsm.GetProperty("params").EnumerateArray().Select(p => p.GetProperty("default").GetString()!).ToArray());
        Assert.False(hsm.TryGetProperty("components", out _));
    }

    [Fact]
    public async Task Named_template_values_are_ordered_as_the_catalog_body_uses_them()
    {
        var values = new Dictionary<string, string> { ["ship_date"] = "Friday", ["order_id"] = "A-1042", ["first_name"] = "Sam" };
        var content = new TemplateContent("order_update", "en_US") { Parameters = TemplateParameters.Named(values) };
        var (result, body) = await SendAsync(Messages.To(content, Messages.OrderUpdate(format: TemplateParameterFormat.Named)));

        Assert.True(result.IsAccepted);
        Assert.Equal(["Sam", "A-1042", "Friday"],
            body.GetProperty("content").GetProperty("hsm").GetProperty("params").EnumerateArray().Select(p => p.GetProperty("default").GetString()!).ToArray());
    }

    [Fact]
    public async Task Named_template_values_without_the_catalog_template_are_refused_before_any_request()
    {
        var content = new TemplateContent("order_update", "en") { Parameters = TemplateParameters.Named(new Dictionary<string, string> { ["a"] = "b" }) };

        var result = await _registration.Gateway.SendAsync(Messages.To(content));

        Assert.Equal(ProviderErrorKind.InvalidRequest, result.Error!.Kind);
        Assert.Equal("named_parameters_need_template", result.Error.ProviderCode);
        Assert.Empty(_stub.Requests);
    }

    [Fact]
    public async Task Named_template_missing_a_value_the_body_uses_is_a_parameter_mismatch_before_any_request()
    {
        var content = new TemplateContent("order_update", "en") { Parameters = TemplateParameters.Named(new Dictionary<string, string> { ["first_name"] = "Sam" }) };

        var result = await _registration.Gateway.SendAsync(Messages.To(content, Messages.OrderUpdate(format: TemplateParameterFormat.Named)));

        Assert.Equal(ProviderErrorKind.TemplateParameterMismatch, result.Error!.Kind);
        Assert.Empty(_stub.Requests);
    }

    [Fact]
    public async Task Template_header_text_and_button_values_go_in_components()
    {
        var content = new TemplateContent("order_update", "en_US")
        {
            Parameters = TemplateParameters.Positional("Sam", "Friday").WithHeaderText("A-1042").WithButtonValues("A-1042", "SAVE10"),
        };
        var (result, body) = await SendAsync(Messages.To(content, Messages.OrderUpdate()));

        Assert.True(result.IsAccepted);
        var hsm = body.GetProperty("content").GetProperty("hsm");
        Assert.False(hsm.TryGetProperty("params", out _));
        var components = hsm.GetProperty("components").EnumerateArray().ToList();
        Assert.Equal(["header", "body", "button", "button"], components.Select(c => c.GetProperty("type").GetString()!).ToArray());
        Assert.Equal("A-1042", components[0].GetProperty("parameters")[0].GetProperty("text").GetString());
        Assert.Equal(["Sam", "Friday"], components[1].GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("text").GetString()!).ToArray());
        Assert.Equal("url", components[2].GetProperty("sub_type").GetString());
        Assert.Equal(0, components[2].GetProperty("index").GetInt32());
        Assert.Equal("A-1042", components[2].GetProperty("parameters")[0].GetProperty("text").GetString());
        Assert.Equal("copy_code", components[3].GetProperty("sub_type").GetString());
        Assert.Equal(1, components[3].GetProperty("index").GetInt32());
        Assert.Equal("SAVE10", components[3].GetProperty("parameters")[0].GetProperty("coupon_code").GetString());
    }

    [Theory]
    [InlineData("https://cdn.example.com/banner.png", "image")]
    [InlineData("https://cdn.example.com/clip.mp4", "video")]
    [InlineData("https://cdn.example.com/terms.pdf", "document")]
    public async Task Template_header_media_is_a_header_component_of_its_kind(string url, string kind)
    {
        var content = new TemplateContent("spring_sale", "en") { Parameters = TemplateParameters.Positional("Sam"), HeaderMediaUrl = new Uri(url) };
        var (result, body) = await SendAsync(Messages.To(content));

        Assert.True(result.IsAccepted);
        var header = body.GetProperty("content").GetProperty("hsm").GetProperty("components")[0];
        Assert.Equal("header", header.GetProperty("type").GetString());
        Assert.Equal(kind, header.GetProperty("parameters")[0].GetProperty("type").GetString());
        Assert.Equal(url, header.GetProperty("parameters")[0].GetProperty(kind).GetProperty("url").GetString());
    }

    [Fact]
    public async Task Reply_to_is_not_part_of_the_Conversations_send_and_the_message_still_goes()
    {
        var (result, body) = await SendAsync(Messages.To(new TextContent("Thanks!"), replyTo: "inbound-1"));

        Assert.True(result.IsAccepted);
        Assert.False(body.TryGetProperty("replyTo", out _));
    }

    [Fact]
    public async Task Interactive_quick_replies_are_refused_before_any_request()
    {
        var result = await _registration.Gateway.SendAsync(Messages.To(new InteractiveContent("Go?", [new QuickReplyButton("Y", "Yes")])));

        Assert.Equal("interactive_not_supported", result.Error!.ProviderCode);
        Assert.Empty(_stub.Requests);
    }
}
