using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WaCompliance.Conversations;
using WaCompliance.Gateways;
using WaCompliance.Idempotency;
using WaCompliance.Messaging;
using WaCompliance.Numbers;
using WaCompliance.Providers.Twilio.Tests.Infrastructure;

namespace WaCompliance.Providers.Twilio.Tests.Gateway;

/// <summary>
/// Exactly once or openly unknown, against the Twilio stub: a server error that may have been processed is an unknown
/// outcome that reaches Twilio once; only answers that say "not processed" are retryable; the status callback names
/// the send's reference.
/// </summary>
[Collection(TwilioHttpCollection.Name)]
public sealed class TwilioSendOutcomeTests(PrismFixture prism) : IAsyncLifetime
{
    // 12:00 in Auckland: no rule of the day stands in the way of a service reply.
    private static readonly DateTimeOffset s_now = new(2026, 7, 1, 0, 0, 0, TimeSpan.Zero);
    private TwilioStub _stub = null!;

    public async Task InitializeAsync() => _stub = await TwilioStub.StartAsync(prism);

    public async Task DisposeAsync() => await _stub.DisposeAsync();

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(504)]
    [InlineData(503)]
    public async Task Server_error_that_may_have_been_processed_is_an_unknown_outcome_and_not_retryable(int status)
    {
        _stub.MessageResponses.Enqueue(StubResponse.TwilioError(status, 20500, "Internal Server Error"));
        await using var services = TestHost.Build(_stub);

        var error = (await services.Gateway().SendAsync(TestHost.Message(new TextContent("hi")))).Error!;

        Assert.Equal((ProviderErrorKind.Transient, status, true, false), (error.Kind, error.HttpStatus!.Value, error.IsOutcomeUnknown, error.IsRetryable));
    }

    [Theory]
    [InlineData(503, 20503, "5")]
    [InlineData(429, 20429, null)]
    [InlineData(429, 20429, "2")]
    public async Task Answer_that_says_not_processed_is_retryable(int status, int code, string? retryAfter)
    {
        _stub.MessageResponses.Enqueue(StubResponse.TwilioError(status, code, "Try again later",
            retryAfter is null ? null : new Dictionary<string, string> { ["Retry-After"] = retryAfter }));
        await using var services = TestHost.Build(_stub);

        var error = (await services.Gateway().SendAsync(TestHost.Message(new TextContent("hi")))).Error!;

        Assert.Equal((false, true), (error.IsOutcomeUnknown, error.IsRetryable));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(504)]
    public async Task Server_error_through_the_messenger_reaches_Twilio_once_and_the_key_is_unknown(int status)
    {
        // Regression: a 5xx was retried, so a message Twilio had accepted could go out twice.
        _stub.MessageResponses.Enqueue(StubResponse.TwilioError(status, 20500, "Internal Server Error"));
        await using var services = await BuildAsync();
        var messenger = services.GetRequiredService<IWhatsAppMessenger>();

        var result = await messenger.SendAsync(OutboundMessage.Text(TestHost.Recipient, "Your order has shipped.", idempotencyKey: "order-42"));
        var again = await messenger.SendAsync(OutboundMessage.Text(TestHost.Recipient, "Your order has shipped.", idempotencyKey: "order-42"));

        Assert.Equal((SendResultStatus.Unknown, SendResultStatus.Duplicate), (result.Status, again.Status));
        Assert.Single(_stub.MessageRequests);
        Assert.Equal(SendStatus.Unknown, (await services.GetRequiredService<IIdempotencyStore>().GetAsync("order-42"))!.Status);
    }

    [Fact]
    public async Task Status_callback_names_the_sends_reference_so_a_callback_reconciles_it_without_the_sid()
    {
        await using var services = await BuildAsync(o => o.StatusCallback = new Uri("https://hooks.example.com/twilio/status?tenant=acme"));

        var result = await services.GetRequiredService<IWhatsAppMessenger>().SendAsync(OutboundMessage.Text(TestHost.Recipient, "Your order has shipped.", idempotencyKey: "order-43"));

        Assert.Equal(SendResultStatus.Sent, result.Status);
        Assert.StartsWith("wac_", result.Reference, StringComparison.Ordinal);
        Assert.Equal($"https://hooks.example.com/twilio/status?tenant=acme&WaComplianceReference={result.Reference}", _stub.MessageRequests[0].Field("StatusCallback"));
        Assert.Equal(result.Reference, (await services.GetRequiredService<IIdempotencyStore>().GetAsync("order-43"))!.Reference);
        _stub.AssertNoViolations();
    }

    private async Task<ServiceProvider> BuildAsync(Action<TwilioOptions>? configure = null)
    {
        var services = TestHost.Build(_stub, configure, new FakeTimeProvider(s_now));
        await services.GetRequiredService<IConversationWindowStore>()
            .RecordInboundAsync(WhatsAppNumber.Parse(TestHost.Sender), WhatsAppNumber.Parse(TestHost.Recipient), s_now.AddMinutes(-5));
        return services;
    }
}
