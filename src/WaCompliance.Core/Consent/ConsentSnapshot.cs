namespace WaCompliance.Consent;

/// <summary>
/// Everything the ledger knows about one person's consent, folded from their records: for each purpose, the record
/// that decides it. Immutable; stores build one per subject and the policy reads states from it.
/// </summary>
/// <remarks>
/// The rules of the fold, over the records in the order they were recorded (sequence):
/// <list type="bullet">
/// <item>The latest event for a purpose, or for <see cref="ConsentPurpose.All"/>, decides that purpose. "Latest" is
/// decided by what we saw, not only by what the sender claims (see <see cref="Supersedes"/>): an opt-out recorded
/// after an opt-in always beats it, whatever either's capture time; an opt-in beats an opt-out only when it was
/// recorded after it and captured no earlier than the opt-out was received (its capture time, when that lies within
/// <see cref="ConsentLedger.AllowedClockSkew"/> before its recording; otherwise its recording time). Between two
/// opt-ins, the one expressed later decides: capture time, but never later than the record's recording time, so a
/// future-dated record cannot stay "latest" ahead of everything recorded after it; between two opt-outs, the one
/// received later.</item>
/// <item>An opt-out for <see cref="ConsentPurpose.All"/> covers every purpose.</item>
/// <item>After an opt-out, only an explicit opt-in re-subscribes: express (or express written) consent given by the
/// person, not an <see cref="ConsentMethod.Import"/> and not implied, inferred or deemed consent. Other opt-ins are
/// kept in the ledger but do not change the state (see <see cref="IgnoredOptIns"/>).</item>
/// <item>An opt-in past its <see cref="ConsentRecord.ExpiresAt"/> is <see cref="ConsentStatus.Expired"/>.</item>
/// </list>
/// So a future-dated opt-in (tampered, or within the allowed skew) never outlasts a later STOP, a STOP carrying an old
/// provider timestamp still beats the opt-ins recorded before it, and an import of sign-ups captured last year and
/// recorded today does not lift yesterday's STOP. Answering a state reads only this object: what each deciding
/// record says is copied into it, so a lookup does not touch the records themselves.
/// </remarks>
public sealed class ConsentSnapshot
{
    // The first two purposes are held inline (most people have one or two); more go to an array.
    private readonly Decision _all;
    private readonly Decision _first;
    private readonly Decision _second;
    private readonly Decision[]? _more;

    // A person known by several linked identifiers: one snapshot per identifier (see Merge).
    private readonly ConsentSnapshot[]? _linked;
    private readonly ConsentSnapshot[]? _optOutOnly;
    private readonly ConsentSnapshot[]? _inherited;

    private ConsentSnapshot(Decision all, Decision[] byPurpose, IReadOnlyList<ConsentRecord> ignored, long recordCount)
    {
        _all = all;
        _first = byPurpose.Length > 0 ? byPurpose[0] : default;
        _second = byPurpose.Length > 1 ? byPurpose[1] : default;
        _more = byPurpose.Length > 2 ? byPurpose[2..] : null;
        IgnoredOptIns = ignored;
        RecordCount = recordCount;
    }

    /// <summary>The snapshot of a person with no records.</summary>
    public static ConsentSnapshot Empty { get; } = new(default, [], [], 0);

    private ConsentSnapshot(ConsentSnapshot[] linked, ConsentSnapshot[] optOutOnly, ConsentSnapshot[] inherited)
    {
        _linked = linked;
        _optOutOnly = optOutOnly;
        _inherited = inherited;
        IgnoredOptIns = [.. linked.Concat(optOutOnly).Concat(inherited).SelectMany(s => s.IgnoredOptIns)];
        RecordCount = linked.Concat(optOutOnly).Concat(inherited).Sum(s => s.RecordCount);
    }

    /// <summary>Whether this snapshot combines the snapshots of several linked identifiers.</summary>
    public bool IsMerged => _linked is not null;

    /// <summary>
    /// The state of a person known by several linked identifiers. An opt-out recorded under any of them decides
    /// (the latest such opt-out is reported), including those joined only by a revoked link: a link or an unlink never
    /// undoes an opt-out. Otherwise an opt-in under any actively linked identifier counts (the latest one that is in
    /// force); a link never grants consent that was not given by the person under one of their identifiers.
    /// </summary>
    /// <param name="linked">One snapshot per identifier joined by active links (and number forms).</param>
    /// <param name="optOutOnly">Snapshots of identifiers joined only through revoked links: only their opt-outs count.</param>
    /// <param name="inherited">
    /// Snapshots the person inherited (an old number seen from the new one): their opt-ins count, and their opt-outs
    /// count unless a later explicit opt-in under one of <paramref name="linked"/> lifts them.
    /// </param>
    /// <returns>The combined snapshot; the only one given when there is just one.</returns>
    public static ConsentSnapshot Merge(IReadOnlyList<ConsentSnapshot> linked, IReadOnlyList<ConsentSnapshot>? optOutOnly = null, IReadOnlyList<ConsentSnapshot>? inherited = null)
    {
        ArgumentNullException.ThrowIfNull(linked);
        var active = linked.Where(s => s.RecordCount > 0).ToArray();
        var revoked = (optOutOnly ?? []).Where(s => s.RecordCount > 0).ToArray();
        var inherits = (inherited ?? []).Where(s => s.RecordCount > 0).ToArray();
        if (revoked.Length == 0 && inherits.Length == 0 && active.Length <= 1)
        {
            return active.Length == 1 ? active[0] : Empty;
        }

        return new ConsentSnapshot(active, revoked, inherits);
    }

    /// <summary>The combined snapshot of a resolved person from one snapshot per identifier (see <see cref="Merge"/>).</summary>
    /// <param name="person">The person.</param>
    /// <param name="snapshots">Snapshots by identifier; identifiers without one have no records.</param>
    /// <returns>The combined snapshot.</returns>
    public static ConsentSnapshot Of(Identities.ResolvedPerson person, IReadOnlyDictionary<Identities.WhatsAppIdentifier, ConsentSnapshot> snapshots)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(snapshots);
        if (person.OptOutIdentifiers.Count == 1)
        {
            return snapshots.GetValueOrDefault(person.OptOutIdentifiers[0]) ?? Empty;
        }

        var active = new List<ConsentSnapshot>(person.Identifiers.Count);
        var optOutOnly = new List<ConsentSnapshot>();
        var inherited = new List<ConsentSnapshot>();
        foreach (var identifier in person.OptOutIdentifiers)
        {
            if (!snapshots.TryGetValue(identifier, out var snapshot))
            {
                continue;
            }

            if (person.Identifiers.Contains(identifier))
            {
                active.Add(snapshot);
            }
            else if (person.InheritedIdentifiers.Contains(identifier))
            {
                inherited.Add(snapshot);
            }
            else
            {
                optOutOnly.Add(snapshot);
            }
        }

        return Merge(active, optOutOnly, inherited);
    }

    /// <summary>How many records were folded.</summary>
    public long RecordCount { get; }

    /// <summary>Opt-ins that did not lift an earlier opt-out because they were not explicit.</summary>
    public IReadOnlyList<ConsentRecord> IgnoredOptIns { get; }

    /// <summary>The purposes with a deciding record, including <see cref="ConsentPurpose.All"/> when one exists.</summary>
    public IEnumerable<ConsentPurpose> Purposes
    {
        get
        {
            if (_linked is not null)
            {
                foreach (var purpose in _linked.Concat(_optOutOnly!).Concat(_inherited!).SelectMany(s => s.Purposes).Distinct())
                {
                    yield return purpose;
                }

                yield break;
            }

            if (_all.Record is not null)
            {
                yield return ConsentPurpose.All;
            }

            foreach (var decision in ByPurpose())
            {
                yield return decision.Purpose;
            }
        }
    }

    /// <summary>The state of a purpose at an instant.</summary>
    /// <param name="purpose">The purpose asked about.</param>
    /// <param name="asOf">The instant, for expiry.</param>
    /// <returns>The state and the record it rests on.</returns>
    public ConsentState GetState(ConsentPurpose purpose, DateTimeOffset asOf) => GetState(purpose, asOf, null);

    /// <summary>The state of a purpose; the clock is read only if the deciding record can expire.</summary>
    internal ConsentState GetState(ConsentPurpose purpose, DateTimeOffset? asOf, TimeProvider? clock)
    {
        if (_linked is not null)
        {
            return MergedState(purpose, asOf, clock);
        }

        var deciding = _all;
        if (!purpose.IsAll)
        {
            if (_first.Record is not null && _first.Purpose.Equals(purpose))
            {
                deciding = _first.BeatsAll ? _first : _all;
            }
            else if (_second.Record is not null && _second.Purpose.Equals(purpose))
            {
                deciding = _second.BeatsAll ? _second : _all;
            }
            else if (_more is not null)
            {
                foreach (var decision in _more)
                {
                    if (decision.Purpose.Equals(purpose))
                    {
                        deciding = decision.BeatsAll ? decision : _all;
                        break;
                    }
                }
            }
        }

        if (deciding.Record is null)
        {
            return new ConsentState(ConsentStatus.None, purpose, null);
        }

        if (deciding.Action == ConsentAction.OptOut)
        {
            return new ConsentState(ConsentStatus.OptedOut, purpose, deciding.Record);
        }

        if (deciding.ExpiresUtcTicks != long.MaxValue)
        {
            var now = asOf ?? (clock ?? TimeProvider.System).GetUtcNow();
            if (deciding.ExpiresUtcTicks <= now.UtcTicks)
            {
                return new ConsentState(ConsentStatus.Expired, purpose, deciding.Record);
            }
        }

        return new ConsentState(ConsentStatus.OptedIn, purpose, deciding.Record);
    }

    /// <summary>Folds one person's records into a snapshot.</summary>
    /// <param name="records">All records of one subject, in any order.</param>
    /// <returns>The snapshot.</returns>
    public static ConsentSnapshot Fold(IEnumerable<ConsentRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var ordered = records.ToArray();
        if (ordered.Length == 0)
        {
            return Empty;
        }

        // Stores read records in sequence order: sort only when they are not.
        for (var i = 1; i < ordered.Length; i++)
        {
            if (ordered[i].Sequence < ordered[i - 1].Sequence)
            {
                Array.Sort(ordered, static (a, b) => a.Sequence.CompareTo(b.Sequence));
                break;
            }
        }

        var byPurpose = new Dictionary<ConsentPurpose, ConsentRecord>();
        ConsentRecord? all = null;
        List<ConsentRecord>? ignored = null;
        foreach (var record in ordered)
        {
            var current = record.Purpose.IsAll ? all : byPurpose.GetValueOrDefault(record.Purpose);
            if (current is not null && !Supersedes(record, current))
            {
                // Expressed before what already decides (an old capture recorded late): kept in the ledger, decides nothing.
                continue;
            }

            if (record.Action == ConsentAction.OptIn && !IsExplicit(record) && WouldLiftOptOut(record, byPurpose, all))
            {
                (ignored ??= []).Add(record);
                continue;
            }

            if (record.Purpose.IsAll)
            {
                all = record;
            }
            else
            {
                byPurpose[record.Purpose] = record;
            }
        }

        var decisions = byPurpose
            .Select(pair => new Decision(pair.Key, pair.Value, ReferenceEquals(Later(pair.Value, all), pair.Value)))
            .ToArray();
        var allDecision = all is null ? default : new Decision(ConsentPurpose.All, all, beatsAll: false);
        return new ConsentSnapshot(allDecision, decisions, ignored ?? (IReadOnlyList<ConsentRecord>)[], ordered.Length);
    }

    /// <summary>
    /// Whether one record decides over another (both of one person): the order of the fold.
    /// </summary>
    /// <param name="record">The record asked about.</param>
    /// <param name="other">The record it is compared with.</param>
    /// <returns>
    /// For an opt-out against an opt-in: <see langword="true"/> unless the opt-in lifts it (recorded after it, and
    /// captured no earlier than the opt-out's received time). For an opt-in against an opt-out: whether it lifts it.
    /// For two opt-outs: whether <paramref name="record"/> was received later; for two opt-ins: whether it was
    /// expressed later (its capture time, capped at its recording time). Ties go to the later sequence.
    /// </returns>
    /// <remarks>
    /// An opt-out's received time is its recording time, or its capture time when that lies within
    /// <see cref="ConsentLedger.AllowedClockSkew"/> before it: a STOP and the START written a minute after it come
    /// through one provider, whose clock orders them even when it lags ours, while an opt-in captured earlier than
    /// that (a form filled in before the STOP, recorded after it) never lifts it. Explicitness is not judged here
    /// (see <see cref="IsExplicit"/>).
    /// </remarks>
    public static bool Supersedes(ConsentRecord record, ConsentRecord other)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(other);
        if (record.Action == other.Action)
        {
            // The opt-out received last is the one a later opt-in must be captured after; the opt-in expressed last is in force.
            var byTime = record.Action == ConsentAction.OptOut
                ? ReceivedTicks(record).CompareTo(ReceivedTicks(other))
                : ExpressedTicks(record).CompareTo(ExpressedTicks(other));
            return byTime != 0 ? byTime > 0 : record.Sequence > other.Sequence;
        }

        return record.Action == ConsentAction.OptIn ? Lifts(record, other) : !Lifts(other, record);
    }

        /// <summary>Whether an opt-in is explicit enough to lift an earlier opt-out.</summary>
    /// <param name="record">An opt-in record.</param>
    /// <returns><see langword="true"/> for express consent given by the person, other than by import.</returns>
    public static bool IsExplicit(ConsentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Action == ConsentAction.OptIn
            && record.ConsentType is ConsentType.Express or ConsentType.ExpressWritten
            && record.Method != ConsentMethod.Import;
    }

    private ConsentState MergedState(ConsentPurpose purpose, DateTimeOffset? asOf, TimeProvider? clock)
    {
        ConsentState? optedOut = null;
        ConsentState? optedIn = null;
        ConsentState? expired = null;
        foreach (var part in _optOutOnly!)
        {
            var state = part.GetState(purpose, asOf, clock);
            if (state.Status == ConsentStatus.OptedOut && IsLater(state, optedOut))
            {
                optedOut = state;
            }
        }

        foreach (var part in _linked!)
        {
            var state = part.GetState(purpose, asOf, clock);
            switch (state.Status)
            {
                case ConsentStatus.OptedOut when IsLater(state, optedOut):
                    optedOut = state;
                    break;
                case ConsentStatus.OptedIn when IsLater(state, optedIn):
                    optedIn = state;
                    break;
                case ConsentStatus.Expired when IsLater(state, expired):
                    expired = state;
                    break;
            }
        }

        if (optedOut is null)
        {
            var ownIn = optedIn;
            ConsentState? inheritedOut = null;
            foreach (var part in _inherited!)
            {
                var state = part.GetState(purpose, asOf, clock);
                switch (state.Status)
                {
                    case ConsentStatus.OptedOut when IsLater(state, inheritedOut):
                        inheritedOut = state;
                        break;
                    case ConsentStatus.OptedIn when IsLater(state, optedIn):
                        optedIn = state;
                        break;
                    case ConsentStatus.Expired when IsLater(state, expired):
                        expired = state;
                        break;
                }
            }

            // An inherited opt-out stands unless the person opted in explicitly later under their own identifiers.
            if (inheritedOut is { Record: { } outRecord }
                && !(ownIn is { Record: { } inRecord } && IsExplicit(inRecord) && Supersedes(inRecord, outRecord)))
            {
                optedOut = inheritedOut;
            }
        }

        return optedOut ?? optedIn ?? expired ?? new ConsentState(ConsentStatus.None, purpose, null);
    }

    private static bool IsLater(ConsentState candidate, ConsentState? current) =>
        current?.Record is not { } record || candidate.Record is not { } other || Supersedes(other, record);

    private IEnumerable<Decision> ByPurpose()
    {
        if (_first.Record is not null)
        {
            yield return _first;
        }

        if (_second.Record is not null)
        {
            yield return _second;
        }

        foreach (var decision in _more ?? [])
        {
            yield return decision;
        }
    }

    /// <summary>Whether an opt-in would become what decides over an opt-out now in force for its purpose (or any, for all purposes).</summary>
    private static bool WouldLiftOptOut(
        ConsentRecord optIn,
        Dictionary<ConsentPurpose, ConsentRecord> byPurpose,
        ConsentRecord? all)
    {
        if (!optIn.Purpose.IsAll)
        {
            return Later(byPurpose.GetValueOrDefault(optIn.Purpose), all) is { Action: ConsentAction.OptOut } optOut && Lifts(optIn, optOut);
        }

        if (all?.Action == ConsentAction.OptOut)
        {
            return true;
        }

        foreach (var record in byPurpose.Values)
        {
            if (record.Action == ConsentAction.OptOut && ReferenceEquals(Later(record, all), record) && Lifts(optIn, record))
            {
                return true;
            }
        }

        return false;
    }

    private static ConsentRecord? Later(ConsentRecord? a, ConsentRecord? b)
    {
        if (a is null)
        {
            return b;
        }

        if (b is null)
        {
            return a;
        }

        return ReferenceEquals(a, b) || Supersedes(a, b) ? a : b;
    }

    /// <summary>Whether an opt-in lifts an opt-out: recorded after it, and captured no earlier than it was received.</summary>
    private static bool Lifts(ConsentRecord optIn, ConsentRecord optOut) =>
        optIn.Sequence > optOut.Sequence && ExpressedTicks(optIn) >= ReceivedTicks(optOut);

    /// <summary>When a record was expressed as far as ordering goes: its capture time, never after its recording time.</summary>
    private static long ExpressedTicks(ConsentRecord record) => Math.Min(record.CapturedAt.UtcTicks, record.RecordedAt.UtcTicks);

    /// <summary>When an opt-out was received: its recording time, or its capture time within the allowed skew before it.</summary>
    private static long ReceivedTicks(ConsentRecord optOut)
    {
        var recorded = optOut.RecordedAt.UtcTicks;
        return Math.Clamp(optOut.CapturedAt.UtcTicks, recorded - ConsentLedger.AllowedClockSkew.Ticks, recorded);
    }

    /// <summary>What one deciding record says, copied so a lookup does not read the record.</summary>
    private readonly struct Decision(ConsentPurpose purpose, ConsentRecord record, bool beatsAll)
    {
        public ConsentPurpose Purpose { get; } = purpose;

        public ConsentRecord? Record { get; } = record;

        public ConsentAction Action { get; } = record.Action;

        public long ExpiresUtcTicks { get; } = record.ExpiresAt?.UtcTicks ?? long.MaxValue;

        /// <summary>Whether this purpose's record is later than the every-purpose record, so it decides.</summary>
        public bool BeatsAll { get; } = beatsAll;
    }
}
