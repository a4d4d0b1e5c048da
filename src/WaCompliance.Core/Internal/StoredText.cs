using System.Text;

namespace WaCompliance.Internal;

/// <summary>
/// What every store can keep of a string. Stores keep text as UTF-8, which cannot encode half a surrogate pair, and
/// PostgreSQL text cannot hold NUL: a string with either would come back different from one store to the next (or not
/// be stored at all). The store rules replace them with U+FFFD before any store sees the text, so every store keeps
/// the same value; everything else (byte order marks, noncharacters, bidirectional controls) is kept exactly.
/// </summary>
internal static class StoredText
{
    /// <summary>Whether a string holds a NUL or an unpaired surrogate.</summary>
    public static bool HasUnkeepable(ReadOnlySpan<char> text)
    {
        if (!text.Contains('\0') && !text.ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (IsUnkeepableAt(text, i))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The string with each NUL and unpaired surrogate replaced by U+FFFD; the same instance when it has none.</summary>
    public static string? Clean(string? text)
    {
        if (text is null || !HasUnkeepable(text))
        {
            return text;
        }

        var cleaned = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            cleaned.Append(IsUnkeepableAt(text, i) ? '\uFFFD' : text[i]);
        }

        return cleaned.ToString();
    }

    /// <summary>The first <paramref name="maxLength"/> characters at most, never ending in half a surrogate pair.</summary>
    public static string? Cut(string? text, int maxLength)
    {
        if (text is null || text.Length <= maxLength)
        {
            return text;
        }

        var cut = maxLength;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]) && char.IsLowSurrogate(text[cut]))
        {
            cut--;
        }

        return text[..cut];
    }

    private static bool IsUnkeepableAt(ReadOnlySpan<char> text, int i)
    {
        var c = text[i];
        return c == '\0'
            || (char.IsHighSurrogate(c) && (i + 1 == text.Length || !char.IsLowSurrogate(text[i + 1])))
            || (char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(text[i - 1])));
    }
}
