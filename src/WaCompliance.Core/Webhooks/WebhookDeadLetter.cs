namespace WaCompliance.Webhooks;

/// <summary>
/// A webhook item that was received with a valid signature but could not be read or applied: kept with its reason
/// until it is re-processed after a fix (<see cref="WebhookDeadLetters"/>), so no STOP is silently dropped.
/// </summary>
public sealed record WebhookDeadLetter
{
    /// <summary>The dead letter's id (time-ordered).</summary>
    public required Guid Id { get; init; }

    /// <summary>The gateway registration it came through, e.g. <c>360dialog:main</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The reason code (<see cref="MalformedItemCodes"/>, or <c>APPLY_FAILED</c>).</summary>
    public required string Code { get; init; }

    /// <summary>What was wrong; names fields, never their values.</summary>
    public required string Message { get; init; }

    /// <summary>The provider's id of the item, when known.</summary>
    public string? EventId { get; init; }

    /// <summary>The item as received (personal data; erased with the person).</summary>
    public required string RawItem { get; init; }

    /// <summary>The person the item names, when known.</summary>
    public Identities.WhatsAppIdentifier? Subject { get; init; }

    /// <summary>When it was received.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>When it was re-processed successfully, if it was.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>How many times re-processing was tried.</summary>
    public int Attempts { get; init; }

    /// <summary>The id, source and code, never the raw item.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"WebhookDeadLetter({Id}, {Source}, {Code})";
}
