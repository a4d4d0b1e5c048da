using System.Collections.Concurrent;

namespace WaCompliance.Idempotency;

/// <summary>A thread-safe in-memory <see cref="IIdempotencyStore"/>; claims are atomic within the process.</summary>
public sealed class InMemoryIdempotencyStore : IIdempotencyStore
{
    private readonly ConcurrentDictionary<string, SendRecord> _records = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _keyByProviderId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _keyByReference = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask<IdempotencyClaim> TryClaimAsync(SendClaim claim, CancellationToken cancellationToken = default)
    {
        var record = IdempotencyRules.NewClaim(claim);
        while (true)
        {
            var stored = _records.GetOrAdd(record.Key, record);
            if (ReferenceEquals(stored, record))
            {
                _keyByReference[record.Reference!] = record.Key;
                return ValueTask.FromResult(new IdempotencyClaim(true, record));
            }

            if (!IdempotencyRules.MayResend(stored, claim.Resend))
            {
                return ValueTask.FromResult(new IdempotencyClaim(false, stored));
            }

            var again = IdempotencyRules.Reclaim(stored, claim);
            if (_records.TryUpdate(record.Key, again, stored))
            {
                _keyByReference[again.Reference!] = again.Key;
                return ValueTask.FromResult(new IdempotencyClaim(true, again));
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<SendRecord> CompleteAsync(string key, SendOutcome outcome, CancellationToken cancellationToken = default)
    {
        IdempotencyRules.ValidateKey(key);
        while (true)
        {
            if (!_records.TryGetValue(key, out var current))
            {
                throw new KeyNotFoundException("The idempotency key was never claimed.");
            }

            var updated = IdempotencyRules.Apply(current, outcome);
            if (ReferenceEquals(updated, current) || _records.TryUpdate(key, updated, current))
            {
                if (updated.ProviderMessageId is { } id)
                {
                    _keyByProviderId[id] = key;
                }

                return ValueTask.FromResult(updated);
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<SendRecord?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_records.GetValueOrDefault(IdempotencyRules.ValidateKey(key)));

    /// <inheritdoc />
    public ValueTask<SendRecord?> FindByProviderMessageIdAsync(string providerMessageId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(providerMessageId);
        return ValueTask.FromResult(
            _keyByProviderId.TryGetValue(providerMessageId, out var key) && _records.GetValueOrDefault(key) is { } record
            && string.Equals(record.ProviderMessageId, providerMessageId, StringComparison.Ordinal)
                ? record
                : null);
    }

    /// <inheritdoc />
    public ValueTask<SendRecord?> FindByReferenceAsync(string reference, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        return ValueTask.FromResult(
            _keyByReference.TryGetValue(reference, out var key) && _records.GetValueOrDefault(key) is { } record
            && string.Equals(record.Reference, reference, StringComparison.Ordinal)
                ? record
                : null);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SendRecord>> ExpireLeasesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var expired = new List<SendRecord>();
        foreach (var candidate in _records.Values.Where(r => IdempotencyRules.IsAbandoned(r, now)).OrderBy(r => r.LeaseExpiresAt).ThenBy(r => r.Key, StringComparer.Ordinal))
        {
            if (expired.Count == limit)
            {
                break;
            }

            var unknown = IdempotencyRules.Expire(candidate, now);
            if (_records.TryUpdate(candidate.Key, unknown, candidate))
            {
                expired.Add(unknown);
            }
        }

        return ValueTask.FromResult<IReadOnlyList<SendRecord>>(expired);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SendRecord>> GetByStatusAsync(SendStatus status, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return ValueTask.FromResult<IReadOnlyList<SendRecord>>(
            [.. _records.Values.Where(r => r.Status == status).OrderBy(r => r.ClaimedAt).ThenBy(r => r.Key, StringComparer.Ordinal).Take(limit)]);
    }
}
