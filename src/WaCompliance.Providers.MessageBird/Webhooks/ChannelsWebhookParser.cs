using System.Globalization;
using System.Text.Json;
using WaCompliance.Conversations;
using WaCompliance.Gateways;
using WaCompliance.Numbers;
using WaCompliance.Providers.MessageBird.Errors;
using WaCompliance.Providers.MessageBird.Json;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.MessageBird.Webhooks;

/// <summary>
/// Reads a verified Bird Channels webhook (providers.md §5b): <c>whatsapp.inbound</c> (incoming messages and button
/// replies), <c>whatsapp.outbound</c> (the life-cycle of sent messages) and <c>whatsapp.interaction</c> (read).
/// Other events are accepted without events.
/// </summary>
internal static class ChannelsWebhookParser
{
    public const string Inbound = "whatsapp.inbound";
    public const string Outbound = "whatsapp.outbound";
    public const string Interaction = "whatsapp.interaction";

    public static WebhookParseResult Parse(ReadOnlyMemory<byte> body, string source, DateTimeOffset now, IReadOnlyDictionary<string, WhatsAppNumber> known)
    {
        ChannelsWebhookEnvelope? envelope;
        try
        {
            // One pass into the typed shape; only when that fails is the document looked at generically, so an
            // unknown event whose payload differs from a message is still accepted.
            envelope = JsonSerializer.Deserialize(body.Span, MessageBirdJsonContext.Default.ChannelsWebhookEnvelope);
        }
        catch (JsonException)
        {
            return Fallback(body);
        }

        if (envelope?.Event is not { Length: > 0 } eventType)
        {
            return WebhookParseResult.Malformed("The body has no 'event' string.");
        }

        if ((envelope.Service is not null && !string.Equals(envelope.Service, "channels", StringComparison.Ordinal))
            || eventType is not (Inbound or Outbound or Interaction))
        {
            return WebhookParseResult.None(eventType);
        }

        if (envelope.Payload is not { } payload)
        {
            return WebhookParseResult.Malformed($"The '{eventType}' event has no 'payload' object.");
        }

        if (eventType == Interaction)
        {
            return ReadInteraction(payload, source, now);
        }

        if (payload.Id is not { Length: > 0 })
        {
            return WebhookParseResult.Malformed("The message has no 'id'.");
        }

        return eventType == Inbound ? ReadInbound(payload, source, now, known) : ReadOutbound(payload, source, now, known);
    }

    private static WebhookParseResult Fallback(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return WebhookParseResult.Malformed("The body is not a JSON object.");
            }

            if (!TryString(root, "event", required: true, out var eventType) || !TryString(root, "service", required: false, out var service))
            {
                return WebhookParseResult.Malformed("The body has no 'event' string, or 'service' is not a string.");
            }

            if ((service is not null && !string.Equals(service, "channels", StringComparison.Ordinal)) || eventType is not (Inbound or Outbound or Interaction))
            {
                return WebhookParseResult.None(eventType!);
            }

            return WebhookParseResult.Malformed($"The '{eventType}' payload has a field of the wrong type.");
        }
        catch (JsonException)
        {
            return WebhookParseResult.Malformed("The body is not valid JSON (truncated or not JSON at all).");
        }
    }

    private static WebhookParseResult ReadInbound(ChannelsMessage message, string source, DateTimeOffset now, IReadOnlyDictionary<string, WhatsAppNumber> known)
    {
        if (message.Direction is { } direction && direction != "incoming")
        {
            return WebhookParseResult.None(Inbound);
        }

        if (!WebhookNumbers.TryParse(message.Sender?.Contact?.IdentifierValue, known, out var from))
        {
            return WebhookParseResult.Malformed("The inbound message's sender.contact.identifierValue is not a WhatsApp number in E.164 form.");
        }

        var business = WebhookNumbers.TryParseOrNull(message.Receiver?.Connector?.IdentifierValue, known);
        var occurredAt = message.CreatedAt ?? now;
        var body = message.Body;
        var postback = body?.Text?.Actions?.Select(a => a.Postback).FirstOrDefault(p => p?.Payload is not null);
        if (body?.Type == "text" && postback is not null)
        {
            return WebhookParseResult.Of(Inbound, new ButtonReplyEvent
            {
                EventId = message.Id!,
                Source = source,
                OccurredAt = occurredAt,
                Business = business,
                From = from,
                MessageId = message.Id!,
                Payload = postback.Payload,
                Text = postback.Text ?? body.Text?.Text,
                ReplyToMessageId = message.ReplyTo?.Id,
            });
        }

        return WebhookParseResult.Of(Inbound, new InboundMessageEvent
        {
            EventId = message.Id!,
            Source = source,
            OccurredAt = occurredAt,
            Business = business,
            From = from,
            MessageId = message.Id!,
            Text = body?.Text?.Text ?? body?.Image?.Text ?? body?.File?.Text,
            MessageType = MessageType(body),
            ReplyToMessageId = message.ReplyTo?.Id,
            Origin = message.Meta?.Referral.ValueKind == JsonValueKind.Object ? InboundOrigin.EntryPointReferral : InboundOrigin.Organic,
        });
    }

    private static WebhookParseResult ReadOutbound(ChannelsMessage message, string source, DateTimeOffset now, IReadOnlyDictionary<string, WhatsAppNumber> known)
    {
        if (message.Direction is { } direction && direction != "outgoing")
        {
            return WebhookParseResult.None(Outbound);
        }

        if (message.Status is not { Length: > 0 })
        {
            return WebhookParseResult.Malformed("The outbound message has no 'status'.");
        }

        if (MessageBirdStatuses.FromChannels(message.Status) is not { } status)
        {
            return WebhookParseResult.None(Outbound);
        }

        return WebhookParseResult.Of(Outbound, new MessageStatusEvent
        {
            EventId = message.Id + ":" + message.Status,
            Source = source,
            OccurredAt = message.UpdatedAt ?? message.CreatedAt ?? now,
            Business = WebhookNumbers.TryParseOrNull(message.Sender?.Connector?.IdentifierValue, known),
            ProviderMessageId = message.Id!,
            Status = status,
            Recipient = message.Receiver?.Contacts is [var first, ..] ? WebhookNumbers.TryParseOrNull(first.IdentifierValue, known) : null,
            Error = status is MessageDeliveryStatus.Failed or MessageDeliveryStatus.Undelivered ? Failure(message) : null,
        });
    }

    private static WebhookParseResult ReadInteraction(ChannelsMessage interaction, string source, DateTimeOffset now)
    {
        if (interaction.MessageId is not { Length: > 0 } || interaction.Type is not { Length: > 0 })
        {
            return WebhookParseResult.Malformed("The interaction has no 'messageId' or 'type'.");
        }

        if (interaction.Type != "read")
        {
            return WebhookParseResult.None(Interaction);
        }

        return WebhookParseResult.Of(Interaction, new MessageStatusEvent
        {
            EventId = interaction.MessageId + ":read",
            Source = source,
            OccurredAt = interaction.CreatedAt ?? now,
            ProviderMessageId = interaction.MessageId,
            Status = MessageDeliveryStatus.Read,
        });
    }

    /// <summary>The error of a failed message: Meta's code when WhatsApp reported it, else Bird's failure code and reason.</summary>
    internal static ProviderError Failure(ChannelsMessage message)
    {
        var failure = message.Failure;
        if (failure?.Source is { Name: "whatsapp" } whatsapp && MessageBirdErrorReader.CodeText(whatsapp.Code) is { } platformCode
            && long.TryParse(platformCode, NumberStyles.None, CultureInfo.InvariantCulture, out var metaCode)
            && WhatsAppErrorCodes.TryMap(metaCode, out var kind))
        {
            return new ProviderError(kind, platformCode, message.Reason);
        }

        if (BirdErrorCodes.TryMap(message.Reason, out var reasonKind))
        {
            return new ProviderError(reasonKind, message.Reason, message.Reason);
        }

        return new ProviderError(ProviderErrorKind.Unknown, failure is null ? null : MessageBirdErrorReader.CodeText(failure.Code), message.Reason);
    }

    private static string MessageType(ChannelsBody? body)
    {
        if (body?.Type == "file")
        {
            var contentType = body.File?.Files is [var file, ..] ? file.ContentType : null;
            return contentType switch
            {
                not null when contentType.StartsWith("image/", StringComparison.OrdinalIgnoreCase) => "image",
                not null when contentType.StartsWith("video/", StringComparison.OrdinalIgnoreCase) => "video",
                not null when contentType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase) => "audio",
                _ => "document",
            };
        }

        return body?.Type ?? "unknown";
    }

    private static bool TryString(JsonElement root, string name, bool required, out string? value)
    {
        value = null;
        if (!root.TryGetProperty(name, out var element))
        {
            return !required;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        value = element.GetString();
        return !required || !string.IsNullOrEmpty(value);
    }
}
