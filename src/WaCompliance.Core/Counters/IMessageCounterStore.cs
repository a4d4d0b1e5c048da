using WaCompliance.Identities;
using WaCompliance.Numbers;

namespace WaCompliance.Counters;

/// <summary>
/// Remembers what was sent, for frequency caps per person and purpose over sliding periods, and for the messaging
/// limit: unique people reached with business-initiated messages per sender in a rolling 24 hours.
/// </summary>
public interface IMessageCounterStore
{
    /// <summary>Records one sent message.</summary>
    /// <param name="entry">The message.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when recorded.</returns>
    ValueTask RecordAsync(MessageCountEntry entry, CancellationToken cancellationToken = default);

    /// <summary>How many messages a person received since an instant, optionally only of one purpose and topic.</summary>
    /// <param name="recipient">The person.</param>
    /// <param name="since">The start of the period (inclusive).</param>
    /// <param name="purpose">Only this purpose, or <see langword="null"/> for all.</param>
    /// <param name="topic">Only this topic, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The count.</returns>
    ValueTask<int> CountAsync(
        WhatsAppIdentifier recipient,
        DateTimeOffset since,
        ConsentPurpose? purpose = null,
        string? topic = null,
        CancellationToken cancellationToken = default);

    /// <summary>The messages of one person since an instant, oldest first: what the policy counts caps and duplicates from.</summary>
    /// <param name="recipient">The person.</param>
    /// <param name="since">The start of the period (inclusive).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The messages.</returns>
    ValueTask<IReadOnlyList<MessageCountEntry>> GetRecentAsync(WhatsAppIdentifier recipient, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>The messages of many people since an instant, in one round trip (campaign prefetch); people with none are absent.</summary>
    /// <param name="recipients">The people.</param>
    /// <param name="since">The start of the period.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Each person's messages, oldest first.</returns>
    ValueTask<IReadOnlyDictionary<WhatsAppIdentifier, IReadOnlyList<MessageCountEntry>>> GetEntriesAsync(
        IReadOnlyCollection<WhatsAppIdentifier> recipients,
        DateTimeOffset since,
        CancellationToken cancellationToken = default);

    /// <summary>How many different people a sender reached with business-initiated messages since an instant.</summary>
    /// <param name="sender">The business number.</param>
    /// <param name="since">The start of the period (inclusive).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The number of unique people.</returns>
    ValueTask<int> CountUniqueRecipientsAsync(WhatsAppNumber sender, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>When a sender last reached a person with a business-initiated message, if it did.</summary>
    /// <param name="sender">The business number.</param>
    /// <param name="recipient">The person.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The time, or <see langword="null"/>.</returns>
    ValueTask<DateTimeOffset?> GetLastBusinessInitiatedAsync(WhatsAppNumber sender, WhatsAppIdentifier recipient, CancellationToken cancellationToken = default);

    /// <summary>Forgets every message to a person (erasure).</summary>
    /// <param name="recipient">The person.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>How many entries were removed.</returns>
    ValueTask<int> RemoveRecipientAsync(WhatsAppIdentifier recipient, CancellationToken cancellationToken = default);
}
