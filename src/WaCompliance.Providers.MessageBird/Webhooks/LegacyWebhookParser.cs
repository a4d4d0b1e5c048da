using System.Text.Json;
using WaCompliance.Gateways;
using WaCompliance.Numbers;
using WaCompliance.Providers.MessageBird.Errors;
using WaCompliance.Providers.MessageBird.Json;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.MessageBird.Webhooks;

/// <summary>
/// Reads a verified legacy Conversations webhook (providers.md §5a): <c>message.created</c> with direction
/// <c>received</c> is an inbound message; <c>message.created</c>/<c>message.updated</c> of a <c>sent</c> message is a
/// status. Other types and platforms are accepted without events.
/// </summary>
internal static class LegacyWebhookParser
{
    public static WebhookParseResult Parse(ReadOnlyMemory<byte> body, string source, DateTimeOffset now, IReadOnlyDictionary<string, WhatsAppNumber> known)
    {
        LegacyWebhookEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize(body.Span, MessageBirdJsonContext.Default.LegacyWebhookEnvelope);
        }
        catch (JsonException)
        {
            return Fallback(body);
        }

        if (envelope?.Type is not { Length: > 0 } type)
        {
            return WebhookParseResult.Malformed("The body has no 'type' string.");
        }

        if (type is not ("message.created" or "message.updated"))
        {
            return WebhookParseResult.None(type);
        }

        if (envelope.Message is not { } message || message.Id is not { Length: > 0 })
        {
            return WebhookParseResult.Malformed($"The '{type}' event has no 'message' object with an 'id'.");
        }

        if (message.Platform is { } platform && platform != "whatsapp")
        {
            return WebhookParseResult.None(type);
        }

        return message.Direction switch
        {
            "received" when type == "message.created" => Inbound(type, envelope, message, source, now, known),
            "sent" => Status(type, message, source, now, known),
            _ => WebhookParseResult.None(type),
        };
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

            if (!root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String || typeElement.GetString() is not { Length: > 0 } type)
            {
                return WebhookParseResult.Malformed("The body has no 'type' string.");
            }

            return type is "message.created" or "message.updated"
                ? WebhookParseResult.Malformed($"The '{type}' event has a field of the wrong type.")
                : WebhookParseResult.None(type);
        }
        catch (JsonException)
        {
            return WebhookParseResult.Malformed("The body is not valid JSON (truncated or not JSON at all).");
        }
    }

    private static WebhookParseResult Inbound(string type, LegacyWebhookEnvelope envelope, LegacyMessage message, string source, DateTimeOffset now, IReadOnlyDictionary<string, WhatsAppNumber> known)
    {
        var fromText = message.From ?? (envelope.Contact is { } contact ? WebhookNumbers.MsisdnText(contact.Msisdn) : null);
        if (!WebhookNumbers.TryParse(fromText, known, out var from))
        {
            return WebhookParseResult.Malformed("The received message's 'from' is not a WhatsApp number.");
        }

        var content = message.Content;
        return WebhookParseResult.Of(type, new InboundMessageEvent
        {
            EventId = message.Id!,
            Source = source,
            OccurredAt = message.CreatedDatetime ?? now,
            Business = WebhookNumbers.TryParseOrNull(message.To, known),
            From = from,
            MessageId = message.Id!,
            Text = content?.Text ?? content?.Image?.Caption ?? content?.Video?.Caption ?? content?.File?.Caption,
            MessageType = message.Type switch
            {
                null => "unknown",
                "file" => "document",
                "whatsappSticker" => "sticker",
                var other => other,
            },
        });
    }

    private static WebhookParseResult Status(string type, LegacyMessage message, string source, DateTimeOffset now, IReadOnlyDictionary<string, WhatsAppNumber> known)
    {
        if (MessageBirdStatuses.FromLegacy(message.Status) is not { } status)
        {
            return WebhookParseResult.None(type);
        }

        ProviderError? error = null;
        if (status is MessageDeliveryStatus.Failed or MessageDeliveryStatus.Undelivered)
        {
            var codeText = message.Error is { } e ? MessageBirdErrorReader.CodeText(e.Code) : null;
            var kind = message.Error is { } err && MessageBirdErrorReader.NumberValue(err.Code) is { } code && WhatsAppErrorCodes.TryMap(code, out var mapped)
                ? mapped
                : ProviderErrorKind.Unknown;
            error = new ProviderError(kind, codeText, message.Error?.Description);
        }

        return WebhookParseResult.Of(type, new MessageStatusEvent
        {
            EventId = message.Id + ":" + message.Status,
            Source = source,
            OccurredAt = message.UpdatedDatetime ?? message.CreatedDatetime ?? now,
            Business = WebhookNumbers.TryParseOrNull(message.From, known),
            ProviderMessageId = message.Id!,
            Status = status,
            Recipient = WebhookNumbers.TryParseOrNull(message.To, known),
            Error = error,
        });
    }
}
