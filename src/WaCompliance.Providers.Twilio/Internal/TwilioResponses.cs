using System.Text;
using System.Text.Json;
using WaCompliance.Gateways;

namespace WaCompliance.Providers.Twilio.Internal;

/// <summary>Reads Twilio REST responses: the created Message (<c>sid</c>, <c>status</c>) and error bodies.</summary>
internal static partial class TwilioResponses
{
    /// <summary>Reads <c>sid</c> and <c>status</c> of a Message resource (top-level properties only).</summary>
    public static bool TryReadMessage(ReadOnlySpan<byte> json, out string? sid, out string? status)
    {
        sid = null;
        status = null;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    break;
                }

                // Property name at depth 1.
                var isSid = reader.ValueTextEquals("sid"u8);
                var isStatus = !isSid && reader.ValueTextEquals("status"u8);
                reader.Read();
                if (isSid && reader.TokenType == JsonTokenType.String)
                {
                    sid = reader.GetString();
                }
                else if (isStatus && reader.TokenType == JsonTokenType.String)
                {
                    status = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }

            return !string.IsNullOrEmpty(sid);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads an error body: Twilio's <c>{"code", "message", "more_info", "status"}</c> or the RFC 9457 shape
    /// (<c>code</c>, <c>detail</c>, <c>title</c>). Numbers in the message are masked.
    /// </summary>
    public static (int? Code, string? Message) ReadError(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            var root = document.RootElement;
            int? code = null;
            if (root.TryGetProperty("code", out var c))
            {
                if (c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var n))
                {
                    code = n;
                }
                else if (c.ValueKind == JsonValueKind.String && int.TryParse(c.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var s))
                {
                    code = s;
                }
            }

            var message = Text(root, "message") ?? Text(root, "detail") ?? Text(root, "title");
            return (code, Mask(message));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    /// <summary>The common status of a Twilio <c>MessageStatus</c> (providers.md §8.2), or <see langword="null"/> for inbound or unknown ones.</summary>
    public static MessageDeliveryStatus? MapStatus(string? status) => status switch
    {
        "queued" or "accepted" or "scheduled" or "sending" => MessageDeliveryStatus.Queued,
        "sent" => MessageDeliveryStatus.Sent,
        "delivered" => MessageDeliveryStatus.Delivered,
        "read" => MessageDeliveryStatus.Read,
        "failed" => MessageDeliveryStatus.Failed,
        "undelivered" => MessageDeliveryStatus.Undelivered,
        "canceled" => MessageDeliveryStatus.Canceled,
        _ => null,
    };

    /// <summary>
    /// Masks what identifies a person in a message Twilio wrote: business-scoped user IDs (<c>US.…</c>, <c>US.ENT.…</c>,
    /// as 21211 quotes the address) become <c>[user-id]</c>, and runs of six or more digits (phone numbers) <c>[number]</c>.
    /// </summary>
    public static string? Mask(string? message)
    {
        if (message is null)
        {
            return null;
        }

        if (message.Contains('.', StringComparison.Ordinal))
        {
            message = UserIdPattern().Replace(message, "[user-id]");
        }

        StringBuilder? builder = null;
        var i = 0;
        while (i < message.Length)
        {
            if (!char.IsAsciiDigit(message[i]))
            {
                builder?.Append(message[i]);
                i++;
                continue;
            }

            var start = i;
            var digits = 0;
            var end = i;
            while (i < message.Length && (char.IsAsciiDigit(message[i]) || message[i] is ' ' or '-' or '(' or ')' or '.'))
            {
                if (char.IsAsciiDigit(message[i]))
                {
                    digits++;
                    end = i + 1;
                }

                i++;
            }

            if (digits >= 6)
            {
                if (builder is null)
                {
                    builder = new StringBuilder(message.Length);
                    builder.Append(message, 0, start);
                }

                if (builder.Length > 0 && builder[^1] == '+')
                {
                    builder.Length--;
                }

                builder.Append("[number]");
                builder.Append(message, end, i - end);
            }
            else
            {
                builder?.Append(message, start, i - start);
            }
        }

        return builder?.ToString() ?? message;
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [System.Text.RegularExpressions.GeneratedRegex("(?<![A-Za-z0-9])[A-Z]{2}\\.(?:ENT\\.)?[A-Za-z0-9]+", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex UserIdPattern();
}
