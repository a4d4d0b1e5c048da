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

    public static readonly ProviderError UnknownSender = Invalid(
        "sender_not_configured", "The message goes from a number that is not one of this registration's Senders.");
}
