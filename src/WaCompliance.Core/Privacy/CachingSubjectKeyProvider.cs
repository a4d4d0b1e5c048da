using System.Collections.Concurrent;
using WaCompliance.Identities;

namespace WaCompliance.Privacy;

/// <summary>
/// Remembers recent subject keys (an HMAC costs microseconds; conversations revisit the same people). Bounded by two
/// generations: when the current one fills up it becomes the previous one and a new one starts; a key found only in
/// the previous generation moves to the current one. So everyone used within the last <c>capacity</c> distinct people
/// stays cached, with no cliff when the working set is just over the capacity, and counting needs no lock.
/// Holds numbers only in process memory, never persisted.
/// </summary>
internal sealed class CachingSubjectKeyProvider : ISubjectKeyProvider
{
    private readonly ISubjectKeyProvider _inner;
    private readonly int _capacity;
    private Generation _current = new();
    private Generation _previous = new();

    public CachingSubjectKeyProvider(ISubjectKeyProvider inner, int capacity = 100_000)
    {
        _inner = inner;
        _capacity = capacity;
    }

    public SubjectKey GetKey(WhatsAppIdentifier number)
    {
        var current = _current;
        if (current.Keys.TryGetValue(number, out var key))
        {
            return key;
        }

        if (!_previous.Keys.TryGetValue(number, out key))
        {
            key = _inner.GetKey(number);
        }

        if (current.Keys.TryAdd(number, key) && Interlocked.Increment(ref current.Count) >= _capacity)
        {
            // One thread retires the full generation; others keep using whichever they read.
            if (Interlocked.CompareExchange(ref _current, new Generation(), current) == current)
            {
                _previous = current;
            }
        }

        return key;
    }

    private sealed class Generation
    {
        public readonly ConcurrentDictionary<WhatsAppIdentifier, SubjectKey> Keys = new();
        public int Count;
    }
}
