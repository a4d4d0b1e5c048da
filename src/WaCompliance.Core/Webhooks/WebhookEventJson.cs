using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using WaCompliance.Conversations;
using WaCompliance.Gateways;
using WaCompliance.Identities;
using WaCompliance.Numbers;
using WaCompliance.Templates;

namespace WaCompliance.Webhooks;

/// <summary>
/// The raw item of a dead letter the processor writes for an event it could not apply: the event itself, as JSON
/// after a first line <c>wacompliance-event/1</c>. <see cref="WebhookDeadLetters"/> reads it back into the event and
/// applies it again, without the reader (the event was read, and its delivery verified, when it was received).
/// </summary>
internal static class WebhookEventJson
{
    /// <summary>The first line of every raw item written here.</summary>
    public const string Header = "wacompliance-event/1";

    private static readonly JsonWriterOptions s_options = new() { Indented = false };

    /// <summary>Writes an event.</summary>
    public static string Write(WhatsAppEvent @event)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, s_options))
        {
            writer.WriteStartObject();
            writer.WriteString("type", @event switch
            {
                InboundMessageEvent => "inbound",
                ButtonReplyEvent => "button",
                MessageStatusEvent => "status",
                TemplateStatusEvent => "template",
                MarketingPreferenceEvent => "preference",
                IdentityLinkEvent => "link",
                _ => "other:" + @event.GetType().Name,
            });
            writer.WriteString("eventId", @event.EventId);
            writer.WriteString("source", @event.Source);
            writer.WriteString("occurredAt", @event.OccurredAt);
            if (@event.ReportedAt is { } reported)
            {
                writer.WriteString("reportedAt", reported);
            }

            if (@event.Business is { } business)
            {
                writer.WriteString("business", business.E164);
            }

            switch (@event)
            {
                case InboundMessageEvent inbound:
                    Identity(writer, "from", inbound.From);
                    writer.WriteString("messageId", inbound.MessageId);
                    Optional(writer, "text", inbound.Text);
                    writer.WriteString("messageType", inbound.MessageType);
                    writer.WriteString("origin", inbound.Origin.ToString());
                    Optional(writer, "replyTo", inbound.ReplyToMessageId);
                    break;
                case ButtonReplyEvent button:
                    Identity(writer, "from", button.From);
                    writer.WriteString("messageId", button.MessageId);
                    Optional(writer, "payload", button.Payload);
                    Optional(writer, "text", button.Text);
                    Optional(writer, "replyTo", button.ReplyToMessageId);
                    break;
                case MessageStatusEvent status:
                    writer.WriteString("providerMessageId", status.ProviderMessageId);
                    writer.WriteString("status", status.Status.ToString());
                    if (status.Recipient is { } recipient)
                    {
                        Identity(writer, "recipient", recipient);
                    }

                    if (status.Error is { } error)
                    {
                        writer.WriteStartObject("error");
                        writer.WriteString("kind", error.Kind.ToString());
                        Optional(writer, "code", error.ProviderCode);
                        Optional(writer, "message", error.Message);
                        writer.WriteEndObject();
                    }

                    Optional(writer, "clientReference", status.ClientReference);
                    break;
                case TemplateStatusEvent template:
                    writer.WriteString("templateName", template.TemplateName);
                    Optional(writer, "language", template.Language);
                    Optional(writer, "providerTemplateId", template.ProviderTemplateId);
                    writer.WriteString("status", template.Status.ToString());
                    Optional(writer, "quality", template.Quality?.ToString());
                    Optional(writer, "category", template.Category?.ToString());
                    Optional(writer, "reason", template.Reason);
                    break;
                case MarketingPreferenceEvent preference:
                    Identity(writer, "from", preference.From);
                    writer.WriteString("preference", preference.Preference.ToString());
                    break;
                case IdentityLinkEvent link:
                    Identity(writer, "previous", link.Previous);
                    Identity(writer, "current", link.Current);
                    writer.WriteString("reason", link.Reason.ToString());
                    break;
            }

            writer.WriteEndObject();
        }

        return Header + "\n" + Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Whether a raw item was written here (rather than by a provider's reader).</summary>
    public static bool IsEvent(string rawItem) => rawItem.StartsWith(Header + "\n", StringComparison.Ordinal);

    /// <summary>Reads an event written by <see cref="Write"/>; <see langword="false"/> for anything else.</summary>
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A raw item that cannot be read back stays a dead letter; nothing may escape.")]
    public static bool TryRead(string rawItem, [NotNullWhen(true)] out WhatsAppEvent? @event)
    {
        @event = null;
        if (!IsEvent(rawItem))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(rawItem.AsMemory(Header.Length + 1));
            var root = document.RootElement;
            var eventId = Required(root, "eventId");
            var source = Required(root, "source");
            var occurredAt = root.GetProperty("occurredAt").GetDateTimeOffset();
            DateTimeOffset? reportedAt = root.TryGetProperty("reportedAt", out var r) ? r.GetDateTimeOffset() : null;
            var business = Optional(root, "business") is { } e164 ? Number(e164) : null;
            @event = Required(root, "type") switch
            {
                "inbound" => new InboundMessageEvent
                {
                    EventId = eventId, Source = source, OccurredAt = occurredAt, ReportedAt = reportedAt, Business = business,
                    From = Identity(root.GetProperty("from")),
                    MessageId = Required(root, "messageId"),
                    Text = Optional(root, "text"),
                    MessageType = Required(root, "messageType"),
                    Origin = Enum<InboundOrigin>(Required(root, "origin")),
                    ReplyToMessageId = Optional(root, "replyTo"),
                },
                "button" => new ButtonReplyEvent
                {
                    EventId = eventId, Source = source, OccurredAt = occurredAt, ReportedAt = reportedAt, Business = business,
                    From = Identity(root.GetProperty("from")),
                    MessageId = Required(root, "messageId"),
                    Payload = Optional(root, "payload"),
                    Text = Optional(root, "text"),
                    ReplyToMessageId = Optional(root, "replyTo"),
                },
                "status" => new MessageStatusEvent
                {
                    EventId = eventId, Source = source, OccurredAt = occurredAt, ReportedAt = reportedAt, Business = business,
                    ProviderMessageId = Required(root, "providerMessageId"),
                    Status = Enum<MessageDeliveryStatus>(Required(root, "status")),
                    Recipient = root.TryGetProperty("recipient", out var recipient) ? Identity(recipient) : null,
                    Error = root.TryGetProperty("error", out var error)
                        ? new ProviderError(Enum<ProviderErrorKind>(Required(error, "kind")), Optional(error, "code"), Optional(error, "message"))
                        : null,
                    ClientReference = Optional(root, "clientReference"),
                },
                "template" => new TemplateStatusEvent
                {
                    EventId = eventId, Source = source, OccurredAt = occurredAt, ReportedAt = reportedAt, Business = business,
                    TemplateName = Required(root, "templateName"),
                    Language = Optional(root, "language"),
                    ProviderTemplateId = Optional(root, "providerTemplateId"),
                    Status = Enum<TemplateStatus>(Required(root, "status")),
                    Quality = Optional(root, "quality") is { } quality ? Enum<TemplateQuality>(quality) : null,
                    Category = Optional(root, "category") is { } category ? Enum<TemplateCategory>(category) : null,
                    Reason = Optional(root, "reason"),
                },
                "preference" => new MarketingPreferenceEvent
                {
                    EventId = eventId, Source = source, OccurredAt = occurredAt, ReportedAt = reportedAt, Business = business,
                    From = Identity(root.GetProperty("from")),
                    Preference = Enum<MarketingPreference>(Required(root, "preference")),
                },
                "link" => new IdentityLinkEvent
                {
                    EventId = eventId, Source = source, OccurredAt = occurredAt, ReportedAt = reportedAt, Business = business,
                    Previous = Identity(root.GetProperty("previous")),
                    Current = Identity(root.GetProperty("current")),
                    Reason = Enum<IdentityLinkReason>(Required(root, "reason")),
                },
                _ => null,
            };
            return @event is not null;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            @event = null;
            return false;
        }
    }

    private static void Identity(Utf8JsonWriter writer, string name, WhatsAppIdentity identity)
    {
        writer.WriteStartObject(name);
        Optional(writer, "phone", identity.Phone?.E164);
        Optional(writer, "userId", identity.UserId?.Value);
        Optional(writer, "parentUserId", identity.ParentUserId?.Value);
        Optional(writer, "username", identity.Username);
        writer.WriteEndObject();
    }

    private static WhatsAppIdentity Identity(JsonElement element) => new(
        Optional(element, "phone") is { } phone ? Number(phone) ?? throw new FormatException("The phone is not a number.") : null,
        Optional(element, "userId") is { } userId ? BusinessScopedUserId.Parse(userId) : null,
        Optional(element, "parentUserId") is { } parent ? BusinessScopedUserId.Parse(parent) : null,
        Optional(element, "username"));

    private static WhatsAppNumber? Number(string e164)
    {
        var parsed = WhatsAppNumberParser.Default.ParseReported(e164);
        return parsed.IsValid ? parsed.Number : null;
    }

    private static void Optional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static string Required(JsonElement element, string name) =>
        element.GetProperty(name).GetString() ?? throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{name} is null."));

    private static string? Optional(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static T Enum<T>(string name)
        where T : struct, Enum =>
        System.Enum.TryParse<T>(name, ignoreCase: false, out var value) && System.Enum.IsDefined(value)
            ? value
            : throw new FormatException(typeof(T).Name + " has no such value.");
}
