using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using WaCompliance.Identities;
using WaCompliance.Internal;
using WaCompliance.Numbers;

namespace WaCompliance.Counters;

/// <summary>
/// A thread-safe in-memory <see cref="IMessageCounterStore"/>. Entries older than the configured retention behind the
/// newest one are dropped as new ones arrive.
/// </summary>
public sealed class InMemoryMessageCounterStore : IMessageCounterStore
{
    private readonly ConcurrentDictionary<WhatsAppIdentifier, RecipientLog> _recipients = new();
    private readonly ConcurrentDictionary<WhatsAppNumber, SenderReach> _senders = new();
    private readonly TimeSpan _retention;

    /// <summary>Creates an empty store with the retention of the options.</summary>
    /// <param name="options">The options.</param>
    public InMemoryMessageCounterStore(IOptions<WhatsAppComplianceOptions> options)
    {
        _retention = Guard.NotNull(options).Value.MessageCounterRetention;
    }

    /// <inheritdoc />
    public ValueTask RecordAsync(MessageCountEntry entry, CancellationToken cancellationToken = default)
    {
        var normalized = MessageCounterRules.Normalize(entry);
        var log = _recipients.GetOrAdd(normalized.Recipient, static _ => new RecipientLog());
        lock (log)
        {
            log.Add(normalized, _retention);
        }

        if (normalized.BusinessInitiated)
        {
            var reach = _senders.GetOrAdd(normalized.Sender, static _ => new SenderReach());
            lock (reach)
            {
                reach.Touch(normalized.Recipient, normalized.SentAt, _retention);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<int> CountAsync(
        WhatsAppIdentifier recipient,
        DateTimeOffset since,
        ConsentPurpose? purpose = null,
        string? topic = null,
        CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(recipient);
        if (!_recipients.TryGetValue(recipient, out var log))
        {
            return ValueTask.FromResult(0);
        }

        return ValueTask.FromResult(MessageCounterRules.Count(log.Entries, since, purpose, topic));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<MessageCountEntry>> GetRecentAsync(WhatsAppIdentifier recipient, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(recipient);
        if (!_recipients.TryGetValue(recipient, out var log))
        {
            return ValueTask.FromResult<IReadOnlyList<MessageCountEntry>>([]);
        }

        var entries = log.Entries;
        var first = 0;
        while (first < entries.Length && entries[first].SentAt < since)
        {
            first++;
        }

        return ValueTask.FromResult<IReadOnlyList<MessageCountEntry>>(first == 0 ? entries : entries[first..]);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<WhatsAppIdentifier, IReadOnlyList<MessageCountEntry>>> GetEntriesAsync(
        IReadOnlyCollection<WhatsAppIdentifier> recipients,
        DateTimeOffset since,
        CancellationToken cancellationToken = default)
    {
        Guard.NotNull(recipients);
        var result = new Dictionary<WhatsAppIdentifier, IReadOnlyList<MessageCountEntry>>();
        foreach (var recipient in recipients)
        {
            if (!_recipients.TryGetValue(recipient, out var log))
            {
                continue;
            }

            var recent = log.Entries.Where(e => e.SentAt >= since).ToArray();
            if (recent.Length > 0)
            {
                result[recipient] = recent;
            }
        }

        return ValueTask.FromResult<IReadOnlyDictionary<WhatsAppIdentifier, IReadOnlyList<MessageCountEntry>>>(result);
    }

    /// <inheritdoc />
    public ValueTask<int> CountUniqueRecipientsAsync(WhatsAppNumber sender, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(sender);
        if (!_senders.TryGetValue(sender, out var reach))
        {
            return ValueTask.FromResult(0);
        }

        lock (reach)
        {
            return ValueTask.FromResult(reach.CountSince(since));
        }
    }

    /// <inheritdoc />
    public ValueTask<DateTimeOffset?> GetLastBusinessInitiatedAsync(WhatsAppNumber sender, WhatsAppIdentifier recipient, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(sender);
        Guard.NotDefault(recipient);
        if (!_senders.TryGetValue(sender, out var reach))
        {
            return ValueTask.FromResult<DateTimeOffset?>(null);
        }

        lock (reach)
        {
            return ValueTask.FromResult(reach.LastOf(recipient));
        }
    }

    /// <inheritdoc />
    public ValueTask<int> RemoveRecipientAsync(WhatsAppIdentifier recipient, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(recipient);
        var removed = 0;
        if (_recipients.TryRemove(recipient, out var log))
        {
            removed = log.Entries.Length;
        }

        foreach (var reach in _senders.Values)
        {
            lock (reach)
            {
                reach.Forget(recipient);
            }
        }

        return ValueTask.FromResult(removed);
    }

    /// <summary>One person's messages in time order, replaced as a whole on each change so readers need no lock.</summary>
    private sealed class RecipientLog
    {
        private volatile MessageCountEntry[] _entries = [];

        public MessageCountEntry[] Entries => _entries;

        public void Add(MessageCountEntry entry, TimeSpan retention)
        {
            var current = _entries;
            var index = current.Length;
            while (index > 0 && current[index - 1].SentAt > entry.SentAt)
            {
                index--;
            }

            var newest = index == current.Length ? entry.SentAt : current[^1].SentAt;
            var horizon = newest - retention;
            var stale = 0;
            while (stale < index && current[stale].SentAt < horizon)
            {
                stale++;
            }

            var next = new MessageCountEntry[current.Length - stale + 1];
            current.AsSpan(stale, index - stale).CopyTo(next);
            next[index - stale] = entry;
            current.AsSpan(index).CopyTo(next.AsSpan(index - stale + 1));
            _entries = next;
        }
    }

    /// <summary>
    /// The people a sender reached: each person's latest business-initiated time, and those times in order, kept in
    /// blocks of a few hundred so that a person reached again moves within one block (not the whole list) and counting
    /// the people reached since an instant walks the blocks from the newest.
    /// </summary>
    private sealed class SenderReach
    {
        private const int BlockSize = 256;
        private readonly Dictionary<WhatsAppIdentifier, long> _last = [];
        private readonly List<List<(long Ticks, WhatsAppIdentifier Recipient)>> _blocks = [];

        public void Touch(WhatsAppIdentifier recipient, DateTimeOffset at, TimeSpan retention)
        {
            var ticks = at.UtcTicks;
            if (_last.TryGetValue(recipient, out var previous))
            {
                if (previous >= ticks)
                {
                    return;
                }

                Remove(previous, recipient);
            }

            _last[recipient] = ticks;
            Insert(ticks, recipient);
            Prune(_blocks[^1][^1].Ticks - retention.Ticks);
        }

        public int CountSince(DateTimeOffset since)
        {
            var ticks = since.UtcTicks;
            var count = 0;
            for (var i = _blocks.Count - 1; i >= 0; i--)
            {
                var block = _blocks[i];
                if (block[0].Ticks >= ticks)
                {
                    count += block.Count;
                    continue;
                }

                return count + block.Count - LowerBound(block, ticks);
            }

            return count;
        }

        public DateTimeOffset? LastOf(WhatsAppIdentifier recipient) =>
            _last.TryGetValue(recipient, out var ticks) ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

        public void Forget(WhatsAppIdentifier recipient)
        {
            if (_last.Remove(recipient, out var ticks))
            {
                Remove(ticks, recipient);
            }
        }

        private void Insert(long ticks, WhatsAppIdentifier recipient)
        {
            // The block it belongs in: the last one starting at or before it (almost always the newest block).
            var b = _blocks.Count == 0 ? -1 : Math.Max(0, LastBlockStartingAtOrBefore(ticks));
            if (b < 0 || (b == _blocks.Count - 1 && _blocks[b].Count >= BlockSize && _blocks[b][^1].Ticks <= ticks))
            {
                _blocks.Add(new List<(long, WhatsAppIdentifier)>(BlockSize) { (ticks, recipient) });
                return;
            }

            var block = _blocks[b];
            block.Insert(UpperBound(block, ticks), (ticks, recipient));
            if (block.Count > 2 * BlockSize)
            {
                var upper = block.GetRange(BlockSize, block.Count - BlockSize);
                block.RemoveRange(BlockSize, block.Count - BlockSize);
                _blocks.Insert(b + 1, upper);
            }
        }

        private void Remove(long ticks, WhatsAppIdentifier recipient)
        {
            // From the last block starting at or before the time, back while blocks still reach it (equal times can span blocks).
            for (var b = LastBlockStartingAtOrBefore(ticks); b >= 0; b--)
            {
                var block = _blocks[b];
                if (block[^1].Ticks < ticks)
                {
                    return;
                }

                for (var i = LowerBound(block, ticks); i < block.Count && block[i].Ticks == ticks; i++)
                {
                    if (block[i].Recipient == recipient)
                    {
                        block.RemoveAt(i);
                        if (block.Count == 0)
                        {
                            _blocks.RemoveAt(b);
                        }

                        return;
                    }
                }
            }
        }

        private int LastBlockStartingAtOrBefore(long ticks)
        {
            int lo = 0, hi = _blocks.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (_blocks[mid][0].Ticks <= ticks)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo - 1;
        }

        private void Prune(long horizon)
        {
            while (_blocks.Count > 0)
            {
                var block = _blocks[0];
                var stale = LowerBound(block, horizon);
                if (stale == 0)
                {
                    return;
                }

                for (var i = 0; i < stale; i++)
                {
                    _last.Remove(block[i].Recipient);
                }

                if (stale < block.Count)
                {
                    block.RemoveRange(0, stale);
                    return;
                }

                _blocks.RemoveAt(0);
            }
        }

        private static int LowerBound(List<(long Ticks, WhatsAppIdentifier Recipient)> block, long ticks)
        {
            int lo = 0, hi = block.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (block[mid].Ticks < ticks)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo;
        }

        private static int UpperBound(List<(long Ticks, WhatsAppIdentifier Recipient)> block, long ticks)
        {
            int lo = 0, hi = block.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (block[mid].Ticks <= ticks)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo;
        }
    }
}
