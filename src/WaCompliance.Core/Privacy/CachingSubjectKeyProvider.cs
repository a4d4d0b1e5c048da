using System.Collections.Concurrent;
using WaCompliance.Numbers;

namespace WaCompliance.Privacy;

/// <summary>
/// Remembers recent subject keys (an HMAC costs microseconds; conversations revisit the same people). Bounded: when
/// full it starts over. Holds numbers only in process memory, never persisted.
/// </summary>
internal sealed class CachingSubjectKeyProvider : ISubjectKeyProvider
{
    private readonly ISubjectKeyProvider _inner;
    private readonly int _capacity;
    private ConcurrentDictionary<WhatsAppNumber, SubjectKey> _cache = new();

    public CachingSubjectKeyProvider(ISubjectKeyProvider inner, int capacity = 100_000)
    {
        _inner = inner;
        _capacity = capacity;
    }

    public SubjectKey GetKey(WhatsAppNumber number)
    {
        var cache = _cache;
        if (cache.TryGetValue(number, out var key))
        {
            return key;
        }

        key = _inner.GetKey(number);
        if (cache.Count >= _capacity)
        {
            _cache = cache = new ConcurrentDictionary<WhatsAppNumber, SubjectKey>();
        }

        cache[number] = key;
        return key;
    }
}
