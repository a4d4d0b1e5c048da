using System.Text;
using System.Text.RegularExpressions;

namespace WaCompliance.Privacy;

/// <summary>
/// Masks what identifies a person in text a provider wrote (an error message that quotes the recipient, as Meta's
/// "… +5511987654321 is not a valid WhatsApp user" does), so it can be stored and logged: business-scoped user IDs
/// (<c>BR.7712093455123009</c>, <c>BR.ENT.…</c>) become <c>[user-id]</c>, and runs of six or more digits (with the
/// spaces, dashes, dots and brackets numbers are written with, and a leading <c>+</c>) become <c>[number]</c>.
/// </summary>
/// <remarks>
/// A run right after <c>#</c> is an error code Meta quotes in its own messages (<c>(#131030) Recipient phone number
/// not in allowed list</c>) and is kept. Shorter digit runs (dates, counts, five-digit codes) are kept too.
/// </remarks>
public static partial class TextMasking
{
    private const int MinDigits = 6;

    /// <summary>The text with user IDs and phone numbers masked; the same instance when there is nothing to mask.</summary>
    /// <param name="text">The text, or <see langword="null"/>.</param>
    /// <returns>The masked text, or <see langword="null"/>.</returns>
    public static string? MaskIdentifiers(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (text.Contains('.', StringComparison.Ordinal))
        {
            text = UserIdPattern().Replace(text, "[user-id]");
        }

        StringBuilder? builder = null;
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                builder?.Append(text[i]);
                i++;
                continue;
            }

            var start = i;
            var digits = 0;
            var end = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] is ' ' or '-' or '(' or ')' or '.'))
            {
                if (char.IsAsciiDigit(text[i]))
                {
                    digits++;
                    end = i + 1;
                }

                i++;
            }

            var code = start > 0 && text[start - 1] == '#';
            if (digits >= MinDigits && !code)
            {
                if (builder is null)
                {
                    builder = new StringBuilder(text.Length);
                    builder.Append(text, 0, start);
                }

                if (builder.Length > 0 && builder[^1] == '+')
                {
                    builder.Length--;
                }

                builder.Append("[number]");
                builder.Append(text, end, i - end);
            }
            else
            {
                builder?.Append(text, start, i - start);
            }
        }

        return builder?.ToString() ?? text;
    }

    [GeneratedRegex("(?<![A-Za-z0-9])[A-Z]{2}\\.(?:ENT\\.)?[A-Za-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex UserIdPattern();
}
