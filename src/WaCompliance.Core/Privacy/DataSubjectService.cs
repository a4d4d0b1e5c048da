using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WaCompliance.Consent;
using WaCompliance.Conversations;
using WaCompliance.Counters;
using WaCompliance.Diagnostics;
using WaCompliance.Internal;
using WaCompliance.Jurisdictions;
using WaCompliance.Numbers;
using WaCompliance.Suppression;

namespace WaCompliance.Privacy;

/// <summary>The <see cref="IDataSubjectService"/> over the registered stores.</summary>
public sealed class DataSubjectService : IDataSubjectService
{
    private readonly IConsentLedger _ledger;
    private readonly ISuppressionList _suppressions;
    private readonly IConversationWindowStore _windows;
    private readonly IMessageCounterStore _counters;
    private readonly IJurisdictionOverrideStore _overrides;
    private readonly ISubjectKeyProvider _keys;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the service.</summary>
    /// <param name="ledger">The consent ledger.</param>
    /// <param name="suppressions">The suppression list.</param>
    /// <param name="windows">The conversation windows.</param>
    /// <param name="counters">The message counters.</param>
    /// <param name="overrides">The jurisdiction overrides.</param>
    /// <param name="keys">The subject key provider.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger.</param>
    public DataSubjectService(
        IConsentLedger ledger,
        ISuppressionList suppressions,
        IConversationWindowStore windows,
        IMessageCounterStore counters,
        IJurisdictionOverrideStore overrides,
        ISubjectKeyProvider keys,
        TimeProvider timeProvider,
        ILogger<DataSubjectService>? logger = null)
    {
        _ledger = Guard.NotNull(ledger);
        _suppressions = Guard.NotNull(suppressions);
        _windows = Guard.NotNull(windows);
        _counters = Guard.NotNull(counters);
        _overrides = Guard.NotNull(overrides);
        _keys = Guard.NotNull(keys);
        _time = Guard.NotNull(timeProvider);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public async ValueTask<DataSubjectExport> ExportAsync(WhatsAppNumber number, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(number);
        var consent = await _ledger.ExportAsync(number, cancellationToken).ConfigureAwait(false);
        var suppressions = await _suppressions.GetEntriesAsync(consent.Subject, cancellationToken).ConfigureAwait(false);
        var windows = await _windows.GetByUserAsync(number, cancellationToken).ConfigureAwait(false);
        var messages = await _counters.GetEntriesAsync([number], DateTimeOffset.MinValue, cancellationToken).ConfigureAwait(false);
        var jurisdictionOverride = await _overrides.GetAsync(number, cancellationToken).ConfigureAwait(false);
        Log.SubjectExported(_logger, consent.Subject.ToShortString(), consent.Records.Count);
        return new DataSubjectExport(
            consent,
            suppressions,
            windows,
            messages.TryGetValue(number, out var list) ? list : [],
            jurisdictionOverride);
    }

    /// <inheritdoc />
    public async ValueTask<DataSubjectErasure> EraseAsync(WhatsAppNumber number, string? source = null, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(number);
        var subject = _keys.GetKey(number);

        // Suppress first: whatever fails later, the person is never messaged again.
        await _suppressions.AddAsync(
            SuppressionEntries.Create(subject, ConsentPurpose.All, SuppressionReason.Erased, _time.GetUtcNow(), source ?? "erasure", null),
            cancellationToken).ConfigureAwait(false);
        var consent = await _ledger.EraseAsync(number, source, cancellationToken).ConfigureAwait(false);
        var windows = await _windows.RemoveUserAsync(number, cancellationToken).ConfigureAwait(false);
        var counters = await _counters.RemoveRecipientAsync(number, cancellationToken).ConfigureAwait(false);
        var overrideRemoved = await _overrides.RemoveAsync(number, cancellationToken).ConfigureAwait(false);
        Log.SubjectErasureCompleted(_logger, subject.ToShortString(), consent.RecordsScrubbed, windows, counters, overrideRemoved ? 1 : 0);
        return new DataSubjectErasure(subject, consent.RecordsScrubbed, windows, counters, overrideRemoved);
    }
}
