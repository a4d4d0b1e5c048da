using System.Text.Json;
using System.Text.Json.Serialization;

namespace WaCompliance.Providers.MessageBird.Json;

// Bird Channels API message shapes (providers.md §5b; docs.bird.com Channels API "Messaging", "Message types").
// Used both for the send request and for the message objects Bird posts to webhooks.

internal sealed class ChannelsSendRequest
{
    public required ChannelsReceiver Receiver { get; init; }

    public ChannelsBody? Body { get; init; }

    public ChannelsTemplate? Template { get; init; }

    public string? Reference { get; init; }

    public ChannelsReplyTo? ReplyTo { get; init; }
}

internal sealed class ChannelsReceiver
{
    public List<ChannelsContact>? Contacts { get; init; }

    public ChannelsContact? Connector { get; init; }
}

internal sealed class ChannelsSender
{
    public ChannelsContact? Contact { get; init; }

    public ChannelsContact? Connector { get; init; }
}

internal sealed class ChannelsContact
{
    public string? Id { get; init; }

    public string? IdentifierKey { get; init; }

    public string? IdentifierValue { get; init; }
}

internal sealed class ChannelsBody
{
    public string? Type { get; init; }

    public ChannelsText? Text { get; init; }

    public ChannelsImage? Image { get; init; }

    public ChannelsFile? File { get; init; }
}

internal sealed class ChannelsText
{
    public string? Text { get; init; }

    public List<ChannelsAction>? Actions { get; init; }
}

internal sealed class ChannelsAction
{
    public string? Type { get; init; }

    public ChannelsPostback? Postback { get; init; }

    public ChannelsPostback? Reply { get; init; }
}

internal sealed class ChannelsPostback
{
    public string? Text { get; init; }

    public string? Payload { get; init; }
}

internal sealed class ChannelsImage
{
    public List<ChannelsMedia>? Images { get; init; }

    public string? Text { get; init; }
}

internal sealed class ChannelsFile
{
    public List<ChannelsMedia>? Files { get; init; }

    public string? Text { get; init; }
}

internal sealed class ChannelsMedia
{
    public string? MediaUrl { get; init; }

    public string? ContentType { get; init; }

    public string? Filename { get; init; }
}

internal sealed class ChannelsTemplate
{
    public string? ProjectId { get; init; }

    public string? Version { get; init; }

    public string? Name { get; init; }

    public required string Locale { get; init; }

    public List<ChannelsTemplateParameter>? Parameters { get; init; }

    public List<ChannelsAttachment>? Attachments { get; init; }
}

internal sealed class ChannelsTemplateParameter
{
    public string Type { get; init; } = "string";

    public required string Key { get; init; }

    public required string Value { get; init; }
}

internal sealed class ChannelsAttachment
{
    public required string MediaUrl { get; init; }

    public string? Filename { get; init; }
}

internal sealed class ChannelsReplyTo
{
    public string? Id { get; init; }

    public string? Type { get; init; }
}

/// <summary>The response to a send (202): the message object; only the id and status are read.</summary>
internal sealed class ChannelsSendResponse
{
    public string? Id { get; init; }

    public string? Status { get; init; }
}

/// <summary>A Bird webhook delivery: <c>{"service":"channels","event":"whatsapp.inbound","payload":{…}}</c>.</summary>
internal sealed class ChannelsWebhookEnvelope
{
    public string? Service { get; init; }

    public string? Event { get; init; }

    public ChannelsMessage? Payload { get; init; }
}

/// <summary>
/// The payload of <c>whatsapp.inbound</c> and <c>whatsapp.outbound</c> events (a message object) and of
/// <c>whatsapp.interaction</c> events (<c>messageId</c> and <c>type</c>).
/// </summary>
internal sealed class ChannelsMessage
{
    public string? Id { get; init; }

    public string? MessageId { get; init; }

    public string? Type { get; init; }

    public string? ChannelId { get; init; }

    public ChannelsSender? Sender { get; init; }

    public ChannelsReceiver? Receiver { get; init; }

    public ChannelsBody? Body { get; init; }

    public string? Status { get; init; }

    public string? Direction { get; init; }

    public string? Reason { get; init; }

    public ChannelsFailure? Failure { get; init; }

    public ChannelsReplyTo? ReplyTo { get; init; }

    public ChannelsMessageMeta? Meta { get; init; }

    [JsonConverter(typeof(LenientTimeConverter))]
    public DateTimeOffset? CreatedAt { get; init; }

    [JsonConverter(typeof(LenientTimeConverter))]
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>Why a message failed: a Bird failure code and the platform's own code (Meta's code when the source is <c>whatsapp</c>).</summary>
internal sealed class ChannelsFailure
{
    public JsonElement Code { get; init; }

    public ChannelsFailureSource? Source { get; init; }
}

internal sealed class ChannelsFailureSource
{
    public string? Name { get; init; }

    public JsonElement Code { get; init; }
}

internal sealed class ChannelsMessageMeta
{
    public JsonElement Referral { get; init; }

    /// <summary>
    /// WhatsApp details Bird passes along (docs.bird.com, "Business-Scoped User IDs"): <c>whatsappbsuid</c> (the
    /// business-scoped user ID) and <c>whatsappusername</c> (display only). Kept as raw JSON so that an odd value
    /// spoils only itself, never the message it came with.
    /// </summary>
    public JsonElement ExtraInformation { get; init; }
}
