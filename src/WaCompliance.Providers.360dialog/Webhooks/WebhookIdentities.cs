using System.Text.Json;
using WaCompliance.Identities;
using WaCompliance.Numbers;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.Dialog360.Webhooks;

/// <summary>Where an item names its person: the item's own fields, and the <c>contacts[]</c> entry that matches it.</summary>
/// <param name="Phone">The phone field (<c>from</c>, <c>recipient_id</c>, <c>wa_id</c>).</param>
/// <param name="UserId">The business-scoped user ID field (<c>from_user_id</c>, <c>recipient_user_id</c>, <c>user_id</c>).</param>
/// <param name="ParentUserIds">The parent business-scoped user ID field and its aliases, first wins.</param>
internal sealed record IdentityFields(string Phone, string UserId, params string[] ParentUserIds)
{
    /// <summary>An inbound message: <c>from</c>, <c>from_user_id</c>, <c>from_parent_user_id</c>.</summary>
    public static readonly IdentityFields Sender = new("from", "from_user_id", "from_parent_user_id");

    /// <summary>A status: <c>recipient_id</c>, <c>recipient_user_id</c>, <c>recipient_parent_user_id</c> (alias <c>parent_recipient_user_id</c>).</summary>
    public static readonly IdentityFields Recipient = new("recipient_id", "recipient_user_id", "recipient_parent_user_id", "parent_recipient_user_id");

    /// <summary>A <c>contacts[]</c> entry, a <c>user_preferences[]</c> item or a system message's <c>system</c>: <c>wa_id</c>, <c>user_id</c>, <c>parent_user_id</c>.</summary>
    public static readonly IdentityFields Contact = new("wa_id", "user_id", "parent_user_id");
}

/// <summary>
/// Reads the person an item names as a <see cref="WhatsAppIdentity"/>. Phone numbers are read as WhatsApp reports
/// them (<see cref="WhatsAppNumberParser.ParseReported"/>: every line type, and well-formed numbers libphonenumber does
/// not know yet); a phone field holding a business-scoped user ID (two capital letters and a dot) is read as that id,
/// never normalized as a number. The username is display only.
/// </summary>
internal static class WebhookIdentities
{
    /// <summary>Finds the <c>contacts[]</c> entry of an item: the one naming the same phone or user ID, or the only one.</summary>
    /// <param name="contacts">The change's contacts (objects only).</param>
    /// <param name="item">The item.</param>
    /// <param name="fields">Where the item names its person.</param>
    /// <returns>The entry and its index, or <see langword="null"/>.</returns>
    public static (JsonElement Contact, int Index)? MatchContact(IReadOnlyList<JsonElement> contacts, JsonElement item, IdentityFields fields)
    {
        if (contacts.Count == 0)
        {
            return null;
        }

        var phone = Peek(item, fields.Phone);
        var userId = Peek(item, fields.UserId);
        if (phone is null && userId is null)
        {
            return contacts.Count == 1 ? (contacts[0], 0) : null;
        }

        var digits = phone is null || BusinessScopedUserId.LooksLikeUserId(phone) ? null : phone.TrimStart('+');
        var idInPhone = phone is not null && BusinessScopedUserId.LooksLikeUserId(phone) ? phone : null;
        for (var i = 0; i < contacts.Count; i++)
        {
            var waId = Peek(contacts[i], "wa_id")?.TrimStart('+');
            var contactUserId = Peek(contacts[i], "user_id");
            if ((digits is not null && string.Equals(waId, digits, StringComparison.Ordinal))
                || (contactUserId is not null && (string.Equals(contactUserId, userId, StringComparison.Ordinal) || string.Equals(contactUserId, idInPhone, StringComparison.Ordinal))))
            {
                return (contacts[i], i);
            }
        }

        return null;
    }

    /// <summary>Reads the person of an item; the item's own fields come first, the contact fills what they lack.</summary>
    /// <param name="item">The item.</param>
    /// <param name="path">Its path.</param>
    /// <param name="fields">Where the item names its person.</param>
    /// <param name="contact">The matching <c>contacts[]</c> entry and its path, if any.</param>
    /// <returns>The identity, or <see langword="null"/> when the item names nobody.</returns>
    public static WhatsAppIdentity? Read(JsonElement item, string path, IdentityFields fields, (JsonElement Element, string Path)? contact)
    {
        WhatsAppNumber? phone = null;
        BusinessScopedUserId? userId = null;
        BusinessScopedUserId? parent = null;

        ReadInto(item, path, fields, ref phone, ref userId, ref parent);
        string? username = null;
        if (contact is { } entry)
        {
            ReadInto(entry.Element, entry.Path, IdentityFields.Contact, ref phone, ref userId, ref parent);
            if (JsonFields.OptionalObject(entry.Element, "profile", entry.Path) is { } profile)
            {
                username = JsonFields.OptionalString(profile, "username", entry.Path + ".profile");
            }
        }

        return phone is null && userId is null && parent is null ? null : new WhatsAppIdentity(phone, userId, parent, username);
    }

    /// <summary>Reads the person of an item, which must name one.</summary>
    /// <param name="item">The item.</param>
    /// <param name="path">Its path.</param>
    /// <param name="fields">Where the item names its person.</param>
    /// <param name="contact">The matching <c>contacts[]</c> entry and its path, if any.</param>
    /// <returns>The identity.</returns>
    public static WhatsAppIdentity Require(JsonElement item, string path, IdentityFields fields, (JsonElement Element, string Path)? contact) =>
        Read(item, path, fields, contact)
        ?? throw new ItemFault(
            MalformedItemCodes.IdentityMissing,
            $"{path} names no person: no {fields.Phone}, {fields.UserId} or {fields.ParentUserIds[0]}{(contact is null ? string.Empty : ", and its contacts entry none either")}.");

    /// <summary>A reported phone number (not a business-scoped user ID).</summary>
    /// <param name="text">The text.</param>
    /// <param name="path">Its path.</param>
    /// <returns>The number.</returns>
    public static WhatsAppNumber Number(string text, string path) =>
        ReportedNumber(text, out var code) ?? throw NotANumber(path, null, code);

    private static WhatsAppNumber? ReportedNumber(string text, out string? code)
    {
        try
        {
            var parsed = WhatsAppNumberParser.Default.ParseReported(text);
            code = parsed.Code;
            return parsed.IsValid ? parsed.Number : null;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            code = null;
            return null;
        }
    }

    private static ItemFault NotANumber(string path, string? name, string? code) =>
        new(MalformedItemCodes.IdentityInvalid, $"{path}{(name is null ? string.Empty : "." + name)} is not a phone number{(code is null ? string.Empty : $" ({code})")}.");

    /// <summary>Any identifier an item names that can be read, for the dead letter's subject (best effort, never throws).</summary>
    /// <param name="item">The item.</param>
    /// <param name="contact">Its contacts entry.</param>
    /// <returns>An identifier, or <see langword="null"/>.</returns>
    public static WhatsAppIdentifier? Probe(JsonElement item, JsonElement? contact)
    {
        string[] names =
        [
            "from", "from_user_id", "from_parent_user_id", "recipient_id", "recipient_user_id", "recipient_parent_user_id",
            "parent_recipient_user_id", "wa_id", "user_id", "parent_user_id",
        ];
        foreach (var element in contact is { } c ? new[] { item, c } : [item])
        {
            foreach (var name in names)
            {
                try
                {
                    var value = JsonFields.TryGet(element, name, out var found) ? found : default;
                    JsonElement[] candidates = value.ValueKind == JsonValueKind.Object
                        ? [Field(value, "current"), Field(value, "previous")] // user_id_update: {"user_id":{"previous","current"}}
                        : [value];
                    foreach (var candidate in candidates)
                    {
                        if (candidate.ValueKind == JsonValueKind.String && WhatsAppIdentifier.TryParse(candidate.GetString(), out var identifier))
                        {
                            return identifier;
                        }
                    }
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    // Best effort: an unreadable field names nobody.
                }
            }
        }

        return null;
    }

    /// <summary>An identifier field: a string, or absent (a blank string is absent too: nothing is named by it).</summary>
    private static string? Identifier(JsonElement item, string name, string path) =>
        JsonFields.OptionalString(item, name, path) is { } text && !string.IsNullOrWhiteSpace(text) ? text : null;

    private static JsonElement Field(JsonElement element, string name) => JsonFields.TryGet(element, name, out var value) ? value : default;

    private static void ReadInto(JsonElement item, string path, IdentityFields fields, ref WhatsAppNumber? phone, ref BusinessScopedUserId? userId, ref BusinessScopedUserId? parent)
    {
        string? parentText = null;
        var parentName = fields.ParentUserIds[0];
        foreach (var name in fields.ParentUserIds)
        {
            // Every alias is type-checked; the first one present is read.
            if (Identifier(item, name, path) is { } text && parentText is null)
            {
                parentText = text;
                parentName = name;
            }
        }

        if (Identifier(item, fields.UserId, path) is { } userText && userId is null)
        {
            userId = UserId(userText, $"{path}.{fields.UserId}", parent: false);
        }

        if (parentText is not null && parent is null)
        {
            parent = UserId(parentText, $"{path}.{parentName}", parent: true);
        }

        if (Identifier(item, fields.Phone, path) is not { } phoneText)
        {
            return;
        }

        if (BusinessScopedUserId.LooksLikeUserId(phoneText))
        {
            // Some write-ups say wa_id/from will carry a user ID for people without a shared number: read it as one.
            var id = UserId(phoneText, $"{path}.{fields.Phone}", parent: null);
            if (id.IsParent)
            {
                parent ??= id;
            }
            else
            {
                userId ??= id;
            }

            return;
        }

        if (phone is null)
        {
            phone = ReportedNumber(phoneText, out var code) ?? throw NotANumber(path, fields.Phone, code);
        }
    }

    /// <summary>A business-scoped user ID field.</summary>
    /// <param name="text">The text.</param>
    /// <param name="path">Its path.</param>
    /// <param name="parent">Whether it must be a parent id (<see langword="true"/>), must not be (<see langword="false"/>), or may be either.</param>
    /// <returns>The id.</returns>
    public static BusinessScopedUserId UserId(string text, string path, bool? parent)
    {
        if (!BusinessScopedUserId.TryParse(text, out var id, out var reason))
        {
            throw new ItemFault(MalformedItemCodes.IdentityInvalid, $"{path} is not a business-scoped user ID ({reason.ToCode()}).");
        }

        return parent switch
        {
            true when !id.IsParent => throw new ItemFault(MalformedItemCodes.IdentityInvalid, $"{path} is not a parent business-scoped user ID (CC.ENT.…)."),
            false when id.IsParent => throw new ItemFault(MalformedItemCodes.IdentityInvalid, $"{path} is a parent business-scoped user ID where a business-scoped user ID belongs."),
            _ => id,
        };
    }

    /// <summary>A string field for matching only (wrong types and unreadable text match nothing).</summary>
    private static string? Peek(JsonElement element, string name)
    {
        try
        {
            return JsonFields.TryGet(element, name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
