using System.Text.Json;
using WaCompliance.Gateways;
using WaCompliance.Numbers;
using WaCompliance.Providers.MessageBird.Errors;
using WaCompliance.Providers.MessageBird.Json;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.MessageBird.Webhooks;

/// <summary>
/// Reads one verified legacy Conversations event (providers.md §5a): <c>message.created</c> with direction
/// <c>received</c> is an inbound message; <c>message.created</c>/<c>message.updated</c> of a <c>sent</c> message is a
/// status. Other types and platforms are accepted without events. The person is the message's <c>from</c> (or the
/// contact's <c>msisdn</c>), read as a reported number; a business-scoped user ID there is read as one, defensively
/// (the Conversations API documents none).
/// </summary>
internal static class LegacyWebhookParser
{
    public static ItemOutcome Read(ReadOnlyMemory<byte> item, string source, DateTimeOffset now, IReadOnlyDictionary<string, WhatsAppNumber> known)
    {
        LegacyWebhookEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize(item.Span, MessageBirdJsonContext.Default.LegacyWebhookEnvelope);
        }
        catch (JsonException e)
        {
            return Unreadable(item, e.Path);
        }

        if (envelope is null)
        {
            return ItemOutcome.Malformed(MalformedItemCodes.ItemMalformed, "The item is JSON null, not a Conversations event object.");
        }

        if (envelope.Type is not { Length: > 0 } type)
        {
            return ItemOutcome.Malformed(MalformedItemCodes.FieldMissing, "The event has no 'type' string.");
        }

        if (type is not ("message.created" or "message.updated"))
        {
            return ItemOutcome.Ignored(type);
        }

        if (envelope.Message is not { } message)
        {
            return ItemOutcome.Malformed(MalformedItemCodes.FieldMissing, $"The '{type}' event has no 'message' object.");
        }

        if (message.Platform is { } platform && platform != "whatsapp")
        {
            return ItemOutcome.Ignored(type);
        }

        return message.Direction switch
        {
            "received" when type == "message.created" => Inbound(type, envelope, message, source, now, known),
            "sent" => Status(type, message, source, now, known),
            _ when !ItemIds.IsPresent(message.Id) => ItemOutcome.Malformed(MalformedItemCodes.FieldMissing, $"The '{type}' event's message has no 'id'."),
            _ => ItemOutcome.Ignored(type),
        };
    }

    private static ItemOutcome Unreadable(ReadOnlyMemory<byte> item, string? path)
    {
        string? type = null;
        string? id = null;
        try
        {
            using var document = JsonDocument.Parse(item);
            type = JsonText.Property(document.RootElement, "type");
            id = JsonText.Property(JsonText.Child(document.RootElement, "message"), "id");
        }
        catch (JsonException)
        {
            // Split from a valid document, so this does not happen; the item stays malformed either way.
        }

        if (type is { Length: > 0 } and not ("message.created" or "message.updated"))
        {
            return ItemOutcome.Ignored(type);
        }

        var field = ChannelsWebhookParser.FieldOf(path);
        return ItemOutcome.Malformed(MalformedItemCodes.ItemMalformed,
            field is null
                ? "The item is not a Conversations event object."
                : $"The field '{field}' is not of the type the Conversations API documents, or holds invalid UTF-8.",
            ItemIds.OrNull(id));
    }

    private static ItemOutcome Inbound(string type, LegacyWebhookEnvelope envelope, LegacyMessage message, string source, DateTimeOffset now, IReadOnlyDictionary<string, WhatsAppNumber> known)
    {
        var reading = new IdentityReading(known);
        reading.AddPhoneField(message.From, "message.from");
        if (envelope.Contact is { } contact)
        {
            reading.AddPhoneField(WebhookIdentities.MsisdnText(contact.Msisdn), "contact.msisdn");
        }

        if (ChannelsWebhookParser.CheckId(message.Id, "message.id", reading.Identity?.Primary) is { } idProblem)
        {
            return ItemOutcome.Malformed(idProblem);
        }

        if (reading.Identity is not { } from)
        {
            var (code, text) = reading.Problem("message.from (and contact.msisdn)");
            return ItemOutcome.Malformed(code, text, ItemIds.OrNull(message.Id));
        }

        var content = message.Content;
        return ItemOutcome.Of(type, new InboundMessageEvent
        {
            EventId = ItemIds.Key(message.Id!),
            Source = source,
            OccurredAt = WebhookTimes.OccurredAt(message.CreatedDatetime, now),
            ReportedAt = WebhookTimes.ReportedAt(message.CreatedDatetime, now),
            Business = WebhookIdentities.BusinessOrNull(message.To, known),
            From = from,
            MessageId = message.Id!,
            Text = JsonText.Clean(content?.Text ?? content?.Image?.Caption ?? content?.Video?.Caption ?? content?.File?.Caption),
            MessageType = message.Type switch
            {
                null => "unknown",
                "file" => "document",
                "whatsappSticker" => "sticker",
                var other => other,
            },
        });
    }

    private static ItemOutcome Status(string type, LegacyMessage message, string source, DateTimeOffset now, IReadOnlyDictionary<string, WhatsAppNumber> known)
    {
        var reading = new IdentityReading(known);
        reading.AddPhoneField(message.To, "message.to");
        var recipient = reading.Identity;
        if (ChannelsWebhookParser.CheckId(message.Id, "message.id", recipient?.Primary) is { } idProblem)
        {
            return ItemOutcome.Malformed(idProblem);
        }

        if (MessageBirdStatuses.FromLegacy(message.Status) is not { } status)
        {
            return ItemOutcome.Ignored(type);
        }

        ProviderError? error = null;
        if (status is MessageDeliveryStatus.Failed or MessageDeliveryStatus.Undelivered)
        {
            var codeText = message.Error is { } e ? MessageBirdErrorReader.CodeText(e.Code) : null;
            var kind = message.Error is { } err && MessageBirdErrorReader.NumberValue(err.Code) is { } code && WhatsAppErrorCodes.TryMap(code, out var mapped)
                ? mapped
                : ProviderErrorKind.Unknown;
            error = new ProviderError(kind, JsonText.Clean(codeText), JsonText.Clean(message.Error?.Description));
        }

        return ItemOutcome.Of(type, new MessageStatusEvent
        {
            EventId = ItemIds.Key(message.Id!) + ":" + message.Status,
            Source = source,
            OccurredAt = WebhookTimes.OccurredAt(message.UpdatedDatetime ?? message.CreatedDatetime, now),
            ReportedAt = WebhookTimes.ReportedAt(message.UpdatedDatetime ?? message.CreatedDatetime, now),
            Business = WebhookIdentities.BusinessOrNull(message.From, known),
            ProviderMessageId = message.Id!,
            Status = status,
            Recipient = recipient,
            Error = error,
        });
    }
}
