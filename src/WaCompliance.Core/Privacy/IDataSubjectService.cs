using WaCompliance.Identities;

namespace WaCompliance.Privacy;

/// <summary>
/// Data subject requests across every store: export everything keyed to a number (GDPR Art. 15/20, CCPA right to
/// know) and erase it (GDPR Art. 17, CCPA deletion) while keeping the pseudonymous suppression that guarantees the
/// person is never messaged again.
/// </summary>
public interface IDataSubjectService
{
    /// <summary>Exports everything held about a number.</summary>
    /// <param name="person">The person: a number, a business-scoped user ID or several; every identifier linked to them is covered.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns>The export; see <see cref="DataSubjectExport.ToJson"/>.</returns>
    ValueTask<DataSubjectExport> ExportAsync(WhatsAppIdentity person, CancellationToken cancellationToken = default);

    /// <summary>
    /// Erases a number: first suppresses the subject key for every purpose (reason erased), then removes personal data
    /// from the consent ledger (recording the erasure), conversation windows, message counters and jurisdiction overrides.
    /// </summary>
    /// <param name="person">The person: a number, a business-scoped user ID or several; every identifier linked to them is covered.</param>
    /// <param name="source">Who asked, e.g. a ticket id.</param>
    /// <param name="cancellationToken">Cancels the erasure.</param>
    /// <returns>What was erased.</returns>
    ValueTask<DataSubjectErasure> EraseAsync(WhatsAppIdentity person, string? source = null, CancellationToken cancellationToken = default);
}
