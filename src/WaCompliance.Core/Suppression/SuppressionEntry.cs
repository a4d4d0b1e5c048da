using WaCompliance.Privacy;

namespace WaCompliance.Suppression;

/// <summary>
/// One entry of the suppression list. Entries are keyed by the pseudonymous <see cref="SubjectKey"/> only, so they
/// hold the minimum the ICO asks for (who, since when, for what, why) and survive erasure.
/// </summary>
public sealed record SuppressionEntry
{
    /// <summary>The pseudonymous subject.</summary>
    public required SubjectKey Subject { get; init; }

    /// <summary>What is suppressed; <see cref="ConsentPurpose.All"/> for everything.</summary>
    public required ConsentPurpose Purpose { get; init; }

    /// <summary>Why.</summary>
    public required SuppressionReason Reason { get; init; }

    /// <summary>Since when.</summary>
    public required DateTimeOffset AddedAt { get; init; }

    /// <summary>Until when, or <see langword="null"/> for good (e.g. a not-on-WhatsApp entry may be rechecked later).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Where it came from: a gateway, an import file, an operator.</summary>
    public string? Source { get; init; }

    /// <summary>Whether the entry is in force at an instant.</summary>
    /// <param name="asOf">The instant.</param>
    /// <returns><see langword="true"/> unless expired.</returns>
    public bool IsActive(DateTimeOffset asOf) => ExpiresAt is not { } expires || expires > asOf;
}
