using WaCompliance.Privacy;

namespace WaCompliance.Decisions;

/// <summary>Which decisions to read back; every set field narrows the result.</summary>
public sealed record DecisionQuery
{
    /// <summary>Only this recipient.</summary>
    public SubjectKey? Subject { get; init; }

    /// <summary>Only decisions at or after this instant.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only decisions before this instant.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Only this outcome.</summary>
    public DecisionOutcome? Outcome { get; init; }

    /// <summary>Only this campaign.</summary>
    public string? CampaignId { get; init; }

    /// <summary>At most this many (default 1,000).</summary>
    public int Limit { get; init; } = 1_000;

    /// <summary>Whether a record matches (every store applies the same filter).</summary>
    /// <param name="record">The record.</param>
    /// <returns><see langword="true"/> when it matches.</returns>
    public bool Matches(DecisionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return (Subject is not { } subject || record.Subject == subject)
            && (From is not { } from || record.DecidedAt >= from)
            && (To is not { } to || record.DecidedAt < to)
            && (Outcome is not { } outcome || record.Outcome == outcome)
            && (CampaignId is null || string.Equals(record.CampaignId, CampaignId, StringComparison.Ordinal));
    }
}
