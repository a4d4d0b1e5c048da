using System.Collections.Concurrent;
using WaCompliance.Internal;
using WaCompliance.Numbers;

namespace WaCompliance.Jurisdictions;

/// <summary>A thread-safe in-memory <see cref="IJurisdictionOverrideStore"/>.</summary>
public sealed class InMemoryJurisdictionOverrideStore : IJurisdictionOverrideStore
{
    private readonly ConcurrentDictionary<WhatsAppNumber, JurisdictionOverride> _overrides = new();

    /// <inheritdoc />
    public ValueTask<JurisdictionOverride?> GetAsync(WhatsAppNumber number, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(number);
        return ValueTask.FromResult(_overrides.GetValueOrDefault(number));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<WhatsAppNumber, JurisdictionOverride>> GetManyAsync(IReadOnlyCollection<WhatsAppNumber> numbers, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(numbers);
        var result = new Dictionary<WhatsAppNumber, JurisdictionOverride>();
        foreach (var number in numbers)
        {
            if (_overrides.TryGetValue(number, out var value))
            {
                result[number] = value;
            }
        }

        return ValueTask.FromResult<IReadOnlyDictionary<WhatsAppNumber, JurisdictionOverride>>(result);
    }

    /// <inheritdoc />
    public ValueTask<JurisdictionOverride> SetAsync(WhatsAppNumber number, JurisdictionOverride jurisdictionOverride, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(number);
        var normalized = Guard.NotNull(jurisdictionOverride).Validate();
        _overrides[number] = normalized;
        return ValueTask.FromResult(normalized);
    }

    /// <inheritdoc />
    public ValueTask<bool> RemoveAsync(WhatsAppNumber number, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(number);
        return ValueTask.FromResult(_overrides.TryRemove(number, out _));
    }
}
