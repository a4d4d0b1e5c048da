using WaCompliance.Identities;

namespace WaCompliance.Consent;

/// <summary>
/// The consent ledger: an append-only, hash-chained record of every opt-in and opt-out, the current state per person
/// and purpose, data-subject export and erasure, and verification that nothing was tampered with.
/// </summary>
public interface IConsentLedger
{
    /// <summary>Records one consent event. Idempotent for events carrying an <see cref="ConsentEvent.EventId"/>.</summary>
    /// <param name="consentEvent">The event.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The sealed record (the existing one if the event id was already recorded).</returns>
    /// <exception cref="ConsentValidationException">The event is invalid; its code says why.</exception>
    ValueTask<ConsentRecord> RecordAsync(ConsentEvent consentEvent, CancellationToken cancellationToken = default);

    /// <summary>Records many events in one atomic append; invalid events are reported, valid ones are recorded.</summary>
    /// <param name="events">The events.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The records and the rejections.</returns>
    ValueTask<ConsentBatchResult> RecordManyAsync(IEnumerable<ConsentEvent> events, CancellationToken cancellationToken = default);

    /// <summary>The current consent state of a person for a purpose.</summary>
    /// <param name="person">The person: a number, a business-scoped user ID or several known together; every identifier linked to them is read too.</param>
    /// <param name="purpose">The purpose.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The state and the record it rests on.</returns>
    ValueTask<ConsentState> GetStateAsync(WhatsAppIdentity person, ConsentPurpose purpose, CancellationToken cancellationToken = default);

    /// <summary>The consent state of a person for a purpose at another instant (expiry evaluated then), for dry runs.</summary>
    /// <param name="person">The person: a number, a business-scoped user ID or several known together; every identifier linked to them is read too.</param>
    /// <param name="purpose">The purpose.</param>
    /// <param name="asOf">The instant.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The state.</returns>
    ValueTask<ConsentState> GetStateAsync(WhatsAppIdentity person, ConsentPurpose purpose, DateTimeOffset asOf, CancellationToken cancellationToken = default);

    /// <summary>Everything known about one person's consent, for evaluating several purposes.</summary>
    /// <param name="person">The person: a number, a business-scoped user ID or several known together; every identifier linked to them is read too.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The snapshot.</returns>
    ValueTask<ConsentSnapshot> GetSnapshotAsync(WhatsAppIdentity person, CancellationToken cancellationToken = default);

    /// <summary>The consent snapshot of a person already resolved (every linked identifier read and combined).</summary>
    /// <param name="person">The person.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The combined snapshot.</returns>
    ValueTask<ConsentSnapshot> GetSnapshotAsync(ResolvedPerson person, CancellationToken cancellationToken = default);

    /// <summary>
    /// Snapshots of many identifiers in one store round trip, each on its own (links are not followed): for callers
    /// that resolve people themselves, as the campaign prefetch does, and combine with <see cref="ConsentSnapshot.Merge"/>.
    /// </summary>
    /// <param name="identifiers">The identifiers.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A snapshot per number.</returns>
    ValueTask<IReadOnlyDictionary<WhatsAppIdentifier, ConsentSnapshot>> GetSnapshotsAsync(IReadOnlyCollection<WhatsAppIdentifier> identifiers, CancellationToken cancellationToken = default);

    /// <summary>Every record about a person, oldest first.</summary>
    /// <param name="person">The person: a number, a business-scoped user ID or several known together; every identifier linked to them is read too.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records.</returns>
    IAsyncEnumerable<ConsentRecord> GetHistoryAsync(WhatsAppIdentity person, CancellationToken cancellationToken = default);

    /// <summary>Exports a person's consent records, current states and consent receipts (data subject access request).</summary>
    /// <param name="person">The person: a number, a business-scoped user ID or several known together; every identifier linked to them is read too.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns>The export; see <see cref="ConsentExport.ToJson"/>.</returns>
    ValueTask<ConsentExport> ExportAsync(WhatsAppIdentity person, CancellationToken cancellationToken = default);

    /// <summary>
    /// Erases a person's personal data from the ledger and records the erasure as an opt-out from every purpose. The
    /// pseudonymous chain stays intact and verifiable. (Use <see cref="Privacy.IDataSubjectService"/> to erase from every store
    /// and keep the pseudonymous suppression.)
    /// </summary>
    /// <param name="person">The person: a number, a business-scoped user ID or several known together; every identifier linked to them is read too.</param>
    /// <param name="source">Who asked, e.g. a ticket id.</param>
    /// <param name="cancellationToken">Cancels the erasure.</param>
    /// <returns>What was erased.</returns>
    ValueTask<ConsentErasure> EraseAsync(WhatsAppIdentity person, string? source = null, CancellationToken cancellationToken = default);

    /// <summary>The head of the ledger, to keep as a checkpoint.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The head.</returns>
    ValueTask<LedgerCheckpoint> GetHeadAsync(CancellationToken cancellationToken = default);

    /// <summary>Verifies the whole hash chain (and, with a checkpoint, that nothing was cut from the end).</summary>
    /// <param name="expectedHead">A checkpoint kept outside the store, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the verification.</param>
    /// <returns>The result.</returns>
    ValueTask<LedgerVerificationResult> VerifyAsync(LedgerCheckpoint? expectedHead = null, CancellationToken cancellationToken = default);
}
