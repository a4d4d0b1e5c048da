using WaCompliance.Consent;
using WaCompliance.Internal;
using WaCompliance.Privacy;

namespace WaCompliance.Suppression;

/// <summary>Creation and validation of suppression entries, shared by every store.</summary>
public static class SuppressionEntries
{
    /// <summary>
    /// Creates a validated entry with timestamps normalized to microseconds; NUL characters and unpaired surrogates in
    /// the source become U+FFFD (no store can keep them, and an opt-out is never refused for its source text).
    /// </summary>
    /// <param name="subject">The subject key.</param>
    /// <param name="purpose">The purpose.</param>
    /// <param name="reason">The reason.</param>
    /// <param name="addedAt">When.</param>
    /// <param name="source">Where from.</param>
    /// <param name="expiresAt">Until when.</param>
    /// <returns>The entry.</returns>
    public static SuppressionEntry Create(
        SubjectKey subject,
        ConsentPurpose purpose,
        SuppressionReason reason,
        DateTimeOffset addedAt,
        string? source,
        DateTimeOffset? expiresAt)
    {
        var entry = new SuppressionEntry
        {
            Subject = subject,
            Purpose = purpose,
            Reason = reason,
            AddedAt = ConsentChain.NormalizeTimestamp(addedAt),
            ExpiresAt = expiresAt is { } e ? ConsentChain.NormalizeTimestamp(e) : null,
            Source = string.IsNullOrWhiteSpace(source) ? null : StoredText.Clean(source.Trim()),
        };
        Validate(entry);
        return entry;
    }

    /// <summary>Checks an entry; throws a specific <see cref="ArgumentException"/> when it cannot be stored.</summary>
    /// <param name="entry">The entry.</param>
    public static void Validate(SuppressionEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Subject.IsEmpty)
        {
            throw new ArgumentException("A suppression entry needs a subject key.", nameof(entry));
        }

        if (!Enum.IsDefined(entry.Reason))
        {
            throw new ArgumentException($"{entry.Reason} is not a defined suppression reason.", nameof(entry));
        }

        if (entry.ExpiresAt is { } expires && expires <= entry.AddedAt)
        {
            throw new ArgumentException("A suppression entry must expire after it was added.", nameof(entry));
        }

        if (entry.Reason == SuppressionReason.Erased && entry.ExpiresAt is not null)
        {
            throw new ArgumentException("An erasure suppression never expires.", nameof(entry));
        }

        if (entry.Source is { Length: > 256 })
        {
            throw new ArgumentException("A suppression source has at most 256 characters.", nameof(entry));
        }
    }
}
