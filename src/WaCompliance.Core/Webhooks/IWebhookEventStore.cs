namespace WaCompliance.Webhooks;

/// <summary>
/// Remembers which provider events were processed, because providers deliver webhooks at least once: an event is
/// applied only by the call that records it first.
/// </summary>
public interface IWebhookEventStore
{
    /// <summary>Records an event as processed. Atomic: of concurrent calls for one event, exactly one returns <see langword="true"/>.</summary>
    /// <param name="source">The provider or gateway the event came from, e.g. <c>twilio:main</c>.</param>
    /// <param name="eventId">The provider's event or message id.</param>
    /// <param name="receivedAt">When it arrived.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> the first time; <see langword="false"/> for a redelivery.</returns>
    ValueTask<bool> TryRecordAsync(string source, string eventId, DateTimeOffset receivedAt, CancellationToken cancellationToken = default);

    /// <summary>Forgets events received before an instant (providers stop redelivering after days).</summary>
    /// <param name="receivedBefore">The cut-off.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>How many were forgotten.</returns>
    ValueTask<int> PruneAsync(DateTimeOffset receivedBefore, CancellationToken cancellationToken = default);
}
