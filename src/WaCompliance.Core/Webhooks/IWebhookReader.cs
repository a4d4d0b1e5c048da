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

    /// <summary>
    /// Reads again one item this reader reported as malformed (<see cref="MalformedWebhookItem.RawItem"/>, kept in a
    /// dead letter), for example after a fix. Its delivery was verified when it was received, so no signature is checked.
    /// </summary>
    /// <param name="rawItem">The raw item as the reader wrote it.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The events read, or the item again as malformed.</returns>
    ValueTask<WebhookReadResult> ReadItemAsync(string rawItem, CancellationToken cancellationToken = default);
}
