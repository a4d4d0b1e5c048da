using WaCompliance.Identities;
using WaCompliance.Messaging;

namespace WaCompliance.Consent;

/// <summary>
/// The consent ledger as registered by <c>AddWhatsAppCompliance</c>: every call goes to the ledger, and once an
/// opt-out or an erasure is committed the identifiers are published to <see cref="SendStateChanges"/>, so sends of
/// this instance already allowed re-read the person's state before their provider call.
/// </summary>
internal sealed class NotifyingConsentLedger(IConsentLedger inner, SendStateChanges changes) : IConsentLedger
{
    public async ValueTask<ConsentRecord> RecordAsync(ConsentEvent consentEvent, CancellationToken cancellationToken = default)
    {
        var record = await inner.RecordAsync(consentEvent, cancellationToken).ConfigureAwait(false);
        if (consentEvent.Action == ConsentAction.OptOut)
        {
            changes.Publish(consentEvent.Identifier);
        }

        return record;
    }

    public async ValueTask<ConsentBatchResult> RecordManyAsync(IEnumerable<ConsentEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var list = events as IReadOnlyCollection<ConsentEvent> ?? [.. events];
        var result = await inner.RecordManyAsync(list, cancellationToken).ConfigureAwait(false);
        var optedOut = list.Where(e => e is { Action: ConsentAction.OptOut }).Select(e => e.Identifier).ToList();
        if (optedOut.Count > 0)
        {
            changes.Publish(optedOut);
        }

        return result;
    }

    public async ValueTask<ConsentErasure> EraseAsync(WhatsAppIdentity person, string? source = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.EraseAsync(person, source, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Part of an erasure may have been committed before a failure: re-reading costs less than missing it.
            changes.Publish(person.Identifiers);
        }
    }

    public ValueTask<ConsentState> GetStateAsync(WhatsAppIdentity person, ConsentPurpose purpose, CancellationToken cancellationToken = default) =>
        inner.GetStateAsync(person, purpose, cancellationToken);

    public ValueTask<ConsentState> GetStateAsync(WhatsAppIdentity person, ConsentPurpose purpose, DateTimeOffset asOf, CancellationToken cancellationToken = default) =>
        inner.GetStateAsync(person, purpose, asOf, cancellationToken);

    public ValueTask<ConsentSnapshot> GetSnapshotAsync(WhatsAppIdentity person, CancellationToken cancellationToken = default) =>
        inner.GetSnapshotAsync(person, cancellationToken);

    public ValueTask<ConsentSnapshot> GetSnapshotAsync(ResolvedPerson person, CancellationToken cancellationToken = default) =>
        inner.GetSnapshotAsync(person, cancellationToken);

    public ValueTask<IReadOnlyDictionary<WhatsAppIdentifier, ConsentSnapshot>> GetSnapshotsAsync(IReadOnlyCollection<WhatsAppIdentifier> identifiers, CancellationToken cancellationToken = default) =>
        inner.GetSnapshotsAsync(identifiers, cancellationToken);

    public IAsyncEnumerable<ConsentRecord> GetHistoryAsync(WhatsAppIdentity person, CancellationToken cancellationToken = default) =>
        inner.GetHistoryAsync(person, cancellationToken);

    public ValueTask<ConsentExport> ExportAsync(WhatsAppIdentity person, CancellationToken cancellationToken = default) =>
        inner.ExportAsync(person, cancellationToken);

    public ValueTask<LedgerCheckpoint> GetHeadAsync(CancellationToken cancellationToken = default) => inner.GetHeadAsync(cancellationToken);

    public ValueTask<LedgerVerificationResult> VerifyAsync(LedgerCheckpoint? expectedHead = null, CancellationToken cancellationToken = default) =>
        inner.VerifyAsync(expectedHead, cancellationToken);
}
