using WaCompliance.Identities;
using WaCompliance.Numbers;

namespace WaCompliance.Conversations;

/// <summary>Conversation windows per (business number, person), fed by inbound webhooks and provider errors.</summary>
public interface IConversationWindowStore
{
    /// <summary>The window between a business number and a person.</summary>
    /// <param name="business">The business number.</param>
    /// <param name="user">The person's number.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The window, or <see langword="null"/> if the person never wrote.</returns>
    ValueTask<ConversationWindow?> GetAsync(WhatsAppNumber business, WhatsAppIdentifier user, CancellationToken cancellationToken = default);

    /// <summary>The windows of many people with one business number in one round trip; people without one are absent.</summary>
    /// <param name="business">The business number.</param>
    /// <param name="users">The people.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The windows by person.</returns>
    ValueTask<IReadOnlyDictionary<WhatsAppIdentifier, ConversationWindow>> GetManyAsync(
        WhatsAppNumber business,
        IReadOnlyCollection<WhatsAppIdentifier> users,
        CancellationToken cancellationToken = default);

    /// <summary>Records an inbound message or call (<see cref="ConversationWindowRules.ApplyInbound"/>), atomically.</summary>
    /// <param name="business">The business number.</param>
    /// <param name="user">The person's number.</param>
    /// <param name="at">When the person wrote.</param>
    /// <param name="origin">Organic or through a referral.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The window after the update.</returns>
    ValueTask<ConversationWindow> RecordInboundAsync(
        WhatsAppNumber business,
        WhatsAppIdentifier user,
        DateTimeOffset at,
        InboundOrigin origin = InboundOrigin.Organic,
        CancellationToken cancellationToken = default);

    /// <summary>Records a business reply (<see cref="ConversationWindowRules.ApplyBusinessReply"/>), atomically.</summary>
    /// <param name="business">The business number.</param>
    /// <param name="user">The person's number.</param>
    /// <param name="at">When the business replied.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The window after the update, or <see langword="null"/> if there is none.</returns>
    ValueTask<ConversationWindow?> RecordBusinessReplyAsync(WhatsAppNumber business, WhatsAppIdentifier user, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Records a provider's report that the window is closed (<see cref="ConversationWindowRules.ApplyClosed"/>).</summary>
    /// <param name="business">The business number.</param>
    /// <param name="user">The person's number.</param>
    /// <param name="at">When.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The window after the update, or <see langword="null"/> if there is none.</returns>
    ValueTask<ConversationWindow?> CloseAsync(WhatsAppNumber business, WhatsAppIdentifier user, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Every window of a person, with any business number (data subject export).</summary>
    /// <param name="user">The person's number.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The windows.</returns>
    ValueTask<IReadOnlyList<ConversationWindow>> GetByUserAsync(WhatsAppIdentifier user, CancellationToken cancellationToken = default);

    /// <summary>Deletes every window of a person (erasure).</summary>
    /// <param name="user">The person's number.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>How many windows were deleted.</returns>
    ValueTask<int> RemoveUserAsync(WhatsAppIdentifier user, CancellationToken cancellationToken = default);
}
