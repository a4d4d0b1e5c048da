using WaCompliance.Numbers;
using WaCompliance.Templates;

namespace WaCompliance.Messaging;

/// <summary>A message the application wants to send. The policy decides whether it may go.</summary>
public sealed record OutboundMessage
{
    /// <summary>The recipient (text or a parsed number).</summary>
    public required MessageRecipient To { get; init; }

    /// <summary>The business number to send from; <see langword="null"/> for the only registered sender.</summary>
    public WhatsAppNumber? From { get; init; }

    /// <summary>What the message says.</summary>
    public required MessageContent Content { get; init; }

    /// <summary>Why it is sent.</summary>
    public MessagePurpose Purpose { get; init; } = MessagePurpose.ServiceReply;

    /// <summary>
    /// A key that makes sending idempotent: one key, at most one message at the provider, whatever retries or
    /// restarts. Without one, each call is a new message.
    /// </summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>
    /// Whether a message whose key was used before may be sent again (<see cref="Idempotency.ResendPolicy.Never"/> by
    /// default): an explicit choice, recorded in the key's send record and the decision log. Ignored for opt-out
    /// confirmations.
    /// </summary>
    public Idempotency.ResendPolicy Resend { get; init; }

    /// <summary>The campaign this message belongs to (for audit and in-campaign deduplication).</summary>
    public string? CampaignId { get; init; }

    /// <summary>The subject matter, for caps "per subject" (Florida, Oklahoma, Maryland).</summary>
    public string? Topic { get; init; }

    /// <summary>The provider message id this replies to (shown as a quoted reply).</summary>
    public string? ReplyToMessageId { get; init; }

    /// <summary>Whether the message asks the person for consent (re-permission): special rules apply under CASL, CCPA and the ICO's guidance.</summary>
    public bool RequestsConsent { get; init; }

    /// <summary>Whether this is the single confirmation allowed right after a person opted out (no marketing content).</summary>
    public bool IsOptOutConfirmation { get; init; }

    /// <summary>A free-form text message.</summary>
    /// <param name="to">The recipient.</param>
    /// <param name="body">The text.</param>
    /// <param name="purpose">Why it is sent; a service reply by default.</param>
    /// <param name="idempotencyKey">The idempotency key.</param>
    /// <returns>The message.</returns>
    public static OutboundMessage Text(MessageRecipient to, string body, MessagePurpose purpose = MessagePurpose.ServiceReply, string? idempotencyKey = null) =>
        new() { To = to, Content = new TextContent(body), Purpose = purpose, IdempotencyKey = idempotencyKey };

    /// <summary>An approved template with positional parameters.</summary>
    /// <param name="to">The recipient.</param>
    /// <param name="template">The template name.</param>
    /// <param name="language">The template language.</param>
    /// <param name="purpose">Why it is sent; must fit the template's category.</param>
    /// <param name="parameters">The body values, in order.</param>
    /// <param name="idempotencyKey">The idempotency key.</param>
    /// <returns>The message.</returns>
    public static OutboundMessage Template(
        MessageRecipient to,
        string template,
        string language,
        MessagePurpose purpose,
        IReadOnlyList<string>? parameters = null,
        string? idempotencyKey = null) =>
        new()
        {
            To = to,
            Content = new TemplateContent(template, language) { Parameters = TemplateParameters.Positional([.. parameters ?? []]) },
            Purpose = purpose,
            IdempotencyKey = idempotencyKey,
        };

    /// <summary>A media message.</summary>
    /// <param name="to">The recipient.</param>
    /// <param name="kind">The media kind.</param>
    /// <param name="url">The media URL.</param>
    /// <param name="caption">The caption.</param>
    /// <param name="purpose">Why it is sent.</param>
    /// <returns>The message.</returns>
    public static OutboundMessage Media(MessageRecipient to, MediaKind kind, Uri url, string? caption = null, MessagePurpose purpose = MessagePurpose.ServiceReply) =>
        new() { To = to, Content = new MediaContent(kind, url) { Caption = caption }, Purpose = purpose };
}
