using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using WaCompliance.Conversations;
using WaCompliance.Gateways;
using WaCompliance.Identities;
using WaCompliance.Numbers;
using WaCompliance.Providers.Dialog360.Errors;
using WaCompliance.Providers.Dialog360.Internal;
using WaCompliance.Providers.Dialog360.Templates;
using WaCompliance.Templates;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.Dialog360.Webhooks;

/// <summary>
/// Reads an authentic Meta webhook body item by item: each <c>messages[]</c>, <c>statuses[]</c>,
/// <c>user_preferences[]</c> and <c>user_id_update[]</c> item, system message and template status change becomes its
/// events, or a <see cref="MalformedWebhookItem"/> of its own while every good item beside it is still read. A body
/// that cannot be split into items at all is one <see cref="MalformedItemCodes.BodyUnreadable"/> item holding it
/// whole. Nothing but <see cref="OutOfMemoryException"/> leaves <see cref="Parse"/>.
/// </summary>
internal sealed class CloudApiWebhookParser
{
    private const string Envelope = "whatsapp_business_account";

    private static readonly JsonDocumentOptions s_documentOptions = new()
    {
        // Meta's bodies nest about ten levels; deeper items are refused one by one (JsonFields.MaxItemDepth), not the body.
        MaxDepth = 256,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    private readonly string _gateway;
    private readonly IReadOnlyDictionary<string, WhatsAppNumber> _senders;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates the parser.</summary>
    /// <param name="gateway">The gateway name events and malformed items carry as their source.</param>
    /// <param name="senders">The registration's numbers by digits (a webhook naming one gets that very number).</param>
    /// <param name="timeProvider">The clock, for items without a time.</param>
    /// <param name="logger">The logger.</param>
    public CloudApiWebhookParser(string gateway, IReadOnlyDictionary<string, WhatsAppNumber> senders, TimeProvider timeProvider, ILogger logger)
    {
        _gateway = gateway;
        _senders = senders;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Reads a body (or a raw item written by <see cref="RawItems"/>, which is a body of its own).</summary>
    /// <param name="body">The bytes.</param>
    /// <returns>The events and the malformed items; always accepted.</returns>
    public WebhookReadResult Parse(ReadOnlyMemory<byte> body)
    {
        var read = new Reading(this, _timeProvider.GetUtcNow());
        try
        {
            read.Body(body);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A safety net: every expected problem is caught at its item. Whatever slipped through keeps the body whole.
            read.Events.Clear();
            read.Malformed.Clear();
            read.Malformed.Add(read.Unreadable(body.Span, "The body could not be read."));
        }

        foreach (var item in read.Malformed)
        {
            Dialog360Log.WebhookItemMalformed(_logger, _gateway, item.Code);
        }

        return WebhookReadResult.Accepted(read.Events, read.Malformed);
    }

    /// <summary>The change an item came in.</summary>
    private sealed record Change(JsonElement Entry, JsonElement Element, string Field, JsonElement Value, string Path, WhatsAppNumber? Business, IReadOnlyList<JsonElement> Contacts)
    {
        public string ValuePath { get; } = Path + ".value";

        /// <summary>The matching contacts entry with its path.</summary>
        public (JsonElement Element, string Path)? Contact(JsonElement item, IdentityFields fields) =>
            WebhookIdentities.MatchContact(Contacts, item, fields) is { } match
                ? (match.Contact, string.Create(CultureInfo.InvariantCulture, $"{ValuePath}.contacts[{match.Index}]"))
                : null;
    }

    /// <summary>One read: its results and the time of reading.</summary>
    private sealed class Reading(CloudApiWebhookParser parser, DateTimeOffset now)
    {
        private delegate void ItemReader(Change change, JsonElement item, string path, (JsonElement Element, string Path)? contact, List<WhatsAppEvent> events);

        public List<WhatsAppEvent> Events { get; } = [];

        public List<MalformedWebhookItem> Malformed { get; } = [];

        private string Gateway => parser._gateway;

        public void Body(ReadOnlyMemory<byte> body)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body, s_documentOptions);
            }
            catch (JsonException exception)
            {
                var at = exception.BytePositionInLine is { } position && exception.LineNumber is { } line
                    ? string.Create(CultureInfo.InvariantCulture, $" (line {line + 1}, byte {position + 1})")
                    : string.Empty;
                Malformed.Add(Unreadable(body.Span, $"The body is not valid JSON{at}."));
                return;
            }

            using (document)
            {
                var root = document.RootElement;
                JsonElement entries;
                try
                {
                    JsonFields.Object(root, "The body");
                    if (!JsonFields.HasDistinctNames(root, "The body"))
                    {
                        throw JsonFields.Malformed("The body has the same top-level property twice.");
                    }

                    var kind = JsonFields.OptionalString(root, "object", "body") ?? throw JsonFields.Malformed("The body has no 'object'.");
                    if (!string.Equals(kind, Envelope, StringComparison.Ordinal))
                    {
                        throw JsonFields.Malformed("The body's 'object' is not whatsapp_business_account.");
                    }

                    entries = JsonFields.OptionalArray(root, "entry", "body") ?? throw JsonFields.Malformed("The body has no 'entry' array.");
                }
                catch (ItemFault fault)
                {
                    Malformed.Add(Unreadable(body.Span, fault.Message));
                    return;
                }

                var e = 0;
                foreach (var entry in entries.EnumerateArray())
                {
                    Entry(entry, string.Create(CultureInfo.InvariantCulture, $"entry[{e++}]"));
                }
            }
        }

        public MalformedWebhookItem Unreadable(ReadOnlySpan<byte> body, string message) => new()
        {
            Source = Gateway,
            Code = MalformedItemCodes.BodyUnreadable,
            Message = message,
            RawItem = RawItems.Body(body),
        };

        private void Entry(JsonElement entry, string path)
        {
            JsonElement changes;
            try
            {
                JsonFields.Object(entry, path);
                if (!JsonFields.HasDistinctNames(entry, path))
                {
                    throw JsonFields.Malformed($"{path} has the same property twice.");
                }

                changes = JsonFields.OptionalArray(entry, "changes", path)
                    ?? throw new ItemFault(MalformedItemCodes.FieldMissing, $"{path}.changes is missing.");
            }
            catch (ItemFault fault)
            {
                Add(fault, RawItems.Entry(entry), null, null);
                return;
            }

            var c = 0;
            foreach (var change in changes.EnumerateArray())
            {
                ReadChange(entry, change, string.Create(CultureInfo.InvariantCulture, $"{path}.changes[{c++}]"));
            }
        }

        private void ReadChange(JsonElement entry, JsonElement element, string path)
        {
            Change change;
            try
            {
                JsonFields.Object(element, path);
                if (!JsonFields.HasDistinctNames(element, path))
                {
                    throw JsonFields.Malformed($"{path} has the same property twice.");
                }

                var field = JsonFields.RequiredString(element, "field", path);
                var value = JsonFields.OptionalObject(element, "value", path)
                    ?? throw new ItemFault(MalformedItemCodes.FieldMissing, $"{path}.value is missing.");
                if (!JsonFields.HasDistinctNames(value, path + ".value"))
                {
                    throw JsonFields.Malformed($"{path}.value has the same property twice.");
                }

                change = new Change(entry, element, field, value, path, Business(value), Contacts(value));
            }
            catch (ItemFault fault)
            {
                Add(fault, RawItems.Change(entry, element), null, null);
                return;
            }

            switch (change.Field)
            {
                case "messages":
                    List(change, "messages", required: false, IdentityFields.Sender, Message);
                    List(change, "statuses", required: false, IdentityFields.Recipient, Status);
                    if (JsonFields.TryGet(change.Value, "errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
                    {
                        Dialog360Log.WebhookIgnored(parser._logger, Gateway, string.Create(CultureInfo.InvariantCulture, $"{errors.GetArrayLength()} webhook-level errors"));
                    }

                    break;
                case "user_preferences":
                    List(change, "user_preferences", required: true, IdentityFields.Contact, Preference);
                    break;
                case "user_id_update":
                    List(change, "user_id_update", required: true, null, UserIdUpdate);
                    break;
                case "message_template_status_update":
                    One(change);
                    break;
                default:
                    Ignore("field " + (change.Field.Length <= 64 ? change.Field : change.Field[..64]));
                    break;
            }
        }

        private void List(Change change, string list, bool required, IdentityFields? fields, ItemReader reader)
        {
            var listPath = $"{change.ValuePath}.{list}";
            if (!JsonFields.TryGet(change.Value, list, out var items))
            {
                if (required)
                {
                    Add(new ItemFault(MalformedItemCodes.FieldMissing, $"{listPath} is missing."), RawItems.Change(change.Entry, change.Element), null, null);
                }

                return;
            }

            if (items.ValueKind != JsonValueKind.Array)
            {
                Add(JsonFields.Malformed($"{listPath} is not a JSON array."), RawItems.Change(change.Entry, change.Element), null, null);
                return;
            }

            var i = 0;
            foreach (var item in items.EnumerateArray())
            {
                var path = string.Create(CultureInfo.InvariantCulture, $"{listPath}[{i++}]");
                (JsonElement Element, string Path)? contact = null;
                var read = new List<WhatsAppEvent>(2);
                try
                {
                    contact = fields is null ? null : change.Contact(item, fields);
                    if (contact is { } c)
                    {
                        JsonFields.CheckStructure(c.Element, c.Path);
                    }

                    // Events are kept only once the whole item was read: an item is applied whole or dead-lettered whole.
                    reader(change, item, path, contact, read);
                    Events.AddRange(read);
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    var fault = exception as ItemFault ?? JsonFields.Malformed($"{path} could not be read.");
                    Add(fault, RawItems.Item(change.Entry, change.Field, change.Value, contact?.Element, list, item), ProbeId(item), WebhookIdentities.Probe(item, contact?.Element));
                }
            }
        }

        private void One(Change change)
        {
            try
            {
                JsonFields.CheckStructure(change.Value, change.ValuePath);
                Template(change);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                var fault = exception as ItemFault ?? JsonFields.Malformed($"{change.Path} could not be read.");
                Add(fault, RawItems.Change(change.Entry, change.Element), null, null);
            }
        }

        private void Add(ItemFault fault, string rawItem, string? eventId, WhatsAppIdentifier? subject) =>
            Malformed.Add(new MalformedWebhookItem
            {
                Source = Gateway,
                Code = fault.Code,
                Message = fault.Message,
                EventId = eventId,
                RawItem = rawItem,
                Subject = subject,
            });

        private void Message(Change change, JsonElement message, string path, (JsonElement Element, string Path)? contact, List<WhatsAppEvent> events)
        {
            JsonFields.Object(message, path);
            JsonFields.CheckStructure(message, path);
            var id = JsonFields.RequiredId(message, "id", path);
            var key = JsonFields.EventKey(id);
            var type = JsonFields.RequiredString(message, "type", path);
            var time = JsonFields.Time(message, "timestamp", now);
            var occurredAt = time.OccurredAt;
            var reportedAt = time.ReportedAt;
            if (string.Equals(type, "system", StringComparison.Ordinal))
            {
                System(change, message, path, key, time, events);
                return;
            }

            var from = WebhookIdentities.Require(message, path, IdentityFields.Sender, contact);
            var replyTo = JsonFields.OptionalObject(message, "context", path) is { } context ? JsonFields.OptionalString(context, "id", path + ".context") : null;
            var referral = JsonFields.OptionalObject(message, "referral", path) is not null;

            if (type == "button" && JsonFields.OptionalObject(message, "button", path) is { } button)
            {
                events.Add(new ButtonReplyEvent
                {
                    EventId = key, Source = Gateway, OccurredAt = occurredAt, ReportedAt = reportedAt, Business = change.Business, From = from, MessageId = id,
                    Payload = JsonFields.OptionalString(button, "payload", path + ".button"),
                    Text = JsonFields.OptionalString(button, "text", path + ".button"),
                    ReplyToMessageId = replyTo,
                });
                return;
            }

            if (type == "interactive" && JsonFields.OptionalObject(message, "interactive", path) is { } interactive
                && (Reply(interactive, "button_reply", path) ?? Reply(interactive, "list_reply", path)) is { } reply)
            {
                events.Add(new ButtonReplyEvent
                {
                    EventId = key, Source = Gateway, OccurredAt = occurredAt, ReportedAt = reportedAt, Business = change.Business, From = from, MessageId = id,
                    Payload = reply.Id, Text = reply.Title, ReplyToMessageId = replyTo,
                });
                return;
            }

            var text = type switch
            {
                "text" => JsonFields.OptionalObject(message, "text", path) is { } body ? JsonFields.OptionalString(body, "body", path + ".text") : null,
                "image" or "video" or "document" => JsonFields.OptionalObject(message, type, path) is { } media ? JsonFields.OptionalString(media, "caption", $"{path}.{type}") : null,
                _ => null,
            };
            events.Add(new InboundMessageEvent
            {
                EventId = key, Source = Gateway, OccurredAt = occurredAt, ReportedAt = reportedAt, Business = change.Business, From = from, MessageId = id,
                Text = text, MessageType = type, Origin = referral ? InboundOrigin.EntryPointReferral : InboundOrigin.Organic, ReplyToMessageId = replyTo,
            });

            if (type == "contacts" && SharedNumber(message, path) is { } shared)
            {
                var current = new WhatsAppIdentity(shared, from.UserId, from.ParentUserId);
                if (current != from)
                {
                    events.Add(new IdentityLinkEvent
                    {
                        EventId = key + ":contact-shared", Source = Gateway, OccurredAt = occurredAt, ReportedAt = reportedAt, Business = change.Business,
                        Previous = from, Current = current, Reason = IdentityLinkReason.ContactShared,
                    });
                }
            }
        }

        private static (string? Id, string? Title)? Reply(JsonElement interactive, string kind, string path) =>
            JsonFields.OptionalObject(interactive, kind, path + ".interactive") is { } reply
                ? (JsonFields.OptionalString(reply, "id", $"{path}.interactive.{kind}"), JsonFields.OptionalString(reply, "title", $"{path}.interactive.{kind}"))
                : null;

        /// <summary>
        /// The number a person shared when asked (<c>contacts[]</c> cards with <c>origin: contact_request</c>, their
        /// <c>phones[].wa_id</c>): one WhatsApp number, or none when they shared none or several (no evidence which).
        /// </summary>
        private WhatsAppNumber? SharedNumber(JsonElement message, string path)
        {
            if (JsonFields.OptionalArray(message, "contacts", path) is not { } cards)
            {
                return null;
            }

            var numbers = new HashSet<WhatsAppNumber>();
            var k = 0;
            foreach (var card in cards.EnumerateArray())
            {
                var cardPath = string.Create(CultureInfo.InvariantCulture, $"{path}.contacts[{k++}]");
                JsonFields.Object(card, cardPath);
                if (!string.Equals(JsonFields.OptionalString(card, "origin", cardPath), "contact_request", StringComparison.Ordinal)
                    || JsonFields.OptionalArray(card, "phones", cardPath) is not { } phones)
                {
                    continue;
                }

                var p = 0;
                foreach (var phone in phones.EnumerateArray())
                {
                    var phonePath = string.Create(CultureInfo.InvariantCulture, $"{cardPath}.phones[{p++}]");
                    JsonFields.Object(phone, phonePath);
                    if (JsonFields.OptionalString(phone, "wa_id", phonePath) is { } waId)
                    {
                        try
                        {
                            numbers.Add(WebhookIdentities.Number(waId, phonePath + ".wa_id"));
                        }
                        catch (ItemFault)
                        {
                            Ignore("shared contact number that is not a phone number");
                        }
                    }
                }
            }

            if (numbers.Count > 1)
            {
                Ignore("contact request with several WhatsApp numbers");
            }

            return numbers.Count == 1 ? numbers.First() : null;
        }

        /// <summary>
        /// <c>user_changed_number</c> (legacy <c>customer_changed_number</c>): <c>from</c> is the old number,
        /// <c>system.wa_id</c> (legacy <c>new_wa_id</c>) the new one with its new <c>user_id</c>/<c>parent_user_id</c>.
        /// <c>user_changed_user_id</c> (legacy <c>customer_identity_changed</c>): the sender as before, <c>system</c>'s
        /// ids as now.
        /// </summary>
        private void System(Change change, JsonElement message, string path, string id, ItemTime time, List<WhatsAppEvent> events)
        {
            var systemPath = path + ".system";
            var system = JsonFields.OptionalObject(message, "system", path) ?? throw new ItemFault(MalformedItemCodes.FieldMissing, $"{systemPath} is missing.");
            var type = JsonFields.RequiredString(system, "type", systemPath);
            IdentityLinkReason? reason = type switch
            {
                "user_changed_number" or "customer_changed_number" => IdentityLinkReason.NumberChanged,
                "user_changed_user_id" or "customer_identity_changed" => IdentityLinkReason.UserIdChanged,
                _ => null,
            };
            if (reason is not { } known)
            {
                Ignore("system message " + (type.Length <= 32 ? type : type[..32]));
                return;
            }

            // System messages carry no contacts[]: the sender is as the message names them.
            var previous = WebhookIdentities.Require(message, path, IdentityFields.Sender, null);
            var phoneField = JsonFields.TryGet(system, "wa_id", out _) ? "wa_id"
                : JsonFields.TryGet(system, "new_wa_id", out _) ? "new_wa_id"
                : JsonFields.TryGet(system, "customer", out _) ? "customer"
                : "wa_id";
            var current = WebhookIdentities.Read(system, systemPath, new IdentityFields(phoneField, "user_id", "parent_user_id"), null)
                ?? throw new ItemFault(MalformedItemCodes.IdentityMissing, $"{systemPath} names no one: no wa_id, user_id or parent_user_id.");
            events.Add(new IdentityLinkEvent
            {
                EventId = id, Source = Gateway, OccurredAt = time.OccurredAt, ReportedAt = time.ReportedAt, Business = change.Business,
                Previous = previous, Current = current, Reason = known,
            });
        }

        private void Status(Change change, JsonElement status, string path, (JsonElement Element, string Path)? contact, List<WhatsAppEvent> events)
        {
            JsonFields.Object(status, path);
            JsonFields.CheckStructure(status, path);
            var id = JsonFields.RequiredId(status, "id", path);
            var value = JsonFields.RequiredString(status, "status", path);
            if (value is not ("sent" or "delivered" or "read" or "failed"))
            {
                Ignore("status " + (value.Length <= 32 ? value : value[..32]));
                return;
            }

            var time = JsonFields.Time(status, "timestamp", now);

            // A group message's status names the group in recipient_id: no person then.
            var group = string.Equals(JsonFields.OptionalString(status, "recipient_type", path), "group", StringComparison.Ordinal);
            var recipient = group ? null : WebhookIdentities.Read(status, path, IdentityFields.Recipient, contact);
            var error = JsonFields.OptionalArray(status, "errors", path) is { } errors && errors.GetArrayLength() > 0
                ? ToError(errors[0], path + ".errors[0]")
                : null;
            var delivery = value switch
            {
                "sent" => MessageDeliveryStatus.Sent,
                "delivered" => MessageDeliveryStatus.Delivered,
                "read" => MessageDeliveryStatus.Read,
                _ => error?.Kind is ProviderErrorKind.RecipientInvalid or ProviderErrorKind.OutsideWindow or ProviderErrorKind.MarketingLimit
                    or ProviderErrorKind.OptedOut or ProviderErrorKind.SpamQuality
                    ? MessageDeliveryStatus.Undelivered
                    : MessageDeliveryStatus.Failed,
            };
            events.Add(new MessageStatusEvent
            {
                EventId = $"{JsonFields.EventKey(id)}:{value}", Source = Gateway, OccurredAt = time.OccurredAt, ReportedAt = time.ReportedAt, Business = change.Business,
                ProviderMessageId = id, Status = delivery, Recipient = recipient,
                Error = delivery is MessageDeliveryStatus.Failed or MessageDeliveryStatus.Undelivered
                    ? error ?? new ProviderError(ProviderErrorKind.Unknown, null, "The message failed without an error.")
                    : null,
            });
        }

        private static ProviderError ToError(JsonElement error, string path)
        {
            JsonFields.Object(error, path);
            var code = JsonFields.OptionalInteger(error, "code", path);
            var title = JsonFields.OptionalString(error, "title", path);
            var message = JsonFields.OptionalString(error, "message", path) ?? title;
            var details = JsonFields.OptionalObject(error, "error_data", path) is { } data ? JsonFields.OptionalString(data, "details", path + ".error_data") : null;
            var text = message is null ? details : details is null || message.Contains(details, StringComparison.Ordinal) ? message : $"{message}: {details}";
            return code is { } known
                ? new ProviderError(CloudApiErrorMapper.KindOfCode(known, details) ?? ProviderErrorKind.Unknown, known.ToString(CultureInfo.InvariantCulture), text)
                : new ProviderError(ProviderErrorKind.Unknown, null, text);
        }

        private void Preference(Change change, JsonElement preference, string path, (JsonElement Element, string Path)? contact, List<WhatsAppEvent> events)
        {
            JsonFields.Object(preference, path);
            JsonFields.CheckStructure(preference, path);
            var choice = JsonFields.RequiredString(preference, "value", path);
            if (JsonFields.OptionalString(preference, "category", path) is { } category && !string.Equals(category, "marketing_messages", StringComparison.Ordinal))
            {
                Ignore("preference category");
                return;
            }

            MarketingPreference? kind = choice switch
            {
                "stop" => MarketingPreference.Stop,
                "resume" => MarketingPreference.Resume,
                _ => null,
            };
            if (kind is not { } known)
            {
                Ignore("preference value");
                return;
            }

            var from = WebhookIdentities.Require(preference, path, IdentityFields.Contact, contact);
            var time = JsonFields.Time(preference, "timestamp", now);
            var key = from.Phone?.Digits ?? from.UserId?.Value ?? from.ParentUserId!.Value.Value;
            events.Add(new MarketingPreferenceEvent
            {
                // The id is a digest: it must not carry the person's number or user ID. It holds the provider's time as
                // sent (not the time received, when that is used): a redelivery has the same id.
                EventId = "preference:" + Digest($"{key}|{choice}|{time.Key}"),
                Source = Gateway, OccurredAt = time.OccurredAt, ReportedAt = time.ReportedAt, Business = change.Business, From = from, Preference = known,
            });
        }

        /// <summary><c>user_id_update[]</c>: <c>user_id</c> and <c>parent_user_id</c> as <c>{previous, current}</c>, <c>wa_id</c> when shared.</summary>
        private void UserIdUpdate(Change change, JsonElement update, string path, (JsonElement Element, string Path)? contact, List<WhatsAppEvent> events)
        {
            JsonFields.Object(update, path);
            JsonFields.CheckStructure(update, path);
            var phone = JsonFields.OptionalString(update, "wa_id", path) is { } waId ? WebhookIdentities.Number(waId, path + ".wa_id") : (WhatsAppNumber?)null;
            var (previousUser, currentUser) = Pair(update, "user_id", path, parent: false);
            var (previousParent, currentParent) = Pair(update, "parent_user_id", path, parent: true);
            if (previousUser is null && previousParent is null)
            {
                throw new ItemFault(MalformedItemCodes.IdentityMissing, $"{path} names no previous id: no user_id.previous or parent_user_id.previous.");
            }

            if (currentUser is null && currentParent is null)
            {
                throw new ItemFault(MalformedItemCodes.IdentityMissing, $"{path} names no current id: no user_id.current or parent_user_id.current.");
            }

            var time = JsonFields.Time(update, "timestamp", now);
            events.Add(new IdentityLinkEvent
            {
                EventId = "user-id-update:" + Digest($"{previousUser}|{currentUser}|{previousParent}|{currentParent}|{time.Key}"),
                Source = Gateway, OccurredAt = time.OccurredAt, ReportedAt = time.ReportedAt, Business = change.Business,
                Previous = new WhatsAppIdentity(phone, previousUser, previousParent),
                Current = new WhatsAppIdentity(phone, currentUser, currentParent),
                Reason = IdentityLinkReason.UserIdChanged,
            });
        }

        private static (BusinessScopedUserId? Previous, BusinessScopedUserId? Current) Pair(JsonElement update, string name, string path, bool parent)
        {
            if (JsonFields.OptionalObject(update, name, path) is not { } pair)
            {
                return (null, null);
            }

            var pairPath = $"{path}.{name}";
            return (
                JsonFields.OptionalString(pair, "previous", pairPath) is { } previous ? WebhookIdentities.UserId(previous, pairPath + ".previous", parent) : null,
                JsonFields.OptionalString(pair, "current", pairPath) is { } current ? WebhookIdentities.UserId(current, pairPath + ".current", parent) : null);
        }

        private void Template(Change change)
        {
            var value = change.Value;
            var path = change.ValuePath;
            var name = JsonFields.RequiredString(value, "message_template_name", path);
            var @event = JsonFields.RequiredString(value, "event", path);
            TemplateStatus? status = @event switch
            {
                "APPROVED" or "REINSTATED" => TemplateStatus.Approved,
                "PENDING" => TemplateStatus.Pending,
                "REJECTED" => TemplateStatus.Rejected,
                "PAUSED" => TemplateStatus.Paused,
                "DISABLED" => TemplateStatus.Disabled,
                "IN_APPEAL" => TemplateStatus.InAppeal,
                "PENDING_DELETION" => TemplateStatus.PendingDeletion,
                "DELETED" => TemplateStatus.Deleted,
                "LIMIT_EXCEEDED" => TemplateStatus.LimitExceeded,
                "ARCHIVED" => TemplateStatus.Archived,
                _ => null,
            };
            if (status is not { } known)
            {
                // FLAGGED, UNARCHIVED and future events do not name a status this SDK can act on.
                Ignore("template event " + (@event.Length <= 32 ? @event : @event[..32]));
                return;
            }

            var time = JsonFields.Time(change.Entry, "time", now);
            var language = JsonFields.OptionalString(value, "message_template_language", path);
            var templateId = TemplateId(value, path);
            var reason = JsonFields.OptionalString(value, "reason", path);
            var category = JsonFields.OptionalString(value, "message_template_category", path);
            Events.Add(new TemplateStatusEvent
            {
                EventId = EventKey($"template:{templateId ?? name + ":" + language}:{@event}:{time.Key}"),
                Source = Gateway,
                OccurredAt = time.OccurredAt,
                ReportedAt = time.ReportedAt,
                TemplateName = name,
                Language = language,
                ProviderTemplateId = templateId,
                Status = known,
                Category = TemplateJson.Category(category),
                Reason = reason is null or "NONE" ? null : reason,
            });
        }

        private static string? TemplateId(JsonElement value, string path)
        {
            if (!JsonFields.TryGet(value, "message_template_id", out var id))
            {
                return null;
            }

            return id.ValueKind == JsonValueKind.String
                ? JsonFields.OptionalString(value, "message_template_id", path)
                : JsonFields.OptionalInteger(value, "message_template_id", path)?.ToString(CultureInfo.InvariantCulture);
        }

        private WhatsAppNumber? Business(JsonElement value)
        {
            try
            {
                if (JsonFields.OptionalObject(value, "metadata", "metadata") is not { } metadata
                    || JsonFields.OptionalString(metadata, "display_phone_number", "metadata") is not { Length: > 0 } display)
                {
                    return null;
                }

                var digits = display.All(char.IsAsciiDigit) ? display : new string([.. display.Where(char.IsAsciiDigit)]);
                if (parser._senders.TryGetValue(digits, out var sender))
                {
                    return sender;
                }

                var parsed = WhatsAppNumberParser.Default.ParseReported(digits);
                return parsed.IsValid ? parsed.Number : null;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // The business number only opens windows: without it the items are still read (and no window opens).
                return null;
            }
        }

        private static IReadOnlyList<JsonElement> Contacts(JsonElement value) =>
            JsonFields.TryGet(value, "contacts", out var contacts) && contacts.ValueKind == JsonValueKind.Array ? [.. contacts.EnumerateArray()] : [];

        private void Ignore(string what) => Dialog360Log.WebhookIgnored(parser._logger, Gateway, what);

        /// <summary>The provider's id of an item that could not be read, when it can be: the message id, or status id and status.</summary>
        private static string? ProbeId(JsonElement item)
        {
            try
            {
                if (!JsonFields.TryGet(item, "id", out var id) || id.ValueKind != JsonValueKind.String || id.GetString() is not { Length: > 0 } full)
                {
                    return null;
                }

                var text = JsonFields.EventKey(full);
                return JsonFields.TryGet(item, "status", out var status) && status.ValueKind == JsonValueKind.String && status.GetString() is { Length: > 0 and <= 32 } value
                    ? $"{text}:{value}"
                    : text;
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }
    }

    /// <summary>An event id of at most 256 characters: the text, or a digest of it when longer.</summary>
    private static string EventKey(string text) => text.Length <= 256 ? text : "sha256:" + Digest(text);

    private static string Digest(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
}
