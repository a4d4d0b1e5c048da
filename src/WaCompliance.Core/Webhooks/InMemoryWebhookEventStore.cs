using System.Collections.Concurrent;

namespace WaCompliance.Webhooks;

/// <summary>A thread-safe in-memory <see cref="IWebhookEventStore"/>.</summary>
public sealed class InMemoryWebhookEventStore : IWebhookEventStore
{
    private readonly ConcurrentDictionary<(string Source, string EventId), DateTimeOffset> _events = new();

    /// <inheritdoc />
    public ValueTask<bool> TryRecordAsync(string source, string eventId, DateTimeOffset receivedAt, CancellationToken cancellationToken = default)
    {
        WebhookEventKeys.Validate(source, eventId);
        return ValueTask.FromResult(_events.TryAdd((source, eventId), receivedAt));
    }

    /// <inheritdoc />
    public ValueTask<int> PruneAsync(DateTimeOffset receivedBefore, CancellationToken cancellationToken = default)
    {
        var removed = 0;
        foreach (var pair in _events)
        {
            if (pair.Value < receivedBefore && _events.TryRemove(pair.Key, out _))
            {
                removed++;
            }
        }

        return ValueTask.FromResult(removed);
    }
}
