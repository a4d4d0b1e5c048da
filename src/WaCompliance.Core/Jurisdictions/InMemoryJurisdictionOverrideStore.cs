using System.Collections.Concurrent;
using WaCompliance.Identities;
using WaCompliance.Internal;

namespace WaCompliance.Jurisdictions;

/// <summary>A thread-safe in-memory <see cref="IJurisdictionOverrideStore"/>.</summary>
public sealed class InMemoryJurisdictionOverrideStore : IJurisdictionOverrideStore
{
    private readonly ConcurrentDictionary<WhatsAppIdentifier, JurisdictionOverride> _overrides = new();

    /// <inheritdoc />
    public ValueTask<JurisdictionOverride?> GetAsync(WhatsAppIdentifier number, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(number);
        return ValueTask.FromResult(_overrides.GetValueOrDefault(number));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<WhatsAppIdentifier, JurisdictionOverride>> GetManyAsync(IReadOnlyCollection<WhatsAppIdentifier> numbers, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(numbers);
        var result = new Dictionary<WhatsAppIdentifier, JurisdictionOverride>();
        foreach (var number in numbers)
        {
            if (_overrides.TryGetValue(number, out var value))
            {
                result[number] = value;
            }
        }

        return ValueTask.FromResult<IReadOnlyDictionary<WhatsAppIdentifier, JurisdictionOverride>>(result);
    }

    /// <inheritdoc />
    public ValueTask<JurisdictionOverride> SetAsync(WhatsAppIdentifier number, JurisdictionOverride jurisdictionOverride, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(number);
        var normalized = Guard.NotNull(jurisdictionOverride).Validate();
        _overrides[number] = normalized;
        return ValueTask.FromResult(normalized);
    }

    /// <inheritdoc />
    public ValueTask<bool> RemoveAsync(WhatsAppIdentifier number, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(number);
        return ValueTask.FromResult(_overrides.TryRemove(number, out _));
    }
}
