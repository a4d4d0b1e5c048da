using System.Collections.Concurrent;

namespace WaCompliance.Idempotency;

/// <summary>A thread-safe in-memory <see cref="IIdempotencyStore"/>; claims are atomic within the process.</summary>
public sealed class InMemoryIdempotencyStore : IIdempotencyStore
{
    private readonly ConcurrentDictionary<string, SendRecord> _records = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _keyByProviderId = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask<IdempotencyClaim> TryClaimAsync(string key, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var record = IdempotencyRules.NewClaim(key, at);
        var stored = _records.GetOrAdd(record.Key, record);
        return ValueTask.FromResult(new IdempotencyClaim(ReferenceEquals(stored, record), stored));
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
        return ValueTask.FromResult(_keyByProviderId.TryGetValue(providerMessageId, out var key) ? _records.GetValueOrDefault(key) : null);
    }
}
