using WaCompliance.Consent;
using WaCompliance.Identities;
using WaCompliance.Numbers;

namespace WaCompliance.Conversations;

/// <summary>How windows change with each event, the same for every store.</summary>
public static class ConversationWindowRules
{
    private static readonly TimeSpan s_referralReplyDeadline = TimeSpan.FromHours(24);

    /// <summary>Applies an inbound message or call: the window (re)opens for the configured duration; older events never move it back.</summary>
    /// <param name="existing">The current window, or <see langword="null"/>.</param>
    /// <param name="business">The business number.</param>
    /// <param name="user">The person's number.</param>
    /// <param name="at">When the person wrote.</param>
    /// <param name="origin">Whether it came through an ad or page referral.</param>
    /// <param name="customerServiceWindow">The window length (24 hours).</param>
    /// <returns>The new window.</returns>
    public static ConversationWindow ApplyInbound(
        ConversationWindow? existing,
        WhatsAppNumber business,
        WhatsAppIdentifier user,
        DateTimeOffset at,
        InboundOrigin origin,
        TimeSpan customerServiceWindow)
    {
        at = ConsentChain.NormalizeTimestamp(at);
        if (existing is not null && at <= existing.LastInboundAt)
        {
            return existing;
        }

        var referralPending = origin == InboundOrigin.EntryPointReferral
            && !(existing?.FreeEntryPointEndsAt is { } fep && fep > at);
        return new ConversationWindow
        {
            Business = business,
            User = user,
            LastInboundAt = at,
            CustomerServiceWindowEndsAt = at + customerServiceWindow,
            PendingReferralAt = referralPending ? at : existing?.PendingReferralAt,
            FreeEntryPointEndsAt = existing?.FreeEntryPointEndsAt,
        };
    }

    /// <summary>Applies a business reply: if it answers a referral within 24 hours, the free entry point window opens.</summary>
    /// <param name="existing">The current window, or <see langword="null"/>.</param>
    /// <param name="at">When the business replied.</param>
    /// <param name="freeEntryPointWindow">The free entry point length (72 hours).</param>
    /// <returns>The new window, or <paramref name="existing"/> when nothing changes.</returns>
    public static ConversationWindow? ApplyBusinessReply(ConversationWindow? existing, DateTimeOffset at, TimeSpan freeEntryPointWindow)
    {
        at = ConsentChain.NormalizeTimestamp(at);
        if (existing?.PendingReferralAt is not { } referral || at < referral)
        {
            return existing;
        }

        if (at - referral >= s_referralReplyDeadline)
        {
            return existing with { PendingReferralAt = null };
        }

        return existing with { PendingReferralAt = null, FreeEntryPointEndsAt = at + freeEntryPointWindow };
    }

    /// <summary>Applies a provider's report that the customer service window is closed (e.g. error 131047 or 63016).</summary>
    /// <param name="existing">The current window, or <see langword="null"/>.</param>
    /// <param name="at">When the provider refused.</param>
    /// <returns>The corrected window, or <paramref name="existing"/> when already closed.</returns>
    public static ConversationWindow? ApplyClosed(ConversationWindow? existing, DateTimeOffset at)
    {
        at = ConsentChain.NormalizeTimestamp(at);
        return existing is null || existing.CustomerServiceWindowEndsAt <= at
            ? existing
            : existing with { CustomerServiceWindowEndsAt = at };
    }
}
