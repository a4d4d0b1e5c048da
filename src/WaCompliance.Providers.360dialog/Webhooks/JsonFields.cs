using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.Dialog360.Webhooks;

/// <summary>
/// Typed reads of webhook JSON that never throw anything but <see cref="ItemFault"/>: a field of the wrong type, text
/// that is not valid UTF-8 or UTF-16, a number out of range. Messages name the path, never the value. A JSON
/// <c>null</c> reads as a missing field.
/// </summary>
internal static class JsonFields
{
    /// <summary>The deepest an item may nest (Meta's items nest about six levels).</summary>
    public const int MaxItemDepth = 64;

    /// <summary>Objects with at most this many properties are checked for repeated names pair by pair, without allocating.</summary>
    private const int MaxPairwiseNames = 24;

    /// <summary>The longest provider id used as it is in an event id; a longer one is hashed into it (never refused).</summary>
    public const int MaxIdLength = 200;

    /// <summary>Whether the element is a JSON object.</summary>
    /// <param name="element">The element.</param>
    /// <returns>Whether it is an object.</returns>
    public static bool IsObject(JsonElement element) => element.ValueKind == JsonValueKind.Object;

    /// <summary>The element itself, which must be an object.</summary>
    /// <param name="element">The element.</param>
    /// <param name="path">Its path.</param>
    /// <returns>The element.</returns>
    public static JsonElement Object(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Object ? element : throw Malformed($"{path} is not a JSON object.");

    /// <summary>A property when present and not null.</summary>
    /// <param name="parent">The object.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value.</param>
    /// <returns>Whether it is present.</returns>
    public static bool TryGet(JsonElement parent, string name, out JsonElement value)
    {
        if (parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>An optional string.</summary>
    /// <param name="parent">The object.</param>
    /// <param name="name">The property name.</param>
    /// <param name="path">The object's path.</param>
    /// <returns>The text, or <see langword="null"/> when absent.</returns>
    public static string? OptionalString(JsonElement parent, string name, string path)
    {
        if (!TryGet(parent, name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw Malformed($"{path}.{name} is not a string.");
        }

        return Text(value, path, name);
    }

    /// <summary>A required, non-blank string.</summary>
    /// <param name="parent">The object.</param>
    /// <param name="name">The property name.</param>
    /// <param name="path">The object's path.</param>
    /// <returns>The text.</returns>
    public static string RequiredString(JsonElement parent, string name, string path) =>
        OptionalString(parent, name, path) is { } text && !string.IsNullOrWhiteSpace(text)
            ? text
            : throw new ItemFault(MalformedItemCodes.FieldMissing, $"{path}.{name} is missing.");

    /// <summary>A required provider id (message id, status id): non-blank, of any length (see <see cref="EventKey"/>).</summary>
    /// <param name="parent">The object.</param>
    /// <param name="name">The property name.</param>
    /// <param name="path">The object's path.</param>
    /// <returns>The id.</returns>
    public static string RequiredId(JsonElement parent, string name, string path) => RequiredString(parent, name, path);

    /// <summary>
    /// The id as an event id: as it is up to <see cref="MaxIdLength"/> characters, otherwise its start and a SHA-256 of
    /// the whole (so a redelivery maps to the same event id and two long ids never collide).
    /// </summary>
    /// <param name="id">The provider's id.</param>
    /// <returns>The event id (at most <see cref="MaxIdLength"/> characters).</returns>
    public static string EventKey(string id)
    {
        if (id.Length <= MaxIdLength)
        {
            return id;
        }

        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id)));
        var cut = MaxIdLength - hash.Length - 1;
        if (char.IsHighSurrogate(id[cut - 1]))
        {
            cut--;
        }

        return string.Concat(id.AsSpan(0, cut), "#", hash);
    }

    /// <summary>An optional object.</summary>
    /// <param name="parent">The object.</param>
    /// <param name="name">The property name.</param>
    /// <param name="path">The object's path.</param>
    /// <returns>The object, or <see langword="null"/> when absent.</returns>
    public static JsonElement? OptionalObject(JsonElement parent, string name, string path)
    {
        if (!TryGet(parent, name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Object ? value : throw Malformed($"{path}.{name} is not a JSON object.");
    }

    /// <summary>An optional array.</summary>
    /// <param name="parent">The object.</param>
    /// <param name="name">The property name.</param>
    /// <param name="path">The object's path.</param>
    /// <returns>The array, or <see langword="null"/> when absent.</returns>
    public static JsonElement? OptionalArray(JsonElement parent, string name, string path)
    {
        if (!TryGet(parent, name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Array ? value : throw Malformed($"{path}.{name} is not a JSON array.");
    }

    /// <summary>An optional integer, written as a JSON number or as a string of digits.</summary>
    /// <param name="parent">The object.</param>
    /// <param name="name">The property name.</param>
    /// <param name="path">The object's path.</param>
    /// <returns>The integer, or <see langword="null"/> when absent.</returns>
    public static long? OptionalInteger(JsonElement parent, string name, string path)
    {
        if (!TryGet(parent, name, out var value))
        {
            return null;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Number when value.TryGetInt64(out var number):
                return number;
            case JsonValueKind.Number:
                throw Malformed($"{path}.{name} is not an integer in range.");
            case JsonValueKind.String:
                var text = Text(value, path, name);
                return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
                    ? parsed
                    : throw Malformed($"{path}.{name} is not an integer in range.");
            default:
                throw Malformed($"{path}.{name} is not a number.");
        }
    }

    /// <summary>
    /// A provider time in Unix seconds (a number or a string of digits). A time is never a reason to refuse an item:
    /// a missing one is <paramref name="received"/>; one outside <see cref="WebhookTimes"/>' range (years 9999 and 1970,
    /// a time ahead of our clock beyond the allowed skew) makes the event occur when received, the provider's time kept
    /// as <see cref="WhatsAppEvent.ReportedAt"/>; one that is no time at all (a word, an object) is ignored.
    /// </summary>
    /// <param name="parent">The object.</param>
    /// <param name="name">The property name.</param>
    /// <param name="received">The time of reading.</param>
    /// <returns>The time, and a text of it that is the same in every redelivery (for event ids).</returns>
    public static ItemTime Time(JsonElement parent, string name, DateTimeOffset received)
    {
        if (!TryGet(parent, name, out var value))
        {
            return new ItemTime(received, null, Seconds(received.ToUnixTimeSeconds()));
        }

        long? seconds = value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var number) => number,
            JsonValueKind.String when TryText(value) is { } text
                && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
        if (seconds is not { } s)
        {
            // Not a time: the raw bytes, hashed, keep the event id stable across redeliveries.
            var raw = JsonMarshal.GetRawUtf8Value(value);
            return new ItemTime(received, null, "x" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(raw).AsSpan(0, 8)));
        }

        DateTimeOffset? reported = s is >= MinUnixSeconds and <= MaxUnixSeconds ? DateTimeOffset.FromUnixTimeSeconds(s) : null;
        return new ItemTime(WebhookTimes.OccurredAt(reported, received), WebhookTimes.ReportedAt(reported, received), Seconds(s));
    }

    /// <summary>
    /// Checks an item's structure before anything is read from it: no object with the same property twice (which
    /// copy would win is parser-dependent), no deeper nesting than <see cref="MaxItemDepth"/>, property names that
    /// are valid text.
    /// </summary>
    /// <param name="element">The item.</param>
    /// <param name="path">Its path.</param>
    public static void CheckStructure(JsonElement element, string path) => CheckStructure(element, path, 0);

    /// <summary>Checks one object's own property names for repeats (not its children).</summary>
    /// <param name="element">The object.</param>
    /// <param name="path">Its path.</param>
    /// <returns>Whether every name is distinct and readable.</returns>
    public static bool HasDistinctNames(JsonElement element, string path)
    {
        try
        {
            CheckNames(element, path);
            return true;
        }
        catch (ItemFault)
        {
            return false;
        }
    }

    /// <summary>A fault for a value of the wrong shape.</summary>
    /// <param name="message">The message (a path, no value).</param>
    /// <returns>The fault.</returns>
    public static ItemFault Malformed(string message) => new(MalformedItemCodes.ItemMalformed, message);

    private static void CheckStructure(JsonElement element, string path, int depth)
    {
        if (depth > MaxItemDepth)
        {
            throw Malformed(string.Create(CultureInfo.InvariantCulture, $"{path} nests deeper than {MaxItemDepth} levels."));
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                CheckNames(element, path);
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                    {
                        CheckStructure(property.Value, path, depth + 1);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var child in element.EnumerateArray())
                {
                    if (child.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                    {
                        CheckStructure(child, path, depth + 1);
                    }
                }

                break;
        }
    }

    /// <summary>
    /// Compares the property names as received (raw UTF-8, no allocation); a name written with escapes is unescaped
    /// first, so <c>"from"</c> and <c>"\u0066rom"</c> are the same name.
    /// </summary>
    private static void CheckNames(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var count = element.GetPropertyCount();
        if (count > MaxPairwiseNames)
        {
            CheckNamesWithSet(element, path);
            return;
        }

        var i = 0;
        foreach (var property in element.EnumerateObject())
        {
            var name = JsonMarshal.GetRawUtf8PropertyName(property);
            if (name.Contains((byte)'\\'))
            {
                CheckNamesWithSet(element, path);
                return;
            }

            if (!Utf8.IsValid(name))
            {
                throw Malformed($"{path} has a property name that is not valid UTF-8 or UTF-16 text.");
            }

            var j = 0;
            foreach (var earlier in element.EnumerateObject())
            {
                if (j++ == i)
                {
                    break;
                }

                if (name.SequenceEqual(JsonMarshal.GetRawUtf8PropertyName(earlier)))
                {
                    throw Malformed($"{path} has the same property twice{Named(property.Name)}.");
                }
            }

            i++;
        }
    }

    private static void CheckNamesWithSet(JsonElement element, string path)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            string name;
            try
            {
                name = property.Name;
            }
            catch (InvalidOperationException)
            {
                throw Malformed($"{path} has a property name that is not valid UTF-8 or UTF-16 text.");
            }

            if (!seen.Add(name))
            {
                throw Malformed($"{path} has the same property twice{Named(name)}.");
            }
        }
    }

    /// <summary>
    /// Names a repeated property only when it looks like one of Meta's field names (letters and underscores): never
    /// arbitrary text, never digits that could be a number.
    /// </summary>
    private static string Named(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetter(c) || c == '_') ? $" ('{name}')" : string.Empty;

    private const long MinUnixSeconds = -62_135_596_800;

    private const long MaxUnixSeconds = 253_402_300_799;

    private static string Seconds(long seconds) => seconds.ToString(CultureInfo.InvariantCulture);

    private static string? TryText(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The text of a string value; the path is only put together when the text cannot be read.</summary>
    private static string Text(JsonElement value, string path, string name)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw Malformed($"{path}.{name} is not valid UTF-8 or UTF-16 text.");
        }
    }
}

/// <summary>A provider time as read: when the event occurred, the provider's time when it could not be that, and a stable text of it.</summary>
/// <param name="OccurredAt">The event's time.</param>
/// <param name="ReportedAt">The provider's time when it is not <paramref name="OccurredAt"/>.</param>
/// <param name="Key">The provider's value as text (Unix seconds, or a digest of what it sent), the same in every redelivery.</param>
internal readonly record struct ItemTime(DateTimeOffset OccurredAt, DateTimeOffset? ReportedAt, string Key);
