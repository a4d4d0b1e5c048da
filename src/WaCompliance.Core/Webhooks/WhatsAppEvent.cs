using WaCompliance.Identities;
using WaCompliance.Numbers;

namespace WaCompliance.Webhooks;

/// <summary>
/// A provider-neutral event read from a webhook: an inbound message, a button reply, a delivery status, a template
/// status change or a marketing preference change. Provider webhook readers produce them; the
/// webhook processor applies them.
/// </summary>
public abstract record WhatsAppEvent
{
    /// <summary>The provider's id of the event (message id, status id + status): used to ignore redeliveries.</summary>
    public required string EventId { get; init; }

    /// <summary>The gateway registration it came through, e.g. <c>twilio:main</c>.</summary>
    public required string Source { get; init; }

    /// <summary>
    /// When it happened, as the provider says; when it was received if the provider does not say, or says a time
    /// outside <see cref="WebhookTimes"/>' range (then <see cref="ReportedAt"/> keeps what it said).
    /// </summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>
    /// The provider's time when it could not be <see cref="OccurredAt"/> (before <see cref="WebhookTimes.Earliest"/>, or
    /// later than the allowed clock skew after the event was received); <see langword="null"/> otherwise. A consent event
    /// made from it carries it as the reported capture time, kept as evidence (<see cref="Consent.ConsentRecord.ReportedAt"/>).
    /// </summary>
    public DateTimeOffset? ReportedAt { get; init; }

    /// <summary>The business number involved, when the event names one.</summary>
    public WhatsAppNumber? Business { get; init; }
}

/// <summary>A message (or call) from a person: opens or refreshes the customer service window; may be an opt-out or opt-in keyword.</summary>
public sealed record InboundMessageEvent : WhatsAppEvent
{
    /// <summary>The person: a phone number, a business-scoped user ID, or both when the provider names both.</summary>
    public required WhatsAppIdentity From { get; init; }

    /// <summary>The provider's message id.</summary>
    public required string MessageId { get; init; }

    /// <summary>The text, or the caption of media; <see langword="null"/> for other kinds.</summary>
    public string? Text { get; init; }

    /// <summary>The kind: <c>text</c>, <c>image</c>, <c>document</c>, <c>audio</c>, <c>video</c>, <c>location</c>, <c>contacts</c>, <c>sticker</c>, <c>reaction</c> ...</summary>
    public string MessageType { get; init; } = "text";

    /// <summary>Whether it came through a Click-to-WhatsApp ad or Page referral.</summary>
    public Conversations.InboundOrigin Origin { get; init; }

    /// <summary>The provider message id it replies to, if any.</summary>
    public string? ReplyToMessageId { get; init; }
}

/// <summary>A tap on a quick-reply or template button.</summary>
public sealed record ButtonReplyEvent : WhatsAppEvent
{
    /// <summary>The person: a phone number, a business-scoped user ID, or both when the provider names both.</summary>
    public required WhatsAppIdentity From { get; init; }

    /// <summary>The provider's message id of the reply.</summary>
    public required string MessageId { get; init; }

    /// <summary>The button's payload or id.</summary>
    public string? Payload { get; init; }

    /// <summary>The button's label.</summary>
    public string? Text { get; init; }

    /// <summary>The message whose button was tapped.</summary>
    public string? ReplyToMessageId { get; init; }
}

/// <summary>A delivery status of a message the business sent.</summary>
public sealed record MessageStatusEvent : WhatsAppEvent
{
    /// <summary>The provider's message id of the sent message.</summary>
    public required string ProviderMessageId { get; init; }

    /// <summary>The status.</summary>
    public required Gateways.MessageDeliveryStatus Status { get; init; }

    /// <summary>The recipient, when the provider names it (a phone number, a business-scoped user ID, or both).</summary>
    public WhatsAppIdentity? Recipient { get; init; }

    /// <summary>Why it failed, for failed or undelivered statuses.</summary>
    public Gateways.ProviderError? Error { get; init; }

    /// <summary>
    /// The send's reference the gateway passed along with the message (<see cref="Gateways.GatewayMessage.Reference"/>:
    /// Meta's <c>biz_opaque_callback_data</c>, Bird's <c>reference</c>, the <c>WaComplianceReference</c> query parameter
    /// of a Twilio status callback URL), when the provider echoes it: lets a send whose provider id was never recorded
    /// (unknown, or abandoned by a process that stopped) be reconciled. An idempotency key is accepted too.
    /// </summary>
    public string? ClientReference { get; init; }
}

/// <summary>A change of a template's status, quality or category.</summary>
public sealed record TemplateStatusEvent : WhatsAppEvent
{
    /// <summary>The template name.</summary>
    public required string TemplateName { get; init; }

    /// <summary>The template language, when the provider names it.</summary>
    public string? Language { get; init; }

    /// <summary>The provider's template id.</summary>
    public string? ProviderTemplateId { get; init; }

    /// <summary>The new status.</summary>
    public required Templates.TemplateStatus Status { get; init; }

    /// <summary>The new quality rating, if reported.</summary>
    public Templates.TemplateQuality? Quality { get; init; }

    /// <summary>The new category, if reported (recategorization).</summary>
    public Templates.TemplateCategory? Category { get; init; }

    /// <summary>The provider's reason.</summary>
    public string? Reason { get; init; }
}

/// <summary>Whether a person stopped or resumed marketing messages from the business number.</summary>
public enum MarketingPreference
{
    /// <summary>Stopped marketing messages ("Stop promotions").</summary>
    Stop = 1,

    /// <summary>Resumed marketing messages.</summary>
    Resume,
}

/// <summary>Meta's <c>user_preferences</c> signal: a person stopped or resumed marketing messages in WhatsApp.</summary>
public sealed record MarketingPreferenceEvent : WhatsAppEvent
{
    /// <summary>The person: a phone number, a business-scoped user ID, or both when the provider names both.</summary>
    public required WhatsAppIdentity From { get; init; }

    /// <summary>Stop or resume.</summary>
    public required MarketingPreference Preference { get; init; }
}

/// <summary>
/// Evidence that identifiers name one person: a number change (<c>user_changed_number</c>), a user ID change
/// (<c>user_changed_user_id</c>, <c>user_id_update</c>) or a number shared on request (<c>contacts</c> with
/// <c>origin: contact_request</c>). Processing links every identifier of <see cref="Previous"/> to every one of
/// <see cref="Current"/>, so opt-outs recorded under the old ones apply to the new.
/// </summary>
public sealed record IdentityLinkEvent : WhatsAppEvent
{
    /// <summary>The person as known before (the old number or user ID), or as they wrote from.</summary>
    public required WhatsAppIdentity Previous { get; init; }

    /// <summary>The person as known now (the new number or user ID, or the number they shared).</summary>
    public required WhatsAppIdentity Current { get; init; }

    /// <summary>What the provider reported.</summary>
    public required IdentityLinkReason Reason { get; init; }
}
