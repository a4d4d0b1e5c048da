using System.Collections.Concurrent;
using WaCompliance.Identities;
using WaCompliance.Internal;
using WaCompliance.Privacy;

namespace WaCompliance.Suppression;

/// <summary>A thread-safe in-memory <see cref="ISuppressionList"/>; contents are lost when the process ends.</summary>
/// <remarks>
/// Lookups by number need no HMAC while every entry was added with its number; entries known only by subject key
/// (erasures, hashed imports) switch lookups of unknown numbers to the keyed path.
/// </remarks>
public sealed class InMemorySuppressionList : ISuppressionList
{
    private readonly ISubjectKeyProvider _keys;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<SubjectKey, Bucket> _bySubject = new();
    private readonly ConcurrentDictionary<WhatsAppIdentifier, Bucket> _byNumber = new();
    private int _subjectsWithoutNumber;

    /// <summary>Creates an empty list.</summary>
    /// <param name="keys">Computes subject keys.</param>
    /// <param name="timeProvider">The clock.</param>
    public InMemorySuppressionList(ISubjectKeyProvider keys, TimeProvider timeProvider)
    {
        _keys = Guard.NotNull(keys);
        _time = Guard.NotNull(timeProvider);
    }

    /// <inheritdoc />
    public ValueTask<SuppressionEntry> AddAsync(
        WhatsAppIdentifier number,
        ConsentPurpose purpose,
        SuppressionReason reason,
        string? source = null,
        DateTimeOffset? expiresAt = null,
        CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(number);
        var entry = SuppressionEntries.Create(_keys.GetKey(number), purpose, reason, _time.GetUtcNow(), source, expiresAt);
        Store(entry, number);
        return ValueTask.FromResult(entry);
    }

    /// <inheritdoc />
    public ValueTask AddAsync(SuppressionEntry entry, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(entry);
        SuppressionEntries.Validate(entry);
        Store(entry, null);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<bool> RemoveAsync(WhatsAppIdentifier number, ConsentPurpose purpose, SuppressionReason reason, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(number);
        var subject = _keys.GetKey(number);
        lock (_gate)
        {
            if (!_bySubject.TryGetValue(subject, out var bucket))
            {
                return ValueTask.FromResult(false);
            }

            var kept = bucket.Entries.Where(e => !(e.Purpose == purpose && e.Reason == reason)).ToArray();
            var removed = kept.Length != bucket.Entries.Length;
            bucket.Entries = kept;
            return ValueTask.FromResult(removed);
        }
    }

    /// <inheritdoc />
    public ValueTask<SuppressionEntry?> FindAsync(WhatsAppIdentifier number, ConsentPurpose purpose, DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        var bucket = Find(number);
        return ValueTask.FromResult(bucket is null ? null : SuppressionRules.FindBlocking(bucket.Entries, purpose, asOf));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SuppressionEntry>> GetEntriesAsync(SubjectKey subject, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<SuppressionEntry>>(_bySubject.TryGetValue(subject, out var bucket) ? bucket.Entries : []);

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<WhatsAppIdentifier, IReadOnlyList<SuppressionEntry>>> GetEntriesAsync(
        IReadOnlyCollection<WhatsAppIdentifier> numbers,
        CancellationToken cancellationToken = default)
    {
        Guard.NotNull(numbers);
        var result = new Dictionary<WhatsAppIdentifier, IReadOnlyList<SuppressionEntry>>();
        foreach (var number in numbers)
        {
            if (Find(number) is { Entries.Length: > 0 } bucket)
            {
                result[number] = bucket.Entries;
            }
        }

        return ValueTask.FromResult<IReadOnlyDictionary<WhatsAppIdentifier, IReadOnlyList<SuppressionEntry>>>(result);
    }

    private Bucket? Find(WhatsAppIdentifier number)
    {
        Guard.NotDefault(number);
        if (_byNumber.TryGetValue(number, out var bucket))
        {
            return bucket;
        }

        return Volatile.Read(ref _subjectsWithoutNumber) > 0 && _bySubject.TryGetValue(_keys.GetKey(number), out bucket)
            ? bucket
            : null;
    }

    private void Store(SuppressionEntry entry, WhatsAppIdentifier? number)
    {
        lock (_gate)
        {
            if (!_bySubject.TryGetValue(entry.Subject, out var bucket))
            {
                bucket = new Bucket();
                _bySubject[entry.Subject] = bucket;
                if (number is null)
                {
                    _subjectsWithoutNumber++;
                }
            }
            else if (number is not null && !bucket.HasNumber)
            {
                _subjectsWithoutNumber--;
            }

            if (number is { } n && !bucket.HasNumber)
            {
                bucket.HasNumber = true;
                _byNumber[n] = bucket;
            }

            var entries = bucket.Entries.Where(e => !(e.Purpose == entry.Purpose && e.Reason == entry.Reason)).ToList();
            entries.Add(entry);
            bucket.Entries = [.. entries];
        }
    }

    private sealed class Bucket
    {
        private volatile SuppressionEntry[] _entries = [];

        public SuppressionEntry[] Entries
        {
            get => _entries;
            set => _entries = value;
        }

        public bool HasNumber { get; set; }
    }
}
