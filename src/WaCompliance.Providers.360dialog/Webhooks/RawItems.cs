using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace WaCompliance.Providers.Dialog360.Webhooks;

/// <summary>
/// Writes the <see cref="WaCompliance.Webhooks.MalformedWebhookItem.RawItem"/> of an item that could not be read:
/// a Meta envelope of its own (<c>{"object":"whatsapp_business_account","entry":[{"id","time","changes":[{"field","value"}]}]}</c>)
/// holding only what the item needs (the value's <c>messaging_product</c> and <c>metadata</c>, the matching
/// <c>contacts</c> entry) and the item itself, byte for byte. The reader reads it back like any delivery, so a dead
/// letter is re-read exactly as it was received, and other people's items are never copied into it.
/// </summary>
internal static class RawItems
{
    private static readonly JsonWriterOptions s_options = new() { SkipValidation = true };

    /// <summary>An item of a <c>value</c> list (<c>messages</c>, <c>statuses</c>, <c>user_preferences</c>, <c>user_id_update</c>).</summary>
    /// <param name="entry">The entry it came in.</param>
    /// <param name="field">The change's field.</param>
    /// <param name="value">The change's value.</param>
    /// <param name="contact">The item's <c>contacts</c> entry, if any.</param>
    /// <param name="list">The list the item is in.</param>
    /// <param name="item">The item.</param>
    /// <returns>The raw item.</returns>
    public static string Item(JsonElement entry, string field, JsonElement value, JsonElement? contact, string list, JsonElement item) =>
        Write(writer =>
        {
            StartEntry(writer, entry);
            writer.WriteStartObject();
            writer.WriteString("field"u8, field);
            writer.WritePropertyName("value"u8);
            writer.WriteStartObject();
            CopyProperty(writer, value, "messaging_product");
            CopyProperty(writer, value, "metadata");
            if (contact is { } c)
            {
                writer.WritePropertyName("contacts"u8);
                writer.WriteStartArray();
                Raw(writer, c);
                writer.WriteEndArray();
            }

            writer.WritePropertyName(list);
            writer.WriteStartArray();
            Raw(writer, item);
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
            EndEntry(writer);
        });

    /// <summary>A whole change (a template status update, or a change that cannot be split into items).</summary>
    /// <param name="entry">The entry it came in.</param>
    /// <param name="change">The change.</param>
    /// <returns>The raw item.</returns>
    public static string Change(JsonElement entry, JsonElement change) =>
        Write(writer =>
        {
            StartEntry(writer, entry);
            Raw(writer, change);
            EndEntry(writer);
        });

    /// <summary>A whole entry that cannot be split into changes.</summary>
    /// <param name="entry">The entry.</param>
    /// <returns>The raw item.</returns>
    public static string Entry(JsonElement entry) =>
        Write(writer =>
        {
            StartEnvelope(writer);
            Raw(writer, entry);
            writer.WriteEndArray();
            writer.WriteEndObject();
        });

    /// <summary>A whole body that cannot be split into items, as text (bytes that are not UTF-8 become U+FFFD).</summary>
    /// <param name="body">The body.</param>
    /// <returns>The raw item.</returns>
    public static string Body(ReadOnlySpan<byte> body) => Encoding.UTF8.GetString(body);

    private static void StartEnvelope(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("object"u8, "whatsapp_business_account"u8);
        writer.WritePropertyName("entry"u8);
        writer.WriteStartArray();
    }

    private static void StartEntry(Utf8JsonWriter writer, JsonElement entry)
    {
        StartEnvelope(writer);
        writer.WriteStartObject();
        if (entry.ValueKind == JsonValueKind.Object)
        {
            CopyProperty(writer, entry, "id");
            CopyProperty(writer, entry, "time");
        }

        writer.WritePropertyName("changes"u8);
        writer.WriteStartArray();
    }

    private static void EndEntry(Utf8JsonWriter writer)
    {
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void CopyProperty(Utf8JsonWriter writer, JsonElement parent, string name)
    {
        if (parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value))
        {
            writer.WritePropertyName(name);
            Raw(writer, value);
        }
    }

    /// <summary>The element's bytes as received: text that is not valid UTF-8 is kept until the final decoding.</summary>
    private static void Raw(Utf8JsonWriter writer, JsonElement element) =>
        writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(element), skipInputValidation: true);

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, s_options))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
