namespace WaCompliance.Consent;

/// <summary>
/// Everything the ledger knows about one person's consent, folded from their records: for each purpose, the record
/// that decides it. Immutable; stores build one per subject and the policy reads states from it.
/// </summary>
/// <remarks>
/// The rules of the fold, in the order the person expressed them (captured time, then sequence):
/// <list type="bullet">
/// <item>The latest event for a purpose, or for <see cref="ConsentPurpose.All"/>, decides that purpose.</item>
/// <item>An opt-out for <see cref="ConsentPurpose.All"/> covers every purpose.</item>
/// <item>After an opt-out, only an explicit opt-in re-subscribes: express (or express written) consent given by the
/// person, not an <see cref="ConsentMethod.Import"/> and not implied, inferred or deemed consent. Other opt-ins are
/// kept in the ledger but do not change the state (see <see cref="IgnoredOptIns"/>).</item>
/// <item>An opt-in past its <see cref="ConsentRecord.ExpiresAt"/> is <see cref="ConsentStatus.Expired"/>.</item>
/// </list>
/// </remarks>
public sealed class ConsentSnapshot
{
    private readonly KeyValuePair<ConsentPurpose, ConsentRecord>[] _byPurpose;
    private readonly ConsentRecord? _all;

    private ConsentSnapshot(
        KeyValuePair<ConsentPurpose, ConsentRecord>[] byPurpose,
        ConsentRecord? all,
        IReadOnlyList<ConsentRecord> ignored,
        long recordCount)
    {
        _byPurpose = byPurpose;
        _all = all;
        IgnoredOptIns = ignored;
        RecordCount = recordCount;
    }

    /// <summary>The snapshot of a person with no records.</summary>
    public static ConsentSnapshot Empty { get; } = new([], null, [], 0);

    /// <summary>How many records were folded.</summary>
    public long RecordCount { get; }

    /// <summary>Opt-ins that did not lift an earlier opt-out because they were not explicit.</summary>
    public IReadOnlyList<ConsentRecord> IgnoredOptIns { get; }

    /// <summary>The purposes with a deciding record, including <see cref="ConsentPurpose.All"/> when one exists.</summary>
    public IEnumerable<ConsentPurpose> Purposes =>
        _all is null ? _byPurpose.Select(p => p.Key) : _byPurpose.Select(p => p.Key).Prepend(ConsentPurpose.All);

    /// <summary>The state of a purpose at an instant.</summary>
    /// <param name="purpose">The purpose asked about.</param>
    /// <param name="asOf">The instant, for expiry.</param>
    /// <returns>The state and the record it rests on.</returns>
    public ConsentState GetState(ConsentPurpose purpose, DateTimeOffset asOf)
    {
        var deciding = Later(purpose.IsAll ? null : Find(purpose), _all);
        if (deciding is null)
        {
            return new ConsentState(ConsentStatus.None, purpose, null);
        }

        if (deciding.Action == ConsentAction.OptOut)
        {
            return new ConsentState(ConsentStatus.OptedOut, purpose, deciding);
        }

        return deciding.ExpiresAt is { } expires && expires <= asOf
            ? new ConsentState(ConsentStatus.Expired, purpose, deciding)
            : new ConsentState(ConsentStatus.OptedIn, purpose, deciding);
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

        Array.Sort(ordered, CompareOrder);
        var byPurpose = new Dictionary<ConsentPurpose, ConsentRecord>();
        ConsentRecord? all = null;
        List<ConsentRecord>? ignored = null;
        foreach (var record in ordered)
        {
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

        return new ConsentSnapshot([.. byPurpose], all, ignored ?? (IReadOnlyList<ConsentRecord>)[], ordered.Length);
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

    private static bool WouldLiftOptOut(
        ConsentRecord optIn,
        Dictionary<ConsentPurpose, ConsentRecord> byPurpose,
        ConsentRecord? all)
    {
        if (!optIn.Purpose.IsAll)
        {
            return Later(byPurpose.GetValueOrDefault(optIn.Purpose), all)?.Action == ConsentAction.OptOut;
        }

        if (all?.Action == ConsentAction.OptOut)
        {
            return true;
        }

        foreach (var record in byPurpose.Values)
        {
            if (record.Action == ConsentAction.OptOut && ReferenceEquals(Later(record, all), record))
            {
                return true;
            }
        }

        return false;
    }

    private ConsentRecord? Find(ConsentPurpose purpose)
    {
        foreach (var pair in _byPurpose)
        {
            if (pair.Key.Equals(purpose))
            {
                return pair.Value;
            }
        }

        return null;
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

        return CompareOrder(a, b) >= 0 ? a : b;
    }

    private static int CompareOrder(ConsentRecord a, ConsentRecord b)
    {
        var byTime = a.CapturedAt.UtcTicks.CompareTo(b.CapturedAt.UtcTicks);
        return byTime != 0 ? byTime : a.Sequence.CompareTo(b.Sequence);
    }
}
