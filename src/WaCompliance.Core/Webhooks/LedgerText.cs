using System.Security.Cryptography;
using System.Text;

namespace WaCompliance.Webhooks;

/// <summary>
/// Makes what a provider sent fit the ledger, so that an opt-out is never refused for its evidence: a STOP whose text
/// holds a NUL or half a surrogate pair, or whose message id is very long, is still recorded.
/// </summary>
internal static class LedgerText
{
    private const int MaxKeyLength = 256;

    /// <summary>Replaces what no store keeps (NUL, unpaired surrogates) with U+FFFD and cuts to the length kept.</summary>
    public static string? Clean(string? text, int maxLength)
    {
        if (text is null)
        {
            return null;
        }

        StringBuilder? cleaned = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var bad = c == '\0'
                || (char.IsHighSurrogate(c) && (i + 1 == text.Length || !char.IsLowSurrogate(text[i + 1])))
                || (char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(text[i - 1])));
            if (bad && cleaned is null)
            {
                cleaned = new StringBuilder(text.Length).Append(text, 0, i);
            }

            cleaned?.Append(bad ? '\uFFFD' : c);
        }

        var result = cleaned?.ToString() ?? text;
        if (result.Length > maxLength)
        {
            var cut = maxLength;
            if (char.IsHighSurrogate(result[cut - 1]))
            {
                cut--;
            }

            result = result[..cut];
        }

        return result;
    }

    /// <summary>
    /// An event id the ledger keeps: as given when it fits, otherwise its start and a SHA-256 of the whole, so two long
    /// ids never collide and a redelivery maps to the same key.
    /// </summary>
    public static string Key(string key) => Key(key, MaxKeyLength);

    /// <summary>A key of at most <paramref name="maxLength"/> characters (at least 80), made as <see cref="Key(string)"/> makes one.</summary>
    public static string Key(string key, int maxLength)
    {
        var clean = Clean(key, int.MaxValue)!;
        if (clean.Length <= maxLength)
        {
            return clean;
        }

        // The hash is of the text as given (not as cleaned), so two ids that differ only where cleaning replaced
        // characters stay two keys. A cut never ends in half a surrogate pair.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        var cut = maxLength - hash.Length - 1;
        if (char.IsHighSurrogate(clean[cut - 1]))
        {
            cut--;
        }

        return string.Concat(clean.AsSpan(0, cut), "#", hash);
    }
}
