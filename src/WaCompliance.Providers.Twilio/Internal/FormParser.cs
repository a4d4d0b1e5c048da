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
