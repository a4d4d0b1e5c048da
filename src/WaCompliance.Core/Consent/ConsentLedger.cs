using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WaCompliance.Diagnostics;
using WaCompliance.Identities;
using WaCompliance.Internal;
using WaCompliance.Privacy;

namespace WaCompliance.Consent;

/// <summary>
/// The <see cref="IConsentLedger"/>: validates and normalizes events, keys them pseudonymously, seals them into the
/// chain through an <see cref="IConsentStore"/>, and answers state, export, erasure and verification.
/// </summary>
public sealed class ConsentLedger : IConsentLedger
{
    /// <summary>
    /// How far in the future an opt-in's captured-at time may lie (clock skew between systems), and how far before its
    /// recording an opt-out's capture time still orders it (see <see cref="ConsentSnapshot"/>).
    /// </summary>
    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The earliest capture time an opt-out keeps (2000-01-01 UTC). An opt-out reported as captured before it, or after
    /// the time it is recorded, is recorded as captured when it was received, with the reported time kept in
    /// <see cref="ConsentRecord.ReportedAt"/>: an opt-out is never refused for its time.
    /// </summary>
    public static readonly DateTimeOffset EarliestOptOutCapture = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly IConsentStore _store;
    private readonly ISubjectKeyProvider _keys;
    private readonly TimeProvider _time;
    private readonly WhatsAppComplianceOptions _options;
    private readonly ILogger _logger;
    private readonly IdentityResolver _resolver;

    /// <summary>Creates the ledger over a store.</summary>
    /// <param name="store">Where records live.</param>
    /// <param name="keys">Computes subject keys.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="options">The business name and controller details.</param>
    /// <param name="logger">The logger; numbers are never logged.</param>
    /// <param name="links">The identity links: state is read through every identifier linked to the one asked about; none when omitted.</param>
    public ConsentLedger(
        IConsentStore store,
        ISubjectKeyProvider keys,
        TimeProvider timeProvider,
        IOptions<WhatsAppComplianceOptions> options,
        ILogger<ConsentLedger>? logger = null,
        IIdentityLinkStore? links = null)
    {
        _resolver = new IdentityResolver(links ?? new InMemoryIdentityLinkStore());
        _store = Guard.NotNull(store);
        _keys = Guard.NotNull(keys);
        _time = Guard.NotNull(timeProvider);
        _options = Guard.NotNull(options).Value;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public async ValueTask<ConsentRecord> RecordAsync(ConsentEvent consentEvent, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(consentEvent);
        using var activity = Telemetry.Source.StartActivity("wacompliance.consent.record");
        PendingConsentRecord pending;
        try
        {
            pending = Prepare(consentEvent);
        }
        catch (ConsentValidationException e)
        {
            Reject(e.Code, e.Message);
            throw;
        }

        var records = await _store.AppendAsync([pending], cancellationToken).ConfigureAwait(false);
        Recorded(pending, records[0]);
        return records[0];
    }

    /// <inheritdoc />
    public async ValueTask<ConsentBatchResult> RecordManyAsync(IEnumerable<ConsentEvent> events, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(events);
        using var activity = Telemetry.Source.StartActivity("wacompliance.consent.record_many");
        var pending = new List<PendingConsentRecord>();
        var rejected = new List<ConsentBatchRejection>();
        var index = 0;
        foreach (var consentEvent in events)
        {
            try
            {
                pending.Add(Prepare(consentEvent ?? throw new ConsentValidationException("CONSENT_MISSING", "The event is null.")));
            }
            catch (ConsentValidationException e)
            {
                Reject(e.Code, e.Message);
                rejected.Add(new ConsentBatchRejection(index, e.Code, e.Message));
            }

            index++;
        }

        if (pending.Count == 0)
        {
            return new ConsentBatchResult([], rejected);
        }

        var records = await _store.AppendAsync(pending, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < records.Count; i++)
        {
            Recorded(pending[i], records[i]);
        }

        activity?.SetTag("wacompliance.recorded", records.Count);
        activity?.SetTag("wacompliance.rejected", rejected.Count);
        return new ConsentBatchResult(records, rejected);
    }

    /// <inheritdoc />
    public ValueTask<ConsentState> GetStateAsync(WhatsAppIdentity person, ConsentPurpose purpose, CancellationToken cancellationToken = default) =>
        GetStateCoreAsync(person, purpose, null, cancellationToken);

    /// <inheritdoc />
    public ValueTask<ConsentState> GetStateAsync(WhatsAppIdentity person, ConsentPurpose purpose, DateTimeOffset asOf, CancellationToken cancellationToken = default) =>
        GetStateCoreAsync(person, purpose, asOf, cancellationToken);

    /// <inheritdoc />
    public ValueTask<ConsentSnapshot> GetSnapshotAsync(WhatsAppIdentity person, CancellationToken cancellationToken = default) =>
        _resolver.IsAlone(NotEmpty(person))
            ? _store.GetSnapshotAsync(person.Primary, cancellationToken)
            : ResolveAndGetSnapshotAsync(person, cancellationToken);

    /// <inheritdoc />
    public ValueTask<ConsentSnapshot> GetSnapshotAsync(ResolvedPerson person, CancellationToken cancellationToken = default) =>
        Guard.NotNull(person).OptOutIdentifiers.Count == 1
            ? _store.GetSnapshotAsync(person.OptOutIdentifiers[0], cancellationToken)
            : GetMergedSnapshotAsync(person, cancellationToken);

    private async ValueTask<ConsentSnapshot> ResolveAndGetSnapshotAsync(WhatsAppIdentity person, CancellationToken cancellationToken)
    {
        var resolved = await _resolver.ResolveAsync(person, cancellationToken).ConfigureAwait(false);
        return await GetSnapshotAsync(resolved, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<ConsentSnapshot> GetMergedSnapshotAsync(ResolvedPerson person, CancellationToken cancellationToken)
    {
        var snapshots = await _store.GetSnapshotsAsync([.. person.OptOutIdentifiers], cancellationToken).ConfigureAwait(false);
        return ConsentSnapshot.Of(person, snapshots);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<WhatsAppIdentifier, ConsentSnapshot>> GetSnapshotsAsync(
        IReadOnlyCollection<WhatsAppIdentifier> identifiers,
        CancellationToken cancellationToken = default)
    {
        Guard.NotNull(identifiers);
        return _store.GetSnapshotsAsync(identifiers, cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ConsentRecord> GetHistoryAsync(
        WhatsAppIdentity person,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var resolved = await _resolver.ResolveAsync(NotEmpty(person), cancellationToken).ConfigureAwait(false);
        foreach (var record in await HistoryOfAsync(resolved, cancellationToken).ConfigureAwait(false))
        {
            yield return record;
        }
    }

    /// <inheritdoc />
    public async ValueTask<ConsentExport> ExportAsync(WhatsAppIdentity person, CancellationToken cancellationToken = default)
    {
        using var activity = Telemetry.Source.StartActivity("wacompliance.consent.export");
        var resolved = await _resolver.ResolveAsync(NotEmpty(person), cancellationToken).ConfigureAwait(false);
        var primary = person.Primary;
        var subject = _keys.GetKey(primary);
        var records = await HistoryOfAsync(resolved, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var byIdentifier = new Dictionary<WhatsAppIdentifier, ConsentSnapshot>(resolved.OptOutIdentifiers.Count);
        foreach (var identifier in resolved.OptOutIdentifiers)
        {
            var key = _keys.GetKey(identifier);
            byIdentifier[identifier] = ConsentSnapshot.Fold(records.Where(r => r.Subject == key));
        }

        var snapshot = ConsentSnapshot.Of(resolved, byIdentifier);
        var states = snapshot.Purposes.Select(p => snapshot.GetState(p, now)).ToArray();
        return new ConsentExport(subject, primary.Value, now, states, records, _options);
    }

    /// <inheritdoc />
    public async ValueTask<ConsentErasure> EraseAsync(WhatsAppIdentity person, string? source = null, CancellationToken cancellationToken = default)
    {
        using var activity = Telemetry.Source.StartActivity("wacompliance.consent.erase");
        var resolved = await _resolver.ResolveAsync(NotEmpty(person), cancellationToken).ConfigureAwait(false);
        var now = ConsentChain.NormalizeTimestamp(_time.GetUtcNow());
        var subjects = resolved.OptOutIdentifiers.Select(_keys.GetKey).Distinct().ToArray();
        var drafts = subjects.Select(subject => new PendingConsentRecord(NewDraft(subject, now) with
        {
            Purpose = ConsentPurpose.All,
            Action = ConsentAction.OptOut,
            Method = ConsentMethod.DataSubjectRequest,
            ConsentType = ConsentType.Express,
            LawfulBasis = LawfulBasis.LegalObligation,
            CapturedAt = now,
            Source = Limit(source ?? "erasure", 256, nameof(source)),
        }, null)).ToArray();

        // Record the opt-outs first (one per linked identifier): if anything fails after them, the person is still never messaged.
        var appended = await _store.AppendAsync(drafts, cancellationToken).ConfigureAwait(false);
        var scrubbed = 0;
        foreach (var subject in subjects)
        {
            scrubbed += await _store.ErasePersonalDataAsync(subject, cancellationToken).ConfigureAwait(false);
        }

        Telemetry.Erasures.Add(1);
        Log.SubjectErased(_logger, subjects[0].ToShortString(), scrubbed);
        return new ConsentErasure(subjects[0], scrubbed, appended[0]) { Subjects = subjects, Records = appended };
    }

    /// <inheritdoc />
    public ValueTask<LedgerCheckpoint> GetHeadAsync(CancellationToken cancellationToken = default) =>
        _store.GetHeadAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask<LedgerVerificationResult> VerifyAsync(LedgerCheckpoint? expectedHead = null, CancellationToken cancellationToken = default)
    {
        using var activity = Telemetry.Source.StartActivity("wacompliance.consent.verify");
        var result = await ConsentChain.VerifyAsync(_store.ReadAsync(1, cancellationToken), expectedHead, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        if (result.IsValid)
        {
            Telemetry.LedgerVerifications.Add(1, new KeyValuePair<string, object?>("result", "valid"));
            Log.LedgerIntact(_logger, result.RecordsChecked, result.Head.Sequence);
        }
        else
        {
            Telemetry.LedgerVerifications.Add(1, new KeyValuePair<string, object?>("result", "tampered"));
            var first = result.Problems[0];
            Log.LedgerTampered(_logger, result.ProblemCount, first.Sequence, first.Kind.ToString());
            activity?.SetStatus(ActivityStatusCode.Error, "ledger tampered");
        }

        return result;
    }

    private ValueTask<ConsentState> GetStateCoreAsync(WhatsAppIdentity person, ConsentPurpose purpose, DateTimeOffset? asOf, CancellationToken cancellationToken)
    {
        var pending = _resolver.IsAlone(NotEmpty(person))
            ? _store.GetSnapshotAsync(person.Primary, cancellationToken)
            : GetSnapshotAsync(person, cancellationToken);
        return pending.IsCompletedSuccessfully
            ? new ValueTask<ConsentState>(pending.Result.GetState(purpose, asOf, _time))
            : AwaitStateAsync(pending, purpose, asOf);
    }

    private async ValueTask<ConsentState> AwaitStateAsync(ValueTask<ConsentSnapshot> pending, ConsentPurpose purpose, DateTimeOffset? asOf) =>
        (await pending.ConfigureAwait(false)).GetState(purpose, asOf, _time);

    private async ValueTask<List<ConsentRecord>> HistoryOfAsync(ResolvedPerson person, CancellationToken cancellationToken)
    {
        var records = new List<ConsentRecord>();
        foreach (var subject in person.OptOutIdentifiers.Select(_keys.GetKey).Distinct())
        {
            await foreach (var record in _store.GetHistoryAsync(subject, cancellationToken).ConfigureAwait(false))
            {
                records.Add(record);
            }
        }

        records.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return records;
    }

    private static WhatsAppIdentity NotEmpty(WhatsAppIdentity person, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(person))] string? name = null) =>
        person.IsEmpty ? throw new ArgumentException("The identity is the default (empty) value.", name) : person;

    private PendingConsentRecord Prepare(ConsentEvent e)
    {
        if (e.Identifier.IsEmpty)
        {
            throw new ConsentValidationException("CONSENT_NUMBER_MISSING", "The event names no person (no number and no user ID).", nameof(ConsentEvent.Identifier));
        }

        CheckDefined(e.Action, "CONSENT_ACTION_INVALID", nameof(ConsentEvent.Action));
        CheckDefined(e.Method, "CONSENT_METHOD_INVALID", nameof(ConsentEvent.Method));
        CheckDefined(e.ConsentType, "CONSENT_TYPE_INVALID", nameof(ConsentEvent.ConsentType));
        CheckDefined(e.LawfulBasis, "CONSENT_LAWFUL_BASIS_INVALID", nameof(ConsentEvent.LawfulBasis));

        var now = ConsentChain.NormalizeTimestamp(_time.GetUtcNow());
        var (captured, reported) = CaptureTime(e, now);

        DateTimeOffset? expires = e.ExpiresAt is { } exp ? ConsentChain.NormalizeTimestamp(exp) : null;
        if (expires is not null && e.Action == ConsentAction.OptOut)
        {
            throw new ConsentValidationException("CONSENT_OPT_OUT_EXPIRES",
                "An opt-out cannot expire; only opt-ins may carry ExpiresAt.", nameof(ConsentEvent.ExpiresAt));
        }

        if (expires is not null && expires <= captured)
        {
            throw new ConsentValidationException("CONSENT_EXPIRES_BEFORE_CAPTURE",
                "ExpiresAt must lie after CapturedAt.", nameof(ConsentEvent.ExpiresAt));
        }

        var evidence = e.Evidence;
        if (evidence?.IpAddress is { } ip && !IPAddress.TryParse(ip, out _))
        {
            throw new ConsentValidationException("CONSENT_IP_INVALID",
                "Evidence.IpAddress is not an IPv4 or IPv6 address.", nameof(ConsentEvidence.IpAddress));
        }

        var subject = _keys.GetKey(e.Identifier);
        var personal = new ConsentPersonalData
        {
            Identifier = e.Identifier.Value,
            IpAddress = Limit(evidence?.IpAddress, 64, nameof(ConsentEvidence.IpAddress)),
            UserAgent = Limit(evidence?.UserAgent, 1024, nameof(ConsentEvidence.UserAgent)),
            MessageId = Limit(evidence?.MessageId, 256, nameof(ConsentEvidence.MessageId)),
            RawInput = Limit(evidence?.RawInput, 1024, nameof(ConsentEvidence.RawInput)),
            Salt = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
        };

        var draft = NewDraft(subject, now) with
        {
            Purpose = e.Purpose,
            Action = e.Action,
            Method = e.Method,
            ConsentType = e.ConsentType,
            LawfulBasis = e.LawfulBasis,
            CapturedAt = captured,
            ReportedAt = reported,
            Source = Limit(e.Source, 256, nameof(ConsentEvent.Source)),
            BusinessName = Limit(e.BusinessName ?? (e.Action == ConsentAction.OptIn ? _options.BusinessName : null), 256, nameof(ConsentEvent.BusinessName)),
            Jurisdiction = Limit(e.Jurisdiction ?? JurisdictionOf(e.Identifier), 16, nameof(ConsentEvent.Jurisdiction)),
            Language = Limit(e.Language, 35, nameof(ConsentEvent.Language)),
            ExpiresAt = expires,
            EventId = Limit(e.EventId, 256, nameof(ConsentEvent.EventId)),
            Wording = Limit(evidence?.Wording, 8000, nameof(ConsentEvidence.Wording)),
            WordingVersion = Limit(evidence?.WordingVersion, 128, nameof(ConsentEvidence.WordingVersion)),
            CollectionPoint = Limit(evidence?.CollectionPoint, 2048, nameof(ConsentEvidence.CollectionPoint)),
            PersonalData = personal,
            PersonalDataDigest = ConsentChain.ComputePersonalDataDigest(personal),
        };

        return new PendingConsentRecord(draft, e.Identifier);
    }

    /// <summary>
    /// The capture time to record, and the reported one when it cannot be that. An opt-out is never refused for its
    /// time: one dated after now (a sender's clock ahead of ours, or tampering) or before
    /// <see cref="EarliestOptOutCapture"/> (an absurd value) is recorded as captured now, the reported time kept as
    /// evidence. An opt-in dated more than <see cref="AllowedClockSkew"/> ahead is refused: consent cannot be recorded
    /// before it is given.
    /// </summary>
    private static (DateTimeOffset Captured, DateTimeOffset? Reported) CaptureTime(ConsentEvent e, DateTimeOffset now)
    {
        if (e.CapturedAt is not { } at)
        {
            return (now, null);
        }

        var given = ConsentChain.NormalizeTimestamp(at);
        if (e.Action == ConsentAction.OptOut)
        {
            return given > now || given < EarliestOptOutCapture ? (now, given) : (given, null);
        }

        if (given > now + AllowedClockSkew)
        {
            throw new ConsentValidationException("CONSENT_CAPTURED_IN_FUTURE",
                "CapturedAt lies in the future; consent cannot be recorded before it is given.", nameof(ConsentEvent.CapturedAt));
        }

        return (given, null);
    }

    // A user ID's country prefix is not a jurisdiction: only a number gives one.
    private static string? JurisdictionOf(WhatsAppIdentifier identifier) =>
        identifier.PhoneNumber is { } number ? number.Jurisdiction.Subdivision ?? number.Jurisdiction.RegionCode : null;

    private ConsentRecord NewDraft(SubjectKey subject, DateTimeOffset now) => new()
    {
        Sequence = 0,
        RecordId = Guid.CreateVersion7(now),
        Subject = subject,
        Purpose = ConsentPurpose.All,
        Action = ConsentAction.OptOut,
        Method = ConsentMethod.Api,
        ConsentType = ConsentType.Express,
        LawfulBasis = LawfulBasis.Consent,
        CapturedAt = now,
        RecordedAt = now,
        PersonalDataDigest = string.Empty,
        PreviousHash = string.Empty,
        Hash = string.Empty,
    };

    private void Recorded(PendingConsentRecord pending, ConsentRecord record)
    {
        var subject = record.Subject.ToShortString();
        if (record.RecordId != pending.Draft.RecordId)
        {
            Log.ConsentDuplicate(_logger, record.EventId ?? string.Empty, subject, record.Sequence);
            return;
        }

        var action = ConsentNames.Of(record.Action);
        var method = ConsentNames.Of(record.Method);
        Telemetry.ConsentRecorded.Add(
            1,
            new KeyValuePair<string, object?>("action", action),
            new KeyValuePair<string, object?>("method", method),
            new KeyValuePair<string, object?>("purpose", record.Purpose.Value));
        Log.ConsentRecorded(_logger, subject, action, record.Purpose.Value, method, record.Sequence);
    }

    private void Reject(string code, string message)
    {
        Telemetry.ConsentRejected.Add(1, new KeyValuePair<string, object?>("code", code));
        Log.ConsentRejected(_logger, code, message);
    }

    private static void CheckDefined<T>(T value, string code, string field)
        where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ConsentValidationException(code, $"{field} has the undefined value {value}.", field);
        }
    }

    private static string? Limit(string? value, int maxLength, string field)
    {
        if (value is null)
        {
            return null;
        }

        var trimmed = value.Trim();
        if (trimmed.Contains('\0', StringComparison.Ordinal))
        {
            throw new ConsentValidationException("CONSENT_FIELD_INVALID_CHARACTER",
                $"{field} contains a NUL character, which no store keeps.", field);
        }

        if (HasUnpairedSurrogate(trimmed))
        {
            // Stores keep text as UTF-8, which cannot hold half a surrogate pair: the value read back would differ
            // from the one hashed, and the record would look tampered with.
            throw new ConsentValidationException("CONSENT_FIELD_INVALID_CHARACTER",
                $"{field} contains an unpaired UTF-16 surrogate, which no store keeps.", field);
        }

        if (trimmed.Length > maxLength)
        {
            throw new ConsentValidationException("CONSENT_FIELD_TOO_LONG",
                $"{field} has {trimmed.Length} characters; at most {maxLength} are kept.", field);
        }

        return trimmed.Length == 0 ? null : trimmed;
    }

    private static bool HasUnpairedSurrogate(string value)
    {
        var span = value.AsSpan();
        var i = span.IndexOfAnyInRange('\uD800', '\uDFFF');
        while (i >= 0 && i < span.Length)
        {
            if (!char.IsHighSurrogate(span[i]) || i + 1 == span.Length || !char.IsLowSurrogate(span[i + 1]))
            {
                return true;
            }

            i += 2;
            var next = span[i..].IndexOfAnyInRange('\uD800', '\uDFFF');
            i = next < 0 ? -1 : i + next;
        }

        return false;
    }
}
