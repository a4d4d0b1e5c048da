using System.Text.Json;
using WaCompliance.Gateways;
using WaCompliance.Messaging;
using WaCompliance.Providers.Twilio.Tests.Infrastructure;

namespace WaCompliance.Providers.Twilio.Tests.Gateway;

[Collection(TwilioHttpCollection.Name)]
public sealed class TwilioInteractiveTests : IAsyncLifetime
{
    private static readonly QuickReplyButton[] s_buttons = [new("confirm", "Confirm"), new("opt_out", "Stop messages")];
    private readonly PrismFixture _prism;
    private TwilioStub _stub = null!;

    public TwilioInteractiveTests(PrismFixture prism)
    {
        _prism = prism;
    }

    public async Task InitializeAsync() => _stub = await TwilioStub.StartAsync(_prism);

    public async Task DisposeAsync() => await _stub.DisposeAsync();

    [Fact]
    public async Task Quick_replies_create_one_content_per_button_set_and_send_the_body_as_a_variable()
    {
        await using var services = TestHost.Build(_stub);
        var gateway = services.Gateway();

        var first = await gateway.SendAsync(TestHost.Message(new InteractiveContent("Confirm your booking for 3pm?", s_buttons)));
        var second = await gateway.SendAsync(TestHost.Message(new InteractiveContent("Confirm your booking for 5pm?", s_buttons)));

        Assert.True(first.IsAccepted, first.Error?.Message);
        Assert.True(second.IsAccepted, second.Error?.Message);
        var creates = _stub.Requests.Where(r => r.Path == "/v1/Content").ToList();
        var create = Assert.Single(creates).Json;
        var quickReply = create.GetProperty("types").GetProperty("twilio/quick-reply");
        Assert.Equal("{{1}}", quickReply.GetProperty("body").GetString());
        Assert.Equal(
            [("QUICK_REPLY", "Confirm", "confirm"), ("QUICK_REPLY", "Stop messages", "opt_out")],
            quickReply.GetProperty("actions").EnumerateArray().Select(a => (a.GetProperty("type").GetString(), a.GetProperty("title").GetString(), a.GetProperty("id").GetString())));
        Assert.DoesNotContain("3pm", create.GetRawText());

        var sends = _stub.MessageRequests;
        Assert.Equal(2, sends.Count);
        Assert.Equal(sends[0].Field("ContentSid"), sends[1].Field("ContentSid"));
        Assert.StartsWith("HX", sends[0].Field("ContentSid"));
        Assert.Equal("Confirm your booking for 3pm?", JsonSerializer.Deserialize<Dictionary<string, string>>(sends[0].Field("ContentVariables")!)!["1"]);
        Assert.Equal("Confirm your booking for 5pm?", JsonSerializer.Deserialize<Dictionary<string, string>>(sends[1].Field("ContentVariables")!)!["1"]);
        _stub.AssertNoViolations();
    }

    [Fact]
    public async Task Quick_replies_with_a_footer_use_a_whatsapp_card()
    {
        await using var services = TestHost.Build(_stub);

        var result = await services.Gateway().SendAsync(TestHost.Message(new InteractiveContent("Still interested?", s_buttons) { Footer = "Acme Ltd" }));

        Assert.True(result.IsAccepted, result.Error?.Message);
        var card = _stub.Requests.Single(r => r.Path == "/v1/Content").Json.GetProperty("types").GetProperty("whatsapp/card");
        Assert.Equal("Acme Ltd", card.GetProperty("footer").GetString());
        Assert.Equal(2, card.GetProperty("actions").GetArrayLength());
        _stub.AssertNoViolations();
    }

    [Fact]
    public async Task Different_buttons_get_their_own_content()
    {
        await using var services = TestHost.Build(_stub);
        var gateway = services.Gateway();

        await gateway.SendAsync(TestHost.Message(new InteractiveContent("A?", s_buttons)));
        await gateway.SendAsync(TestHost.Message(new InteractiveContent("B?", [new QuickReplyButton("yes", "Yes")])));

        Assert.Equal(2, _stub.Requests.Count(r => r.Path == "/v1/Content"));
        Assert.NotEqual(_stub.MessageRequests[0].Field("ContentSid"), _stub.MessageRequests[1].Field("ContentSid"));
        _stub.AssertNoViolations();
    }

    [Fact]
    public async Task Content_creation_error_refuses_the_message_and_is_retried_next_time()
    {
        _stub.ContentResponses.Enqueue(StubResponse.TwilioError(429, 20429, "Too Many Requests", new Dictionary<string, string> { ["Retry-After"] = "2" }));
        await using var services = TestHost.Build(_stub);
        var gateway = services.Gateway();

        var refused = await gateway.SendAsync(TestHost.Message(new InteractiveContent("A?", s_buttons)));
        var sent = await gateway.SendAsync(TestHost.Message(new InteractiveContent("A?", s_buttons)));

        Assert.Equal(ProviderErrorKind.RateLimited, refused.Error!.Kind);
        Assert.Equal(TimeSpan.FromSeconds(2), refused.Error.RetryAfter);
        Assert.True(sent.IsAccepted, sent.Error?.Message);
        Assert.Equal(2, _stub.Requests.Count(r => r.Path == "/v1/Content"));
        Assert.Single(_stub.MessageRequests);
        _stub.AssertNoViolations();
    }

    [Fact]
    public async Task Refuse_mode_refuses_interactive_messages_before_any_request()
    {
        await using var services = TestHost.Build(_stub, o => o.InteractiveMessages = TwilioInteractiveMode.Refuse);

        var result = await services.Gateway().SendAsync(TestHost.Message(new InteractiveContent("A?", s_buttons)));

        Assert.Equal(ProviderErrorKind.InvalidRequest, result.Error!.Kind);
        Assert.Contains("InteractiveMessages", result.Error.Message);
        Assert.Empty(_stub.Requests);
    }
}
