using WaCompliance.Privacy;

namespace WaCompliance.Decisions;

/// <summary>
/// The record of one compliance decision, kept as proof of why a message was or was not sent. Pseudonymous: the
/// person appears only as a subject key, so the record survives erasure.
/// </summary>
public sealed record DecisionRecord
{
    /// <summary>A unique, time-ordered id.</summary>
    public required Guid DecisionId { get; init; }

    /// <summary>When the decision was taken (the policy's clock).</summary>
    public required DateTimeOffset DecidedAt { get; init; }

    /// <summary>The recipient, pseudonymously.</summary>
    public required SubjectKey Subject { get; init; }

    /// <summary>The business number the message was to go from (E.164), if known.</summary>
    public string? Sender { get; init; }

    /// <summary>The purpose of the message.</summary>
    public required ConsentPurpose Purpose { get; init; }

    /// <summary>The outcome.</summary>
    public required DecisionOutcome Outcome { get; init; }

    /// <summary>For deferred messages: the first instant they may go.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>The stable codes of every violation found, e.g. <c>QUIET_HOURS</c>.</summary>
    public IReadOnlyList<string> ViolationCodes { get; init; } = [];

    /// <summary>The consent record the decision relied on.</summary>
    public Guid? ConsentRecordId { get; init; }

    /// <summary>The message's idempotency key, linking the decision to its send record.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>The campaign the message belongs to.</summary>
    public string? CampaignId { get; init; }

    /// <summary>The kind of message: <c>text</c>, <c>media</c>, <c>template</c>, <c>interactive</c>.</summary>
    public string? MessageKind { get; init; }

    /// <summary>The template name, for template messages.</summary>
    public string? TemplateName { get; init; }
}
