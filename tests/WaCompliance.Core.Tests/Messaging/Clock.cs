using Microsoft.Extensions.Time.Testing;

namespace WaCompliance.Tests.Messaging;

/// <summary>
/// A fake clock that reports every timer created on it (Polly's retry delays and attempt timeouts, the throughput
/// limiter's waits), so a test moves time exactly when the code under test waits on it, never by sleeping.
/// </summary>
internal sealed class ObservedTime(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Lock _gate = new();
    private readonly List<TimeSpan> _created = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _seen;

    /// <summary>The due times of the timers created so far, in order.</summary>
    public IReadOnlyList<TimeSpan> Created
    {
        get
        {
            lock (_gate)
            {
                return [.. _created];
            }
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        TaskCompletionSource changed;
        lock (_gate)
        {
            _created.Add(dueTime);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.SetResult();
        return timer;
    }

    /// <summary>
    /// Waits until a timer matching <paramref name="match"/> is created (looking only at timers created since the
    /// previous wait), or until <paramref name="work"/> ends first.
    /// </summary>
    /// <param name="work">The operation expected to wait on the timer.</param>
    /// <param name="match">Which timer.</param>
    /// <returns>The timer's due time, or <see langword="null"/> when the work ended without creating one.</returns>
    public async Task<TimeSpan?> TimerAsync(Task work, Func<TimeSpan, bool> match)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                while (_seen < _created.Count)
                {
                    var due = _created[_seen++];
                    if (match(due))
                    {
                        return due;
                    }
                }

                changed = _changed.Task;
            }

            if (work.IsCompleted)
            {
                return null;
            }

            await Task.WhenAny(changed, work);
        }
    }

    /// <summary>Drives <paramref name="work"/> to its end: each time it creates a matching timer, time moves to it.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="work">The operation.</param>
    /// <param name="match">Which timers to move to (retry delays, say, and not attempt timeouts while a call is pending).</param>
    /// <returns>The result.</returns>
    public async Task<T> RunAsync<T>(Task<T> work, Func<TimeSpan, bool> match)
    {
        while (!work.IsCompleted)
        {
            if (await TimerAsync(work, match) is { } due)
            {
                Advance(due);
            }
        }

        return await work;
    }
}
