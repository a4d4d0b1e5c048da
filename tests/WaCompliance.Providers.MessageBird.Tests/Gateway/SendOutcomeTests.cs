using Microsoft.Extensions.DependencyInjection;
using WaCompliance.Conversations;
using WaCompliance.Idempotency;
using WaCompliance.Messaging;
using WaCompliance.Numbers;
using WaCompliance.Providers.MessageBird.Tests.Infrastructure;

namespace WaCompliance.Providers.MessageBird.Tests.Gateway;

/// <summary>
/// Exactly once or openly unknown, against the Bird stub: a server error that may have been processed is an unknown
/// outcome that reaches Bird once; only answers that say "not processed" are retryable; the send's reference goes out
/// as Bird's <c>reference</c>.
/// </summary>
public sealed class SendOutcomeTests : IAsyncLifetime
{
    private BirdStub _stub = null!;
    private TestRegistration _registration = null!;

    public async Task InitializeAsync()
    {
        _stub = await BirdStub.StartAsync();
        _registration = TestRegistration.Channels(_stub);
        await _registration.Services.GetRequiredService<IConversationWindowStore>().RecordInboundAsync(
            WhatsAppNumber.Parse(TestRegistration.Sender), WhatsAppNumber.Parse(TestRegistration.Recipient), _registration.Time.GetUtcNow().AddMinutes(-5));
    }

    public async Task DisposeAsync()
    {
        _registration.Dispose();
        await _stub.DisposeAsync();
    }

    [Theory]
    [InlineData(500, """{"error":{"type":"internal_error","code":"E09001","name":"InternalError","message":"Oops."}}""")]
    [InlineData(502, "<html>Bad gateway</html>")]
    [InlineData(504, "")]
    [InlineData(503, """{"error":{"type":"service_unavailable_error","code":"E09002","name":"ServiceUnavailable","message":"Try later."}}""")]
    public async Task Server_error_that_may_have_been_processed_is_an_unknown_outcome_and_not_retryable(int status, string body)
    {
        _stub.Respond(status, body);

        var error = (await _registration.Gateway.SendAsync(Messages.To(new TextContent("Your order has shipped")))).Error!;

        Assert.Equal((status, true, false), (error.HttpStatus!.Value, error.IsOutcomeUnknown, error.IsRetryable));
    }

    [Fact]
    public async Task Service_unavailable_with_Retry_After_and_rate_limits_are_retryable()
    {
        _stub.Respond(503, """{"error":{"type":"service_unavailable_error","code":"E09002","name":"ServiceUnavailable","message":"Try later."}}""", ("Retry-After", "3"));
        _stub.Respond(429, """{"error":{"type":"rate_limit_error","code":"E09003","name":"RateLimited","message":"Slow down."}}""");

        var unavailable = (await _registration.Gateway.SendAsync(Messages.To(new TextContent("a")))).Error!;
        var limited = (await _registration.Gateway.SendAsync(Messages.To(new TextContent("b")))).Error!;

        Assert.Equal((false, true, TimeSpan.FromSeconds(3)), (unavailable.IsOutcomeUnknown, unavailable.IsRetryable, unavailable.RetryAfter!.Value));
        Assert.Equal((false, true), (limited.IsOutcomeUnknown, limited.IsRetryable));
    }

    [Fact]
    public async Task Server_error_through_the_messenger_reaches_Bird_once_and_the_key_is_unknown()
    {
        // Regression: a 5xx was retried, so a message Bird had accepted could go out twice.
        _stub.Respond(500, """{"error":{"type":"internal_error","code":"E09001","name":"InternalError","message":"Oops."}}""");
        var messenger = _registration.Services.GetRequiredService<IWhatsAppMessenger>();

        var result = await messenger.SendAsync(OutboundMessage.Text(TestRegistration.Recipient, "Your order has shipped.", idempotencyKey: "order-42"));
        var again = await messenger.SendAsync(OutboundMessage.Text(TestRegistration.Recipient, "Your order has shipped.", idempotencyKey: "order-42"));

        Assert.Equal((SendResultStatus.Unknown, SendResultStatus.Duplicate), (result.Status, again.Status));
        Assert.Single(_stub.Requests);
        Assert.Equal(SendStatus.Unknown, (await _registration.Services.GetRequiredService<IIdempotencyStore>().GetAsync("order-42"))!.Status);
    }

    [Fact]
    public async Task The_sends_reference_goes_out_as_Birds_reference()
    {
        var result = await _registration.Services.GetRequiredService<IWhatsAppMessenger>()
            .SendAsync(OutboundMessage.Text(TestRegistration.Recipient, "Your order has shipped.", idempotencyKey: "order-43"));

        Assert.Equal(SendResultStatus.Sent, result.Status);
        Assert.StartsWith("wac_", result.Reference, StringComparison.Ordinal);
        Assert.Equal(result.Reference, _stub.LastRequest.Json.GetProperty("reference").GetString());
        Assert.Empty(_stub.Violations);
    }
}
