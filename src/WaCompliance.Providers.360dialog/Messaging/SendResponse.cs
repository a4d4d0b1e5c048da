using System.Text.Json;
using WaCompliance.Identities;
using WaCompliance.Numbers;

namespace WaCompliance.Providers.Dialog360.Messaging;

/// <summary>
/// Reads the Cloud API send response: <c>{"messaging_product":"whatsapp","contacts":[{"input","wa_id","user_id"}],"messages":[{"id":"wamid...","message_status":"accepted"}]}</c>.
/// The message id is what matters (without it the send cannot be tracked); <c>contacts[]</c> is evidence of whom the
/// message reached and is read leniently: a contact field that is missing, of the wrong type or not an identifier is
/// left out, never a reason to lose the id.
/// </summary>
internal static class SendResponse
{
    /// <summary>Reads a response body.</summary>
    /// <param name="body">The body.</param>
    /// <param name="sent">What was sent as <c>to</c> or <c>recipient</c>.</param>
    /// <returns>The message id (or <see langword="null"/>) and whom WhatsApp says the message reached.</returns>
    public static (string? MessageId, WhatsAppIdentity? Reached) Read(ReadOnlySpan<byte> body, string sent)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            string? id = null;
            if (root.TryGetProperty("messages"u8, out var messages) && messages.ValueKind == JsonValueKind.Array && messages.GetArrayLength() > 0
                && messages[0].ValueKind == JsonValueKind.Object && String(messages[0], "id") is { Length: > 0 } messageId)
            {
                id = messageId;
            }

            return (id, Reached(root, sent));
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or ArgumentException)
        {
            return (null, null);
        }
    }

    private static WhatsAppIdentity? Reached(JsonElement root, string sent)
    {
        if (!root.TryGetProperty("contacts"u8, out var contacts) || contacts.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        JsonElement? match = null;
        var count = 0;
        foreach (var contact in contacts.EnumerateArray())
        {
            if (contact.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            count++;
            if (String(contact, "input") is { } input && string.Equals(input.TrimStart('+'), sent, StringComparison.Ordinal))
            {
                match = contact;
                break;
            }

            match ??= contact;
        }

        if (match is not { } reached || (count > 1 && !string.Equals(String(reached, "input")?.TrimStart('+'), sent, StringComparison.Ordinal)))
        {
            // Several contacts and none for what was sent: no evidence which is this recipient.
            return null;
        }

        WhatsAppNumber? phone = null;
        if (String(reached, "wa_id") is { } waId && !BusinessScopedUserId.LooksLikeUserId(waId)
            && WhatsAppNumberParser.Default.ParseReported(waId) is { IsValid: true } number)
        {
            phone = number.Number;
        }

        BusinessScopedUserId? userId = null;
        BusinessScopedUserId? parent = null;
        foreach (var name in (ReadOnlySpan<string>)["user_id", "parent_user_id"])
        {
            if (String(reached, name) is { } text && BusinessScopedUserId.TryParse(text, out var id))
            {
                if (id.IsParent)
                {
                    parent ??= id;
                }
                else
                {
                    userId ??= id;
                }
            }
        }

        return phone is null && userId is null && parent is null ? null : new WhatsAppIdentity(phone, userId, parent);
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
