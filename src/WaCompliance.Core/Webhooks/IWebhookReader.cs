namespace WaCompliance.Webhooks;

/// <summary>
/// Verifies and parses one provider's webhook requests. Verification comes first, over the raw body with a
/// constant-time comparison; nothing from an unverified request is parsed into events.
/// </summary>
public interface IWebhookReader
{
    /// <summary>The gateway registration the reader belongs to, e.g. <c>twilio:main</c>.</summary>
    string GatewayName { get; }

    /// <summary>The provider, e.g. <c>twilio</c>.</summary>
    string Provider { get; }

    /// <summary>Verifies the request and reads its events.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The events, a challenge answer, or why the request was refused.</returns>
    ValueTask<WebhookReadResult> ReadAsync(WebhookRequest request, CancellationToken cancellationToken = default);
}
