using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using WaCompliance.Identities;
using WaCompliance.Internal;
using WaCompliance.Numbers;
using WaCompliance.Privacy;

namespace WaCompliance.Consent;

/// <summary>
/// A thread-safe <see cref="IConsentStore"/> in process memory: for tests, samples and single-process tools. Its
/// contents are lost when the process ends; use the SQLite or PostgreSQL store for anything that must last.
/// </summary>
/// <remarks>
/// Reads are lock-free: each subject's folded <see cref="ConsentSnapshot"/> is kept ready, indexed by number, and by
/// subject key for people whose number was erased. Appends take one lock, which also orders the chain.
/// </remarks>
public sealed class InMemoryConsentStore : IConsentStore
{
    private const int PageSize = 1024;

    private readonly ISubjectKeyProvider _keys;
    private readonly Lock _gate = new();
    private readonly List<ConsentRecord> _records = [];
    private readonly Dictionary<string, ConsentRecord> _byEventId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<SubjectKey, SubjectEntry> _bySubject = new();
    private readonly NumberTable<ConsentSnapshot> _byNumber = new();
    private int _subjectsWithoutNumber;

    /// <summary>Creates an empty store.</summary>
    /// <param name="keys">Computes subject keys for people known only by key.</param>
    public InMemoryConsentStore(ISubjectKeyProvider keys)
    {
        _keys = Guard.NotNull(keys);
    }

    /// <summary>How many records the store holds.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _records.Count;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ConsentRecord>> AppendAsync(IReadOnlyList<PendingConsentRecord> records, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(records);
        cancellationToken.ThrowIfCancellationRequested();
        var result = new ConsentRecord[records.Count];
        lock (_gate)
        {
            for (var i = 0; i < records.Count; i++)
            {
                var pending = records[i];
                if (pending.Draft.EventId is { } eventId && _byEventId.TryGetValue(eventId, out var existing))
                {
                    result[i] = existing;
                    continue;
                }

                var previous = _records.Count == 0 ? ConsentChain.GenesisHash : _records[^1].Hash;
                var record = ConsentChain.Seal(pending.Draft, _records.Count + 1, previous);
                _records.Add(record);
                if (record.EventId is { } id)
                {
                    _byEventId[id] = record;
                }

                Attach(record, pending.Identifier?.PhoneNumber);
                result[i] = record;
            }
        }

        return ValueTask.FromResult<IReadOnlyList<ConsentRecord>>(result);
    }

    /// <inheritdoc />
    public ValueTask<ConsentSnapshot> GetSnapshotAsync(WhatsAppIdentifier number, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Find(number));

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<WhatsAppIdentifier, ConsentSnapshot>> GetSnapshotsAsync(
        IReadOnlyCollection<WhatsAppIdentifier> numbers,
        CancellationToken cancellationToken = default)
    {
        Guard.NotNull(numbers);
        var result = new Dictionary<WhatsAppIdentifier, ConsentSnapshot>(numbers.Count);
        foreach (var number in numbers)
        {
            result[number] = Find(number);
        }

        return ValueTask.FromResult<IReadOnlyDictionary<WhatsAppIdentifier, ConsentSnapshot>>(result);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ConsentRecord> GetHistoryAsync(SubjectKey subject, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ConsentRecord[] copy;
        lock (_gate)
        {
            copy = _bySubject.TryGetValue(subject, out var entry) ? [.. entry.Records] : [];
        }

        foreach (var record in copy)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return record;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ConsentRecord> ReadAsync(long fromSequence = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var next = (int)Math.Max(0, fromSequence - 1);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ConsentRecord[] page;
            lock (_gate)
            {
                if (next >= _records.Count)
                {
                    yield break;
                }

                page = _records.GetRange(next, Math.Min(PageSize, _records.Count - next)).ToArray();
            }

            foreach (var record in page)
            {
                yield return record;
            }

            next += page.Length;
            await Task.Yield();
        }
    }

    /// <inheritdoc />
    public ValueTask<LedgerCheckpoint> GetHeadAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_records.Count == 0
                ? LedgerCheckpoint.Empty
                : new LedgerCheckpoint(_records[^1].Sequence, _records[^1].Hash));
        }
    }

    /// <inheritdoc />
    public ValueTask<int> ErasePersonalDataAsync(SubjectKey subject, CancellationToken cancellationToken = default)
    {
        var erased = 0;
        lock (_gate)
        {
            if (!_bySubject.TryGetValue(subject, out var entry))
            {
                return ValueTask.FromResult(0);
            }

            for (var i = 0; i < entry.Records.Count; i++)
            {
                var record = entry.Records[i];
                if (record.PersonalData is null)
                {
                    continue;
                }

                var scrubbed = record with { PersonalData = null };
                entry.Records[i] = scrubbed;
                _records[(int)record.Sequence - 1] = scrubbed;
                if (scrubbed.EventId is { } id)
                {
                    _byEventId[id] = scrubbed;
                }

                erased++;
            }

            entry.Snapshot = ConsentSnapshot.Fold(entry.Records);
            if (entry.Number is { } number)
            {
                _byNumber.Remove(number);
                entry.Number = null;
                _subjectsWithoutNumber++;
            }
        }

        return ValueTask.FromResult(erased);
    }

    /// <summary>Replaces a stored record as it is, bypassing the chain: only for tests that prove tampering is detected.</summary>
    /// <param name="sequence">The sequence number of the record to replace.</param>
    /// <param name="replace">Makes the replacement.</param>
    internal void TamperReplace(long sequence, Func<ConsentRecord, ConsentRecord> replace)
    {
        lock (_gate)
        {
            _records[(int)sequence - 1] = replace(_records[(int)sequence - 1]);
        }
    }

    /// <summary>Removes a stored record, bypassing the chain: only for tamper-detection tests.</summary>
    /// <param name="sequence">The sequence number.</param>
    internal void TamperDelete(long sequence)
    {
        lock (_gate)
        {
            _records.RemoveAt((int)sequence - 1);
        }
    }

    /// <summary>Swaps two stored records: only for tamper-detection tests.</summary>
    /// <param name="first">One sequence number.</param>
    /// <param name="second">Another sequence number.</param>
    internal void TamperSwap(long first, long second)
    {
        lock (_gate)
        {
            (_records[(int)first - 1], _records[(int)second - 1]) = (_records[(int)second - 1], _records[(int)first - 1]);
        }
    }

    /// <summary>Inserts a record at a position: only for tamper-detection tests.</summary>
    /// <param name="index">The zero-based list position.</param>
    /// <param name="record">The record.</param>
    internal void TamperInsert(int index, ConsentRecord record)
    {
        lock (_gate)
        {
            _records.Insert(index, record);
        }
    }

    private ConsentSnapshot Find(WhatsAppIdentifier number)
    {
        Guard.NotDefault(number);
        if (number.PhoneNumber is not { } phone)
        {
            // User IDs are found by their subject key.
            return _bySubject.TryGetValue(_keys.GetKey(number), out var byKey) ? byKey.Snapshot : ConsentSnapshot.Empty;
        }

        if (_byNumber.Find(phone) is { } snapshot)
        {
            return snapshot;
        }

        // Only people whose number was erased (or never given) need the keyed lookup, and its HMAC.
        return Volatile.Read(ref _subjectsWithoutNumber) > 0 && _bySubject.TryGetValue(_keys.GetKey(phone), out var entry)
            ? entry.Snapshot
            : ConsentSnapshot.Empty;
    }

    private void Attach(ConsentRecord record, WhatsAppNumber? number)
    {
        if (!_bySubject.TryGetValue(record.Subject, out var entry))
        {
            entry = new SubjectEntry();
            _bySubject[record.Subject] = entry;
            if (number is null)
            {
                _subjectsWithoutNumber++;
            }
        }

        if (number is { } n && entry.Number is null)
        {
            if (entry.Records.Count > 0)
            {
                _subjectsWithoutNumber--;
            }

            entry.Number = n;
        }

        entry.Records.Add(record);
        entry.Snapshot = ConsentSnapshot.Fold(entry.Records);
        if (entry.Number is { } indexed)
        {
            _byNumber.Set(indexed, entry.Snapshot);
        }
    }

    private sealed class SubjectEntry
    {
        private volatile ConsentSnapshot _snapshot = ConsentSnapshot.Empty;

        public List<ConsentRecord> Records { get; } = [];

        public WhatsAppNumber? Number { get; set; }

        public ConsentSnapshot Snapshot
        {
            get => _snapshot;
            set => _snapshot = value;
        }
    }
}
