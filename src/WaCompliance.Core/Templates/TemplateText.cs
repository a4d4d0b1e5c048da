namespace WaCompliance.Templates;

/// <summary>Character-level checks of template text: line breaks, emoji, words.</summary>
internal static class TemplateText
{
    /// <summary>Whether the text contains a line break (LF or CR).</summary>
    /// <param name="text">The text.</param>
    /// <returns>Whether it does.</returns>
    public static bool ContainsNewline(string text) => text.AsSpan().ContainsAny('\n', '\r');

    /// <summary>
    /// Whether the text contains an emoji: a pictograph, emoticon, dingbat, flag, keycap or emoji variation selector.
    /// A heuristic over code-point ranges; symbols that are text by default (©, ®, ™, arrows) do not count.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>Whether it does.</returns>
    public static bool ContainsEmoji(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsEmoji(rune.Value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Counts whitespace-separated words; a variable counts as a word.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The number of words.</returns>
    public static int CountWords(string text)
    {
        var words = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var space = char.IsWhiteSpace(c);
            if (!space && !inWord)
            {
                words++;
            }

            inWord = !space;
        }

        return words;
    }

    /// <summary>The length of the longest run of consecutive spaces (U+0020).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The longest run; 0 when there is no space.</returns>
    public static int LongestSpaceRun(string text)
    {
        int longest = 0, run = 0;
        foreach (var c in text)
        {
            run = c == ' ' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }

    /// <summary>Whether the text contains a line break or a tab.</summary>
    /// <param name="text">The text.</param>
    /// <returns>Whether it does.</returns>
    public static bool ContainsNewlineOrTab(string text) => text.AsSpan().ContainsAny('\n', '\r', '\t');

    /// <summary>The first URL shortener host in the text, if any.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The host as written, or <see langword="null"/>.</returns>
    public static string? FindUrlShortener(string? text) =>
        text is null ? null : TemplatePatterns.UrlShortener().Match(text) is { Success: true } match ? match.Value : null;

    private static bool IsEmoji(int codePoint) => codePoint is
        (>= 0x1F000 and <= 0x1FAFF) // mahjong, cards, flags, pictographs, emoticons, transport, supplemental
        or (>= 0x2600 and <= 0x27BF) // miscellaneous symbols, dingbats
        or 0x203C or 0x2049 // double exclamation, exclamation question
        or 0x231A or 0x231B or 0x2328 or 0x23CF or (>= 0x23E9 and <= 0x23F3) or (>= 0x23F8 and <= 0x23FA)
        or (>= 0x2B05 and <= 0x2B07) or 0x2B1B or 0x2B1C or 0x2B50 or 0x2B55
        or 0x3030 or 0x303D or 0x3297 or 0x3299
        or 0x20E3 // combining keycap
        or 0xFE0F // emoji presentation selector
        or (>= 0xE0020 and <= 0xE007F); // tag characters (subdivision flags)
}
