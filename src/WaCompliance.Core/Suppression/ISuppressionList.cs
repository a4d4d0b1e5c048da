using WaCompliance.Identities;
using WaCompliance.Privacy;

namespace WaCompliance.Suppression;

/// <summary>
/// The suppression (do-not-contact) list, shared by every gateway: a person suppressed through one BSP is suppressed
/// for all. Keyed pseudonymously; numbers are turned into subject keys on the way in.
/// </summary>
public interface ISuppressionList
{
    /// <summary>Adds or replaces the entry for (subject, purpose, reason).</summary>
    /// <param name="number">The person's number.</param>
    /// <param name="purpose">What to suppress, or <see cref="ConsentPurpose.All"/>.</param>
    /// <param name="reason">Why.</param>
    /// <param name="source">Where it came from.</param>
    /// <param name="expiresAt">Until when, or <see langword="null"/> for good.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored entry.</returns>
    ValueTask<SuppressionEntry> AddAsync(
        WhatsAppIdentifier number,
        ConsentPurpose purpose,
        SuppressionReason reason,
        string? source = null,
        DateTimeOffset? expiresAt = null,
        CancellationToken cancellationToken = default);

    /// <summary>Adds or replaces an entry given by subject key (imported hashed lists, erasure).</summary>
    /// <param name="entry">The entry.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the entry is stored.</returns>
    ValueTask AddAsync(SuppressionEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Removes the entry for (number, purpose, reason).</summary>
    /// <param name="number">The person's number.</param>
    /// <param name="purpose">The purpose of the entry.</param>
    /// <param name="reason">The reason of the entry.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether an entry was removed.</returns>
    ValueTask<bool> RemoveAsync(WhatsAppIdentifier number, ConsentPurpose purpose, SuppressionReason reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// The entry in force that blocks messages for a purpose: one for that purpose or for every purpose; the
    /// strongest when several apply (every-purpose before one purpose, then the oldest).
    /// </summary>
    /// <param name="number">The person's number.</param>
    /// <param name="purpose">The purpose of the message.</param>
    /// <param name="asOf">The instant (expired entries do not block).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The blocking entry, or <see langword="null"/>.</returns>
    ValueTask<SuppressionEntry?> FindAsync(WhatsAppIdentifier number, ConsentPurpose purpose, DateTimeOffset asOf, CancellationToken cancellationToken = default);

    /// <summary>Every entry of a subject, expired ones included.</summary>
    /// <param name="subject">The subject key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entries.</returns>
    ValueTask<IReadOnlyList<SuppressionEntry>> GetEntriesAsync(SubjectKey subject, CancellationToken cancellationToken = default);

    /// <summary>Every entry of many people in one round trip (campaign prefetch); people without entries are absent.</summary>
    /// <param name="numbers">The numbers.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entries by number.</returns>
    ValueTask<IReadOnlyDictionary<WhatsAppIdentifier, IReadOnlyList<SuppressionEntry>>> GetEntriesAsync(
        IReadOnlyCollection<WhatsAppIdentifier> numbers,
        CancellationToken cancellationToken = default);
}
