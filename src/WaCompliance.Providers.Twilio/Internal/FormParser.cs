using System.Buffers;
using System.Text;

namespace WaCompliance.Providers.Twilio.Internal;

/// <summary>Decodes <c>application/x-www-form-urlencoded</c> data (a body or a query string) into name/value pairs.</summary>
internal static class FormParser
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes every pair; <see langword="false"/> for a broken percent escape or invalid UTF-8.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, List<KeyValuePair<string, string>> pairs)
    {
        while (!data.IsEmpty)
        {
            var end = data.IndexOf((byte)'&');
            var pair = end < 0 ? data : data[..end];
            data = end < 0 ? [] : data[(end + 1)..];
            if (pair.IsEmpty)
            {
                continue;
            }

            var equals = pair.IndexOf((byte)'=');
            var rawName = equals < 0 ? pair : pair[..equals];
            var rawValue = equals < 0 ? [] : pair[(equals + 1)..];
            if (!TryDecode(rawName, out var name) || !TryDecode(rawValue, out var value))
            {
                return false;
            }

            pairs.Add(new(name, value));
        }

        return true;
    }

    /// <summary>Decodes the pairs of a string (a URL query without its <c>?</c>).</summary>
    public static bool TryParse(string query, List<KeyValuePair<string, string>> pairs)
    {
        var max = Encoding.UTF8.GetMaxByteCount(query.Length);
        var rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var count = Encoding.UTF8.GetBytes(query, rented);
            return TryParse(rented.AsSpan(0, count), pairs);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Encodes pairs as <c>application/x-www-form-urlencoded</c> text (unreserved characters as they are, spaces as
    /// <c>+</c>, everything else percent-encoded UTF-8), which <see cref="TryParse(string, List{KeyValuePair{string, string}})"/>
    /// reads back to the same pairs.
    /// </summary>
    public static string Encode(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var builder = new StringBuilder();
        foreach (var pair in pairs)
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            Encode(builder, pair.Key);
            builder.Append('=');
            Encode(builder, pair.Value);
        }

        return builder.ToString();
    }

    private static void Encode(StringBuilder builder, string text)
    {
        const string Hex = "0123456789ABCDEF";
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~')
            {
                builder.Append(c);
                continue;
            }

            if (c == ' ')
            {
                builder.Append('+');
                continue;
            }

            // A lone surrogate becomes U+FFFD, as every UTF-8 encoder does.
            var count = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
                ? Encoding.UTF8.GetBytes(text.AsSpan(i++, 2), utf8)
                : Encoding.UTF8.GetBytes(text.AsSpan(i, 1), utf8);
            for (var b = 0; b < count; b++)
            {
                builder.Append('%').Append(Hex[utf8[b] >> 4]).Append(Hex[utf8[b] & 0xF]);
            }
        }
    }

    private static bool TryDecode(ReadOnlySpan<byte> raw, out string text)
    {
        if (raw.IndexOfAny((byte)'%', (byte)'+') < 0)
        {
            return TryUtf8(raw, out text);
        }

        var rented = ArrayPool<byte>.Shared.Rent(raw.Length);
        try
        {
            var length = 0;
            for (var i = 0; i < raw.Length; i++)
            {
                var b = raw[i];
                if (b == '+')
                {
                    rented[length++] = (byte)' ';
                }
                else if (b == '%')
                {
                    if (i + 2 >= raw.Length || !TryHex(raw[i + 1], out var high) || !TryHex(raw[i + 2], out var low))
                    {
                        text = string.Empty;
                        return false;
                    }

                    rented[length++] = (byte)((high << 4) | low);
                    i += 2;
                }
                else
                {
                    rented[length++] = b;
                }
            }

            return TryUtf8(rented.AsSpan(0, length), out text);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static bool TryUtf8(ReadOnlySpan<byte> bytes, out string text)
    {
        try
        {
            text = bytes.IsEmpty ? string.Empty : s_strictUtf8.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = string.Empty;
            return false;
        }
    }

    private static bool TryHex(byte b, out int value)
    {
        value = b switch
        {
            >= (byte)'0' and <= (byte)'9' => b - '0',
            >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
            >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
            _ => -1,
        };
        return value >= 0;
    }
}
