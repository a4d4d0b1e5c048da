using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WaCompliance.Consent;
using WaCompliance.Conversations;
using WaCompliance.Counters;
using WaCompliance.Diagnostics;
using WaCompliance.Identities;
using WaCompliance.Internal;
using WaCompliance.Jurisdictions;
using WaCompliance.Suppression;
using WaCompliance.Webhooks;

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
    private readonly IIdentityLinkStore _links;
    private readonly IdentityResolver _resolver;
    private readonly IWebhookDeadLetterStore? _deadLetters;

    /// <summary>Creates the service.</summary>
    /// <param name="ledger">The consent ledger.</param>
    /// <param name="suppressions">The suppression list.</param>
    /// <param name="windows">The conversation windows.</param>
    /// <param name="counters">The message counters.</param>
    /// <param name="overrides">The jurisdiction overrides.</param>
    /// <param name="keys">The subject key provider.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="links">The identity links: a request covers every identifier linked to the one given; none when omitted.</param>
    /// <param name="deadLetters">The webhook dead letters, erased with the person; none when omitted.</param>
    public DataSubjectService(
        IConsentLedger ledger,
        ISuppressionList suppressions,
        IConversationWindowStore windows,
        IMessageCounterStore counters,
        IJurisdictionOverrideStore overrides,
        ISubjectKeyProvider keys,
        TimeProvider timeProvider,
        ILogger<DataSubjectService>? logger = null,
        IIdentityLinkStore? links = null,
        IWebhookDeadLetterStore? deadLetters = null)
    {
        _links = links ?? new InMemoryIdentityLinkStore();
        _resolver = new IdentityResolver(_links);
        _deadLetters = deadLetters;
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
    public async ValueTask<DataSubjectExport> ExportAsync(WhatsAppIdentity person, CancellationToken cancellationToken = default)
    {
        var resolved = await ResolveAsync(person, cancellationToken).ConfigureAwait(false);
        var consent = await _ledger.ExportAsync(person, cancellationToken).ConfigureAwait(false);
        var suppressions = new List<SuppressionEntry>();
        var windows = new List<ConversationWindow>();
        JurisdictionOverride? jurisdictionOverride = null;
        foreach (var identifier in resolved.OptOutIdentifiers)
        {
            suppressions.AddRange(await _suppressions.GetEntriesAsync(_keys.GetKey(identifier), cancellationToken).ConfigureAwait(false));
            windows.AddRange(await _windows.GetByUserAsync(identifier, cancellationToken).ConfigureAwait(false));
            jurisdictionOverride ??= await _overrides.GetAsync(identifier, cancellationToken).ConfigureAwait(false);
        }

        var counted = await _counters.GetEntriesAsync([.. resolved.OptOutIdentifiers], DateTimeOffset.MinValue, cancellationToken).ConfigureAwait(false);
        var messages = counted.Values.SelectMany(list => list).OrderBy(m => m.SentAt).ToArray();
        Log.SubjectExported(_logger, consent.Subject.ToShortString(), consent.Records.Count);
        return new DataSubjectExport(consent, suppressions, windows, messages, jurisdictionOverride) { Links = resolved.Links };
    }

    /// <inheritdoc />
    public async ValueTask<DataSubjectErasure> EraseAsync(WhatsAppIdentity person, string? source = null, CancellationToken cancellationToken = default)
    {
        var resolved = await ResolveAsync(person, cancellationToken).ConfigureAwait(false);
        var identifiers = resolved.OptOutIdentifiers;
        var subjects = identifiers.Select(_keys.GetKey).Distinct().ToArray();

        // Suppress every identifier first: whatever fails later, the person is never messaged again through any of them.
        var now = _time.GetUtcNow();
        foreach (var subject in subjects)
        {
            await _suppressions.AddAsync(
                SuppressionEntries.Create(subject, ConsentPurpose.All, SuppressionReason.Erased, now, source ?? "erasure", null),
                cancellationToken).ConfigureAwait(false);
        }

        var consent = await _ledger.EraseAsync(person, source, cancellationToken).ConfigureAwait(false);
        int windows = 0, counters = 0, deadLetters = 0, links = 0;
        var overrideRemoved = false;
        foreach (var identifier in identifiers)
        {
            windows += await _windows.RemoveUserAsync(identifier, cancellationToken).ConfigureAwait(false);
            counters += await _counters.RemoveRecipientAsync(identifier, cancellationToken).ConfigureAwait(false);
            overrideRemoved |= await _overrides.RemoveAsync(identifier, cancellationToken).ConfigureAwait(false);
            if (_deadLetters is not null)
            {
                deadLetters += await _deadLetters.EraseAsync(identifier, cancellationToken).ConfigureAwait(false);
            }
        }

        // Links last: until the rest is gone they are what finds it.
        foreach (var identifier in identifiers)
        {
            links += await _links.EraseAsync(identifier, cancellationToken).ConfigureAwait(false);
        }

        Log.SubjectErasureCompleted(_logger, subjects[0].ToShortString(), consent.RecordsScrubbed, windows, counters, overrideRemoved ? 1 : 0);
        return new DataSubjectErasure(subjects[0], consent.RecordsScrubbed, windows, counters, overrideRemoved)
        {
            Subjects = subjects,
            LinksRemoved = links,
            DeadLettersRemoved = deadLetters,
        };
    }

    private ValueTask<ResolvedPerson> ResolveAsync(WhatsAppIdentity person, CancellationToken cancellationToken) =>
        person.IsEmpty
            ? throw new ArgumentException("The identity is the default (empty) value.", nameof(person))
            : _resolver.ResolveAsync(person, cancellationToken);
}
