using WaCompliance.Gateways;

namespace WaCompliance.Providers.MessageBird;

/// <summary>Refusals decided before any HTTP request: the message cannot be expressed in the chosen API.</summary>
internal static class RequestRefusal
{
    public static ProviderError Invalid(string code, string message) => new(ProviderErrorKind.InvalidRequest, code, message);

    public static readonly ProviderError InteractiveNotSupported = Invalid(
        "interactive_not_supported",
        "Interactive quick-reply messages are not sent through MessageBird/Bird: the provider reference documents no quick-reply shape for these APIs. Send a template with quick-reply buttons, or text.");

    public static readonly ProviderError AudioCaption = Invalid(
        "audio_caption_not_supported", "WhatsApp audio messages take no caption.");

    public static readonly ProviderError ConversationsNeedsPhone = new(
        ProviderErrorKind.UserIdNotSupported,
        "user_id_not_supported_by_conversations_api",
        "The legacy MessageBird Conversations API addresses recipients by phone number only and cannot send to a business-scoped user ID; send through the Bird Channels API (ApiMode Channels), or to the person's phone number.");

    public static readonly ProviderError ParentUserIdNotSupported = new(
        ProviderErrorKind.UserIdNotSupported,
        "parent_user_id_not_supported",
        "Bird documents no identifier key for a parent business-scoped user ID (only whatsappbsuid for the person's own user ID); send to the person's user ID or phone number.");

    public static readonly ProviderError AuthenticationToUserId = new(
        ProviderErrorKind.UserIdNotSupported,
        "authentication_template_needs_phone",
        "WhatsApp sends authentication templates to phone numbers only (Meta 131062); this recipient is known only by a business-scoped user ID.");

    public static readonly ProviderError UnknownSender = Invalid(
        "sender_not_configured", "The message goes from a number that is not one of this registration's Senders.");
}
