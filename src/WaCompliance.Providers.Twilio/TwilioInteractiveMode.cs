namespace WaCompliance.Providers.Twilio;

/// <summary>
/// How the Twilio gateway sends <see cref="WaCompliance.Messaging.InteractiveContent"/>: Twilio's Messages API has no
/// quick-reply fields, WhatsApp buttons exist only in Content API resources (<c>twilio/quick-reply</c>).
/// </summary>
public enum TwilioInteractiveMode
{
    /// <summary>
    /// Creates one Content resource per distinct set of buttons and footer (<c>twilio/quick-reply</c>, or
    /// <c>whatsapp/card</c> when there is a footer) whose body is the variable <c>{{1}}</c>, remembers its
    /// ContentSid for the life of the gateway, and sends the message with that ContentSid and the body as
    /// <c>ContentVariables</c>. Message text is never stored in the Content resource. Session messages only: such
    /// content is not submitted for WhatsApp approval.
    /// </summary>
    CreateContent = 0,

    /// <summary>Refuses interactive messages with <see cref="WaCompliance.Gateways.ProviderErrorKind.InvalidRequest"/> before any HTTP call.</summary>
    Refuse,
}
