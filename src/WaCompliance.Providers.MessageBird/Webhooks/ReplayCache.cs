namespace WaCompliance.Providers.MessageBird.Webhooks;

/// <summary>
/// Remembers webhook signatures (or JWT ids) until they expire, to refuse a request seen before. The reader checks a
/// request with <see cref="IsKnown"/> and records it with <see cref="TryRegister"/> only once its delivery was applied,
/// so a redelivery of one whose processing failed is accepted. Bounded: past its capacity the oldest entries are
/// forgotten first. Time comes from the caller (a <see cref="TimeProvider"/>).
/// </summary>
internal sealed class ReplayCache
{
    private readonly object _gate = new();
    private readonly Dictionary<string, long> _expiries = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, long Expiry)> _order = new();
    private readonly int _capacity;

    public ReplayCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _expiries.Count;
            }
        }
    }

    /// <summary>Whether a key is recorded and not expired (nothing is recorded).</summary>
    public bool IsKnown(string key, DateTimeOffset now)
    {
        var nowTicks = now.UtcTicks;
        lock (_gate)
        {
            Prune(nowTicks);
            return _expiries.TryGetValue(key, out var expiry) && expiry > nowTicks;
        }
    }

    /// <summary>Records a key until <paramref name="expiresAt"/>; <see langword="false"/> when it is already recorded and not expired.</summary>
    public bool TryRegister(string key, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        var nowTicks = now.UtcTicks;
        lock (_gate)
        {
            Prune(nowTicks);
            if (_expiries.TryGetValue(key, out var expiry) && expiry > nowTicks)
            {
                return false;
            }

            _expiries[key] = expiresAt.UtcTicks;
            _order.Enqueue((key, expiresAt.UtcTicks));
            while (_expiries.Count > _capacity && _order.Count > 0)
            {
                var (oldest, oldestExpiry) = _order.Dequeue();
                if (_expiries.TryGetValue(oldest, out var current) && current == oldestExpiry)
                {
                    _expiries.Remove(oldest);
                }
            }

            return true;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _expiries.Clear();
            _order.Clear();
        }
    }

    private void Prune(long nowTicks)
    {
        // Entries are queued in arrival order and share one window, so expired ones are at the front.
        while (_order.Count > 0 && _order.Peek().Expiry <= nowTicks)
        {
            var (key, expiry) = _order.Dequeue();
            if (_expiries.TryGetValue(key, out var current) && current == expiry)
            {
                _expiries.Remove(key);
            }
        }
    }
}
