using WaCompliance.Identities;
using WaCompliance.Numbers;

namespace WaCompliance.Conversations;

/// <summary>
/// The messaging windows between one business number and one person: the 24-hour customer service window opened by
/// the person's last message, and the 72-hour free entry point window after an ad or page referral.
/// </summary>
public sealed record ConversationWindow
{
    /// <summary>The business's WhatsApp number.</summary>
    public required WhatsAppNumber Business { get; init; }

    /// <summary>The person's number.</summary>
    public required WhatsAppIdentifier User { get; init; }

    /// <summary>When the person last wrote or called.</summary>
    public required DateTimeOffset LastInboundAt { get; init; }

    /// <summary>When free-form messages stop being allowed: 24 hours after <see cref="LastInboundAt"/>, or earlier if a provider reported the window closed.</summary>
    public required DateTimeOffset CustomerServiceWindowEndsAt { get; init; }

    /// <summary>When the person came through an ad or page referral that the business has not answered yet.</summary>
    public DateTimeOffset? PendingReferralAt { get; init; }

    /// <summary>When the free entry point window ends, if one was opened.</summary>
    public DateTimeOffset? FreeEntryPointEndsAt { get; init; }

    /// <summary>Whether free-form (non-template) messages may be sent at an instant.</summary>
    /// <param name="asOf">The instant.</param>
    /// <returns><see langword="true"/> inside the customer service window.</returns>
    public bool IsCustomerServiceWindowOpen(DateTimeOffset asOf) => asOf < CustomerServiceWindowEndsAt;

    /// <summary>Whether the free entry point window is open at an instant.</summary>
    /// <param name="asOf">The instant.</param>
    /// <returns><see langword="true"/> inside it.</returns>
    public bool IsFreeEntryPointOpen(DateTimeOffset asOf) => FreeEntryPointEndsAt is { } ends && asOf < ends;
}
