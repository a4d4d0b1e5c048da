using System.Collections.Concurrent;
using WaCompliance.Numbers;

namespace WaCompliance.Gateways;

/// <summary>
/// A token bucket per sender number: at most the configured messages per second, with a burst of one second's worth.
/// Callers over the rate wait (on the injected clock) rather than fail.
/// </summary>
internal sealed class SenderThroughputLimiter
{
    private readonly ConcurrentDictionary<WhatsAppNumber, Bucket> _buckets = new();
    private readonly TimeProvider _time;
    private readonly double _perSecond;

    public SenderThroughputLimiter(TimeProvider time, double perSecond)
    {
        _time = time;
        _perSecond = perSecond;
    }

    public async ValueTask WaitAsync(WhatsAppNumber sender, CancellationToken cancellationToken)
    {
        if (_perSecond <= 0)
        {
            return;
        }

        var bucket = _buckets.GetOrAdd(sender, static (_, limiter) => new Bucket(limiter._perSecond, limiter._time.GetTimestamp()), this);
        while (true)
        {
            var wait = bucket.TryTake(_time.GetTimestamp(), _time.TimestampFrequency, _perSecond);
            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class Bucket(double capacity, long timestamp)
    {
        private readonly Lock _gate = new();
        private readonly double _capacity = capacity;
        private double _tokens = capacity;
        private long _last = timestamp;

        public TimeSpan TryTake(long now, long frequency, double perSecond)
        {
            lock (_gate)
            {
                var elapsed = (double)(now - _last) / frequency;
                _last = now;
                _tokens = Math.Min(_capacity, _tokens + (elapsed * perSecond));
                if (_tokens >= 1)
                {
                    _tokens -= 1;
                    return TimeSpan.Zero;
                }

                return TimeSpan.FromSeconds((1 - _tokens) / perSecond);
            }
        }
    }
}
