using WaCompliance.Consent;
using WaCompliance.Internal;

namespace WaCompliance.Counters;

/// <summary>Validation and counting of message entries, the same for every store.</summary>
public static class MessageCounterRules
{
    /// <summary>Checks an entry and normalizes its time and topic.</summary>
    /// <param name="entry">The entry.</param>
    /// <returns>The entry to store.</returns>
    /// <exception cref="ArgumentException">A number is missing or the topic is too long.</exception>
    public static MessageCountEntry Normalize(MessageCountEntry entry)
    {
        Guard.NotNull(entry);
        Guard.NotDefault(entry.Sender, nameof(entry.Sender));
        Guard.NotDefault(entry.Recipient, nameof(entry.Recipient));
        var topic = string.IsNullOrWhiteSpace(entry.Topic) ? null : entry.Topic.Trim();
        if (topic is { Length: > 128 })
        {
            throw new ArgumentException("A message topic has at most 128 characters.", nameof(entry));
        }

        if (entry.ContentFingerprint is { Length: > 128 })
        {
            throw new ArgumentException("A content fingerprint has at most 128 characters.", nameof(entry));
        }

        var sentAt = ConsentChain.NormalizeTimestamp(entry.SentAt);
        if (sentAt.Equals(entry.SentAt) && entry.SentAt.Offset == TimeSpan.Zero && ReferenceEquals(topic, entry.Topic))
        {
            // Already in stored form: no copy.
            return entry;
        }

        return entry with { SentAt = sentAt, Topic = topic };
    }

    /// <summary>Counts entries since an instant, optionally of one purpose and topic (topics compare ignoring case).</summary>
    /// <param name="entries">A person's entries.</param>
    /// <param name="since">The start (inclusive).</param>
    /// <param name="purpose">Only this purpose, or <see langword="null"/>.</param>
    /// <param name="topic">Only this topic, or <see langword="null"/>.</param>
    /// <returns>The count.</returns>
    public static int Count(IEnumerable<MessageCountEntry> entries, DateTimeOffset since, ConsentPurpose? purpose, string? topic)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var count = 0;
        foreach (var entry in entries)
        {
            if (entry.SentAt >= since
                && (purpose is not { } p || entry.Purpose == p)
                && (topic is null || string.Equals(entry.Topic, topic, StringComparison.OrdinalIgnoreCase)))
            {
                count++;
            }
        }

        return count;
    }
}
