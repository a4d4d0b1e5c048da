using WaCompliance.Numbers;

namespace WaCompliance.Gateways;

/// <summary>
/// Sends messages through one provider account for one or more business numbers. Provider packages implement it;
/// the messenger calls it only for messages the policy allowed, through a resilience pipeline.
/// </summary>
/// <remarks>
/// Contract: answer <see cref="GatewaySendResult.Refused"/> for every error response the provider sent (mapped to
/// <see cref="ProviderErrorKind"/>, keeping the provider's code, with <see cref="ProviderError.HttpStatus"/> and
/// <see cref="ProviderError.RetryAfter"/> set: a 5xx other than 503 with Retry-After is an unknown outcome, never
/// retried); throw <see cref="HttpRequestException"/> when the request could not be delivered to the provider, and let
/// timeouts and cancellation propagate. Pass <see cref="GatewayMessage.Reference"/> where the provider takes a client
/// reference. Never log the recipient, the content or credentials.
/// </remarks>
public interface IMessageGateway
{
    /// <summary>The registration name, unique in the application, e.g. <c>twilio:main</c>.</summary>
    string Name { get; }

    /// <summary>The provider, e.g. <c>twilio</c>, <c>messagebird</c>, <c>360dialog</c>.</summary>
    string Provider { get; }

    /// <summary>The business numbers this gateway sends from.</summary>
    IReadOnlyList<WhatsAppNumber> Senders { get; }

    /// <summary>Sends one message.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The provider's answer.</returns>
    ValueTask<GatewaySendResult> SendAsync(GatewayMessage message, CancellationToken cancellationToken = default);
}
