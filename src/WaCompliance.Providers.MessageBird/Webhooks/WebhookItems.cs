using System.Text;
using System.Text.Json;
using WaCompliance.Identities;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.MessageBird.Webhooks;

/// <summary>Which MessageBird API a webhook delivery (and so each of its items) comes from.</summary>
internal enum WebhookApi
{
    /// <summary>Bird Channels (<c>messagebird-signature</c>): <c>{"service","event","payload"}</c>.</summary>
    Channels,

    /// <summary>Legacy Conversations (<c>MessageBird-Signature-JWT</c>): <c>{"type","contact","message"}</c>.</summary>
    Legacy,
}

/// <summary>
/// Splits a verified body into items. Bird and MessageBird document one event object per delivery; should a delivery
/// ever hold a JSON array of them, each element is its own item, so one bad element spoils only itself. Positions
/// come from the raw bytes, so an item is kept exactly as received (even with invalid UTF-8 inside a string).
/// </summary>
internal static class WebhookItems
{
    /// <summary>
    /// The most items one delivery is split into. Bird sends one; a signed body of more is kept whole as unreadable
    /// rather than turned into thousands of dead letters.
    /// </summary>
    public const int MaxItems = 1_000;

    /// <summary>Splits the body; <see langword="false"/> (with the reason) when it cannot be split into items at all.</summary>
    public static bool TrySplit(ReadOnlyMemory<byte> body, List<ReadOnlyMemory<byte>> items, out string? problem)
    {
        problem = null;
        if (body.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            problem = "The body is empty.";
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(body.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    reader.Skip();
                    EnsureEnd(ref reader);
                    items.Add(body);
                    return true;
                case JsonTokenType.StartArray:
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (items.Count == MaxItems)
                        {
                            items.Clear();
                            problem = $"The body is an array of more than {MaxItems} items.";
                            return false;
                        }

                        var start = (int)reader.TokenStartIndex;
                        reader.Skip();
                        items.Add(body[start..(int)reader.BytesConsumed]);
                    }

                    EnsureEnd(ref reader);
                    return true;
                default:
                    problem = "The body is JSON but not an object (nor an array of objects).";
                    return false;
            }
        }
        catch (JsonException)
        {
            items.Clear();
            problem = "The body is not valid JSON (truncated, or not JSON at all).";
            return false;
        }
    }

    private static void EnsureEnd(ref Utf8JsonReader reader)
    {
        // Anything after the value is invalid JSON; Read throws for it.
        if (reader.Read())
        {
            throw new JsonException("Trailing content.");
        }
    }
}

/// <summary>
/// The form of <see cref="MalformedWebhookItem.RawItem"/> this reader writes and reads back: a first line naming the
/// API (<c>bird-channels</c> or <c>messagebird-conversations</c>), then the item exactly as received. An item that is
/// not clean text (invalid UTF-8, control characters no store keeps) is written in base64 instead, marked
/// <c>;base64</c> on the first line.
/// </summary>
internal static class RawItems
{
    public const string ChannelsName = "bird-channels";
    public const string LegacyName = "messagebird-conversations";
    private const string Base64Marker = ";base64";

    public static string Encode(WebhookApi api, ReadOnlySpan<byte> item)
    {
        var name = api == WebhookApi.Channels ? ChannelsName : LegacyName;
        return IsCleanText(item)
            ? name + "\n" + Encoding.UTF8.GetString(item)
            : name + Base64Marker + "\n" + Convert.ToBase64String(item);
    }

    public static bool TryDecode(string raw, out WebhookApi api, out byte[] item)
    {
        api = default;
        item = [];
        var newline = raw.IndexOf('\n', StringComparison.Ordinal);
        if (newline < 0)
        {
            return false;
        }

        var header = raw.AsSpan(0, newline);
        var base64 = header.EndsWith(Base64Marker, StringComparison.Ordinal);
        if (base64)
        {
            header = header[..^Base64Marker.Length];
        }

        if (header.SequenceEqual(ChannelsName))
        {
            api = WebhookApi.Channels;
        }
        else if (header.SequenceEqual(LegacyName))
        {
            api = WebhookApi.Legacy;
        }
        else
        {
            return false;
        }

        var content = raw.AsSpan(newline + 1);
        if (!base64)
        {
            item = Encoding.UTF8.GetBytes(content.ToString());
            return true;
        }

        var buffer = new byte[(content.Length / 4 * 3) + 3];
        if (!Convert.TryFromBase64Chars(content, buffer, out var written))
        {
            return false;
        }

        item = buffer[..written];
        return true;
    }

    private static bool IsCleanText(ReadOnlySpan<byte> item)
    {
        if (!System.Text.Unicode.Utf8.IsValid(item))
        {
            return false;
        }

        foreach (var b in item)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r'))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Why one item could not be read: a <see cref="MalformedItemCodes"/> code, a message naming fields only, and what could be read.</summary>
internal sealed record ItemProblem(string Code, string Message)
{
    public string? EventId { get; init; }

    public WhatsAppIdentifier? Subject { get; init; }
}

/// <summary>What one item gave: an event, nothing (a kind this SDK does not act on), or a problem.</summary>
internal readonly record struct ItemOutcome(WhatsAppEvent? Event, ItemProblem? Problem, string Kind)
{
    public static ItemOutcome Of(string kind, WhatsAppEvent @event) => new(@event, null, kind);

    public static ItemOutcome Ignored(string kind) => new(null, null, kind);

    public static ItemOutcome Malformed(ItemProblem problem) => new(null, problem, string.Empty);

    public static ItemOutcome Malformed(string code, string message, string? eventId = null, WhatsAppIdentifier? subject = null) =>
        new(null, new ItemProblem(code, message) { EventId = eventId, Subject = subject }, string.Empty);
}

/// <summary>
/// The ids that become event ids (and ledger keys): an id is never a reason to refuse an item. One that is short and
/// printable is its own key; a longer one, or one holding control characters or half a surrogate pair, is hashed.
/// </summary>
internal static class ItemIds
{
    /// <summary>The longest message id used as it is; Bird's are UUIDs (36), MessageBird's 32 hex digits.</summary>
    public const int MaxLength = 128;

    private const int MaxPrefixLength = 48;

    /// <summary>Whether an id is present (not empty or blank).</summary>
    public static bool IsPresent([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? id) => !string.IsNullOrWhiteSpace(id);

    /// <summary>Whether an id can be an event id as it is: 1 to <see cref="MaxLength"/> printable characters.</summary>
    public static bool IsUsable(string id)
    {
        if (id.Length is 0 or > MaxLength || string.IsNullOrWhiteSpace(id))
        {
            return false;
        }

        for (var i = 0; i < id.Length; i++)
        {
            var c = id[i];
            if (char.IsControl(c))
            {
                return false;
            }

            if (char.IsHighSurrogate(c) && i + 1 < id.Length && char.IsLowSurrogate(id[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The id as an event id: as it is when usable, otherwise its leading letters, digits and dashes (at most 48), <c>#</c>
    /// and the SHA-256 of the whole, so a redelivery has the same key and two ids never share one.
    /// </summary>
    public static string Key(string id)
    {
        if (IsUsable(id))
        {
            return id;
        }

        var prefix = 0;
        while (prefix < id.Length && prefix < MaxPrefixLength && (char.IsAsciiLetterOrDigit(id[prefix]) || id[prefix] is '-' or '_' or '.'))
        {
            prefix++;
        }

        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id)));
        return string.Concat(id.AsSpan(0, prefix), "#", hash);
    }

    /// <summary>An id to name a malformed item by, when one is present.</summary>
    public static string? OrNull(string? id) => IsPresent(id) ? Key(id) : null;
}
