using WaCompliance.Identities;
using WaCompliance.Privacy;

namespace WaCompliance.Consent;

/// <summary>
/// Where the consent ledger lives: the storage behind <see cref="IConsentLedger"/>. Implementations: the in-memory
/// store here, SQLite and PostgreSQL in their packages. Every implementation passes the same conformance suite.
/// </summary>
/// <remarks>
/// Contract: records are only ever appended, in one total order, each sealed with <see cref="ConsentChain.Seal"/>
/// against the head at the moment of appending; nothing is updated or deleted except personal data by
/// <see cref="ErasePersonalDataAsync"/>. Reads reflect every completed append, from any process sharing the store.
/// Failures are thrown, never swallowed: the engine fails closed on them.
/// </remarks>
public interface IConsentStore
{
    /// <summary>
    /// Appends records atomically and in order after the current head. A record whose <see cref="ConsentRecord.EventId"/>
    /// is already stored is not appended again: the stored record takes its place in the result.
    /// </summary>
    /// <param name="records">The records to append.</param>
    /// <param name="cancellationToken">Cancels the append (before it commits).</param>
    /// <returns>The sealed records, one per input, in input order.</returns>
    ValueTask<IReadOnlyList<ConsentRecord>> AppendAsync(IReadOnlyList<PendingConsentRecord> records, CancellationToken cancellationToken = default);

    /// <summary>The folded consent of one person.</summary>
    /// <param name="number">The person's number.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The snapshot; <see cref="ConsentSnapshot.Empty"/> when nothing is recorded.</returns>
    ValueTask<ConsentSnapshot> GetSnapshotAsync(WhatsAppIdentifier number, CancellationToken cancellationToken = default);

    /// <summary>The folded consent of many people in one round trip (campaign prefetch).</summary>
    /// <param name="numbers">The numbers.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A snapshot for every number asked about.</returns>
    ValueTask<IReadOnlyDictionary<WhatsAppIdentifier, ConsentSnapshot>> GetSnapshotsAsync(
        IReadOnlyCollection<WhatsAppIdentifier> numbers,
        CancellationToken cancellationToken = default);

    /// <summary>Every record of one subject, in sequence order.</summary>
    /// <param name="subject">The subject key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records.</returns>
    IAsyncEnumerable<ConsentRecord> GetHistoryAsync(SubjectKey subject, CancellationToken cancellationToken = default);

    /// <summary>The ledger in sequence order, from a sequence number on.</summary>
    /// <param name="fromSequence">The first sequence number to return.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records.</returns>
    IAsyncEnumerable<ConsentRecord> ReadAsync(long fromSequence = 1, CancellationToken cancellationToken = default);

    /// <summary>The current head: last sequence number and hash.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The head; <see cref="LedgerCheckpoint.Empty"/> for an empty ledger.</returns>
    ValueTask<LedgerCheckpoint> GetHeadAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes the personal data of every record of a subject; the chained fields stay.</summary>
    /// <param name="subject">The subject key.</param>
    /// <param name="cancellationToken">Cancels the erasure.</param>
    /// <returns>How many records had personal data removed.</returns>
    ValueTask<int> ErasePersonalDataAsync(SubjectKey subject, CancellationToken cancellationToken = default);
}
