namespace WaCompliance.Webhooks;

/// <summary>What processing one webhook delivery did: a result per event read, and the dead letters kept for the items that could not be.</summary>
/// <param name="Events">One result per event, in order.</param>
/// <param name="DeadLetters">The dead letters added (an unresolved one already kept for the same item is not added twice).</param>
public sealed record WebhookDeliveryResult(IReadOnlyList<WebhookProcessingResult> Events, IReadOnlyList<WebhookDeadLetter> DeadLetters)
{
    /// <summary>
    /// The HTTP status a host answers the provider with: always 200 for a processed delivery. Every item was applied or
    /// kept as a dead letter, so a retry could only deliver the same bytes again.
    /// </summary>
    public int StatusCode => 200;
}
