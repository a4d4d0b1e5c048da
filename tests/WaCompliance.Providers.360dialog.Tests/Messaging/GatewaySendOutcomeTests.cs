using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WaCompliance.Conversations;
using WaCompliance.Idempotency;
using WaCompliance.Messaging;
using WaCompliance.Numbers;
using WaCompliance.Providers.Dialog360.Tests.Infrastructure;

namespace WaCompliance.Providers.Dialog360.Tests.Messaging;

/// <summary>
/// Exactly once or openly unknown, against the Cloud API stub: a server error that may have been processed is an
/// unknown outcome that reaches 360dialog once; only answers that say "not processed" are retryable; the send's
/// reference goes out as <c>biz_opaque_callback_data</c>, which Meta echoes in status webhooks.
/// </summary>
public sealed class GatewaySendOutcomeTests : IAsyncLifetime
{
    // 14:00 in Auckland: no rule of the day stands in the way of a service reply.
    private static readonly DateTimeOffset s_now = new(2026, 3, 1, 1, 0, 0, TimeSpan.Zero);
    private CloudApiStub _stub = null!;

    public async Task InitializeAsync() => _stub = await CloudApiStub.StartAsync();

    public async Task DisposeAsync()
    {
        _stub.AssertNoViolations();
        await _stub.DisposeAsync();
    }

    public static TheoryData<StubResponse> MayHaveBeenProcessed => new()
    {
        new StubResponse(500, """{"error":{"message":"(#131000) Something went wrong","type":"OAuthException","code":131000,"is_transient":true,"fbtrace_id":"A1"}}"""),
        new StubResponse(502, "<html>Bad gateway</html>", ContentType: "text/html"),
        new StubResponse(504, string.Empty, ContentType: "text/plain"),
        new StubResponse(503, """{"error":{"message":"(#2) Service temporarily unavailable","type":"OAuthException","code":2,"is_transient":true,"fbtrace_id":"A2"}}"""),
    };

    [Theory]
    [MemberData(nameof(MayHaveBeenProcessed))]
    public async Task Server_error_that_may_have_been_processed_is_an_unknown_outcome_and_not_retryable(StubResponse response)
    {
        _stub.EnqueueMessageResponse(response);
        await using var services = TestServices.Build(_stub.BaseUrl);

        var error = (await services.Gateway().SendAsync(TestServices.Message(new TextContent("hello")))).Error!;

        Assert.Equal((response.Status, true, false), (error.HttpStatus!.Value, error.IsOutcomeUnknown, error.IsRetryable));
    }

    [Theory]
    [InlineData(503, "4")]
    [InlineData(429, null)]
    public async Task Answer_that_says_not_processed_is_retryable(int status, string? retryAfter)
    {
        _stub.EnqueueMessageResponse(new StubResponse(status, """{"error":{"message":"(#130429) Rate limit hit","type":"OAuthException","code":130429,"fbtrace_id":"A3"}}""", retryAfter));
        await using var services = TestServices.Build(_stub.BaseUrl);

        var error = (await services.Gateway().SendAsync(TestServices.Message(new TextContent("hello")))).Error!;

        Assert.Equal((false, true), (error.IsOutcomeUnknown, error.IsRetryable));
    }

    [Fact]
    public async Task Server_error_through_the_messenger_reaches_360dialog_once_and_the_key_is_unknown()
    {
        // Regression: a 5xx was retried, so a message Meta had accepted could go out twice.
        _stub.EnqueueMessageResponse(new StubResponse(500, """{"error":{"message":"(#131000) Something went wrong","type":"OAuthException","code":131000,"fbtrace_id":"A4"}}"""));
        await using var services = await BuildAsync();
        var messenger = services.GetRequiredService<IWhatsAppMessenger>();

        var result = await messenger.SendAsync(OutboundMessage.Text(TestServices.Recipient, "Your order has shipped.", idempotencyKey: "order-42"));
        var again = await messenger.SendAsync(OutboundMessage.Text(TestServices.Recipient, "Your order has shipped.", idempotencyKey: "order-42"));

        Assert.Equal((SendResultStatus.Unknown, SendResultStatus.Duplicate), (result.Status, again.Status));
        Assert.Single(_stub.Requests, r => r.Method == "POST" && r.PathAndQuery.StartsWith("/messages", StringComparison.Ordinal));
        Assert.Equal(SendStatus.Unknown, (await services.GetRequiredService<IIdempotencyStore>().GetAsync("order-42"))!.Status);
    }

    [Fact]
    public async Task The_sends_reference_goes_out_as_biz_opaque_callback_data()
    {
        await using var services = await BuildAsync();

        var result = await services.GetRequiredService<IWhatsAppMessenger>().SendAsync(OutboundMessage.Text(TestServices.Recipient, "Your order has shipped.", idempotencyKey: "order-43"));

        Assert.Equal(SendResultStatus.Sent, result.Status);
        var body = JsonDocument.Parse(_stub.Requests.Single(r => r.Method == "POST").Body).RootElement;
        Assert.Equal(result.Reference, body.GetProperty("biz_opaque_callback_data").GetString());
        Assert.StartsWith("wac_", result.Reference, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_without_a_reference_sends_no_biz_opaque_callback_data()
    {
        await using var services = TestServices.Build(_stub.BaseUrl);

        await services.Gateway().SendAsync(TestServices.Message(new TextContent("hello")));

        Assert.False(JsonDocument.Parse(_stub.Requests.Single(r => r.Method == "POST").Body).RootElement.TryGetProperty("biz_opaque_callback_data", out _));
    }

    private async Task<ServiceProvider> BuildAsync()
    {
        var services = TestServices.Build(_stub.BaseUrl, clock: new FakeTimeProvider(s_now));
        await services.GetRequiredService<IConversationWindowStore>()
            .RecordInboundAsync(WhatsAppNumber.Parse(TestServices.Sender), WhatsAppNumber.Parse(TestServices.Recipient), s_now.AddMinutes(-5));
        return services;
    }
}
