using System.Globalization;
using System.Text.Json;
using WaCompliance.Conversations;
using WaCompliance.Gateways;
using WaCompliance.Identities;
using WaCompliance.Numbers;
using WaCompliance.Providers.MessageBird.Errors;
using WaCompliance.Providers.MessageBird.Json;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.MessageBird.Webhooks;

/// <summary>
/// Reads one verified Bird Channels event (providers.md §5b; identities.md §5): <c>whatsapp.inbound</c> (incoming
/// messages and button replies), <c>whatsapp.outbound</c> (the life-cycle of sent messages) and
/// <c>whatsapp.interaction</c> (read). Other events are accepted without events. The person is read from the contact's
/// identifier (<c>phonenumber</c>, <c>whatsappbsuid</c>; <c>whatsappusername</c> is display only) and from
/// <c>meta.extraInformation.whatsappbsuid</c> / <c>whatsappusername</c>.
/// </summary>
internal static class ChannelsWebhookParser
{
    public const string Inbound = "whatsapp.inbound";
    public const string Outbound = "whatsapp.outbound";
    public const string Interaction = "whatsapp.interaction";

    public const string PhoneNumberKey = "phonenumber";
    public const string UserIdKey = "whatsappbsuid";
    public const string UsernameKey = "whatsappusername";

    public static ItemOutcome Read(ReadOnlyMemory<byte> item, string source, DateTimeOffset now, IReadOnlyDictionary<string, WhatsAppNumber> known)
    {
        ChannelsWebhookEnvelope? envelope;
        try
        {
            // One pass into the typed shape; only when that fails is the item looked at generically, so an unknown
            // event whose payload differs from a message is still accepted.
            envelope = JsonSerializer.Deserialize(item.Span, MessageBirdJsonContext.Default.ChannelsWebhookEnvelope);
        }
        catch (JsonException e)
        {
            return Unreadable(item, e.Path);
        }

        if (envelope is null)
        {
            return ItemOutcome.Malformed(MalformedItemCodes.ItemMalformed, "The item is JSON null, not a Bird event object.");
        }

        if (envelope.Event is not { Length: > 0 } eventType)
        {
            return ItemOutcome.Malformed(MalformedItemCodes.FieldMissing, "The event has no 'event' string.");
        }

        if ((envelope.Service is not null && !string.Equals(envelope.Service, "channels", StringComparison.Ordinal))
            || eventType is not (Inbound or Outbound or Interaction))
        {
            return ItemOutcome.Ignored(eventType);
        }

        if (envelope.Payload is not { } payload)
        {
            return ItemOutcome.Malformed(MalformedItemCodes.FieldMissing, $"The '{eventType}' event has no 'payload' object.");
        }

        return eventType switch
        {
            Interaction => ReadInteraction(payload, source, now),
            Inbound => ReadInbound(payload, source, now, known),
            _ => ReadOutbound(payload, source, now, known),
        };
    }

    /// <summary>The typed read failed: an event of another kind is ignored, one of ours is malformed at the field named.</summary>
    private static ItemOutcome Unreadable(ReadOnlyMemory<byte> item, string? path)
    {
        string? eventType = null;
        string? service = null;
        string? id = null;
        try
        {
            using var document = JsonDocument.Parse(item);
            var root = document.RootElement;
            eventType = JsonText.Property(root, "event");
            service = JsonText.Property(root, "service");
            var payload = JsonText.Child(root, "payload");
            id = JsonText.Property(payload, "id") ?? JsonText.Property(payload, "messageId");
        }
        catch (JsonException)
        {
            // Split from a valid document, so this does not happen; the item stays malformed either way.
        }

        if (eventType is { Length: > 0 } && ((service is not null && service != "channels") || eventType is not (Inbound or Outbound or Interaction)))
        {
            return ItemOutcome.Ignored(eventType);
        }

        var field = FieldOf(path);
        return ItemOutcome.Malformed(MalformedItemCodes.ItemMalformed,
            field is null
                ? "The item is not a Bird Channels event object."
                : $"The field '{field}' is not of the type Bird documents, or holds invalid UTF-8.",
            ItemIds.OrNull(id));
    }

    /// <summary>A System.Text.Json path (<c>$.payload.sender.contact</c>) as a field name, never a value.</summary>
    internal static string? FieldOf(string? path) =>
        path is null || path == "$" ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static ItemOutcome ReadInbound(ChannelsMessage message, string source, DateTimeOffset now, IReadOnlyDictionary<string, WhatsAppNumber> known)
    {
        if (message.Direction is { } direction && direction != "incoming")
        {
            return ItemOutcome.Ignored(Inbound);
        }

        var identity = Person(message.Sender?.Contact, "payload.sender.contact", message.Meta, known);
        var subject = identity.Identity?.Primary;
        if (CheckId(message.Id, "payload.id", subject) is { } idProblem)
        {
            return ItemOutcome.Malformed(idProblem);
        }

        if (identity.Identity is not { } from)
        {
            var (code, text) = identity.Problem("payload.sender.contact (with payload.meta.extraInformation)");
            return ItemOutcome.Malformed(code, text, ItemIds.OrNull(message.Id));
        }

        var business = WebhookIdentities.BusinessOrNull(message.Receiver?.Connector?.IdentifierValue, known);
        var occurredAt = WebhookTimes.OccurredAt(message.CreatedAt, now);
        var reportedAt = WebhookTimes.ReportedAt(message.CreatedAt, now);
        var body = message.Body;
        var postback = body?.Text?.Actions?.Select(a => a.Postback).FirstOrDefault(p => p?.Payload is not null);
        if (body?.Type == "text" && postback is not null)
        {
            return ItemOutcome.Of(Inbound, new ButtonReplyEvent
            {
                EventId = ItemIds.Key(message.Id!),
                Source = source,
                OccurredAt = occurredAt,
                ReportedAt = reportedAt,
                Business = business,
                From = from,
                MessageId = message.Id!,
                Payload = JsonText.Clean(postback.Payload),
                Text = JsonText.Clean(postback.Text ?? body.Text?.Text),
                ReplyToMessageId = message.ReplyTo?.Id,
            });
        }

        return ItemOutcome.Of(Inbound, new InboundMessageEvent
        {
            EventId = ItemIds.Key(message.Id!),
            Source = source,
            OccurredAt = occurredAt,
            ReportedAt = reportedAt,
            Business = business,
            From = from,
            MessageId = message.Id!,
            Text = JsonText.Clean(body?.Text?.Text ?? body?.Image?.Text ?? body?.File?.Text),
            MessageType = MessageType(body),
            ReplyToMessageId = message.ReplyTo?.Id,
            Origin = message.Meta?.Referral.ValueKind == JsonValueKind.Object ? InboundOrigin.EntryPointReferral : InboundOrigin.Organic,
        });
    }

    private static ItemOutcome ReadOutbound(ChannelsMessage message, string source, DateTimeOffset now, IReadOnlyDictionary<string, WhatsAppNumber> known)
    {
        if (message.Direction is { } direction && direction != "outgoing")
        {
            return ItemOutcome.Ignored(Outbound);
        }

        // The recipient is optional on a status: a status still reconciles its send without it.
        var recipient = Person(message.Receiver?.Contacts is [var first, ..] ? first : null, "payload.receiver.contacts[0]", message.Meta, known).Identity;
        if (CheckId(message.Id, "payload.id", recipient?.Primary) is { } idProblem)
        {
            return ItemOutcome.Malformed(idProblem);
        }

        if (message.Status is not { Length: > 0 })
        {
            return ItemOutcome.Malformed(MalformedItemCodes.FieldMissing, "The outbound message has no 'payload.status'.", ItemIds.OrNull(message.Id), recipient?.Primary);
        }

        if (MessageBirdStatuses.FromChannels(message.Status) is not { } status)
        {
            return ItemOutcome.Ignored(Outbound);
        }

        return ItemOutcome.Of(Outbound, new MessageStatusEvent
        {
            EventId = ItemIds.Key(message.Id!) + ":" + message.Status,
            Source = source,
            OccurredAt = WebhookTimes.OccurredAt(message.UpdatedAt ?? message.CreatedAt, now),
            ReportedAt = WebhookTimes.ReportedAt(message.UpdatedAt ?? message.CreatedAt, now),
            Business = WebhookIdentities.BusinessOrNull(message.Sender?.Connector?.IdentifierValue, known),
            ProviderMessageId = message.Id!,
            Status = status,
            Recipient = recipient,
            Error = status is MessageDeliveryStatus.Failed or MessageDeliveryStatus.Undelivered ? Failure(message) : null,
        });
    }

    private static ItemOutcome ReadInteraction(ChannelsMessage interaction, string source, DateTimeOffset now)
    {
        if (interaction.Type is not { Length: > 0 })
        {
            return ItemOutcome.Malformed(MalformedItemCodes.FieldMissing, "The interaction has no 'payload.type'.", ItemIds.OrNull(interaction.MessageId));
        }

        if (CheckId(interaction.MessageId, "payload.messageId", null) is { } idProblem)
        {
            return ItemOutcome.Malformed(idProblem);
        }

        if (interaction.Type != "read")
        {
            return ItemOutcome.Ignored(Interaction);
        }

        return ItemOutcome.Of(Interaction, new MessageStatusEvent
        {
            EventId = ItemIds.Key(interaction.MessageId!) + ":read",
            Source = source,
            OccurredAt = WebhookTimes.OccurredAt(interaction.CreatedAt, now),
            ReportedAt = WebhookTimes.ReportedAt(interaction.CreatedAt, now),
            ProviderMessageId = interaction.MessageId!,
            Status = MessageDeliveryStatus.Read,
        });
    }

    /// <summary>A problem with a message id that becomes an event id (only its absence: any id is keyed, see <see cref="ItemIds.Key"/>), or <see langword="null"/>.</summary>
    internal static ItemProblem? CheckId(string? id, string field, WhatsAppIdentifier? subject) =>
        ItemIds.IsPresent(id) ? null : new ItemProblem(MalformedItemCodes.FieldMissing, $"The message has no '{field}'.") { Subject = subject };

    /// <summary>The person a Bird contact (and the message's <c>meta.extraInformation</c>) names.</summary>
    private static IdentityReading Person(ChannelsContact? contact, string where, ChannelsMessageMeta? meta, IReadOnlyDictionary<string, WhatsAppNumber> known)
    {
        var reading = new IdentityReading(known);
        if (contact is not null)
        {
            var field = where + ".identifierValue";
            switch (contact.IdentifierKey)
            {
                case null or PhoneNumberKey:
                    reading.AddPhoneField(contact.IdentifierValue, field);
                    break;
                case UserIdKey:
                    reading.AddUserIdField(contact.IdentifierValue, field);
                    break;
                case UsernameKey:
                    reading.AddUsername(contact.IdentifierValue);
                    break;
                default:
                    reading.AddUnreadable($"The {where}.identifierKey is none of {PhoneNumberKey}, {UserIdKey}, {UsernameKey}.");
                    break;
            }
        }

        if (meta is not null && meta.ExtraInformation.ValueKind == JsonValueKind.Object)
        {
            reading.AddUserIdField(JsonText.Child(meta.ExtraInformation, UserIdKey), "payload.meta.extraInformation." + UserIdKey);
            reading.AddUsername(JsonText.Child(meta.ExtraInformation, UsernameKey));
        }

        return reading;
    }

    /// <summary>The error of a failed message: Meta's code when WhatsApp reported it, else Bird's failure code and reason.</summary>
    internal static ProviderError Failure(ChannelsMessage message)
    {
        var failure = message.Failure;
        if (failure?.Source is { Name: "whatsapp" } whatsapp && MessageBirdErrorReader.CodeText(whatsapp.Code) is { } platformCode
            && long.TryParse(platformCode, NumberStyles.None, CultureInfo.InvariantCulture, out var metaCode)
            && WhatsAppErrorCodes.TryMap(metaCode, out var kind))
        {
            return new ProviderError(kind, JsonText.Clean(platformCode), JsonText.Clean(message.Reason));
        }

        if (BirdErrorCodes.TryMap(message.Reason, out var reasonKind))
        {
            return new ProviderError(reasonKind, message.Reason, message.Reason);
        }

        return new ProviderError(ProviderErrorKind.Unknown, JsonText.Clean(failure is null ? null : MessageBirdErrorReader.CodeText(failure.Code)), JsonText.Clean(message.Reason));
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
}
