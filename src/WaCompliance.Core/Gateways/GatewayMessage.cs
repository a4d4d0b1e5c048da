using WaCompliance.Identities;
using WaCompliance.Messaging;
using WaCompliance.Numbers;
using WaCompliance.Templates;

namespace WaCompliance.Gateways;

/// <summary>A message the policy allowed, ready for a provider: parsed numbers, content, and the catalog template when it is one.</summary>
public sealed record GatewayMessage
{
    /// <summary>The business number it goes from.</summary>
    public required WhatsAppNumber From { get; init; }

    /// <summary>
    /// The recipient: gateways send to <see cref="WhatsAppIdentity.Phone"/> when it is known (Meta recommends it, and
    /// it keeps phone fields in later webhooks), otherwise to <see cref="WhatsAppIdentity.UserId"/> or
    /// <see cref="WhatsAppIdentity.ParentUserId"/>.
    /// </summary>
    public required WhatsAppIdentity To { get; init; }

    /// <summary>The content.</summary>
    public required MessageContent Content { get; init; }

    /// <summary>For template content: the catalog's template (providers take their own ids from it, e.g. a Twilio ContentSid).</summary>
    public MessageTemplate? Template { get; init; }

    /// <summary>The provider message id this replies to.</summary>
    public string? ReplyToMessageId { get; init; }

    /// <summary>The idempotency key of the send (providers that support one pass it on).</summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>
    /// The send's own reference (<see cref="Idempotency.SendRecord.Reference"/>), recorded with the claim before this
    /// call. Gateways pass it where the provider takes a client reference that status webhooks echo (Twilio: a query
    /// parameter of the status callback URL; Bird Channels: <c>reference</c>; 360dialog / Cloud API:
    /// <c>biz_opaque_callback_data</c>), so a send whose outcome was never recorded can still be reconciled.
    /// </summary>
    public string? Reference { get; init; }
}
