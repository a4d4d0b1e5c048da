using System.Buffers;
using System.Globalization;

namespace WaCompliance.Templates;

/// <summary>
/// Finds the variables in template text. The one parser used both by the definition lint and by the send-time
/// parameter check.
/// </summary>
/// <remarks>
/// A token is <c>{{</c> up to the next <c>}}</c>. Its content is positional when it is ASCII digits without a leading
/// zero, named when it is ASCII letters, digits and underscores (not all digits), and malformed otherwise (empty,
/// spaces, <c>#</c>, <c>$</c>, <c>%</c>, a brace ...). A <c>{{</c> with no <c>}}</c> before the next <c>{{</c>, and a
/// <c>}}</c> that closes nothing, are malformed tokens of length 2. Single braces are ordinary text.
/// </remarks>
internal static class TemplateVariableScanner
{
    private const int MaxDigits = 9;

    private static readonly SearchValues<char> s_variableChars =
        SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_");

    /// <summary>Scans text for variables.</summary>
    /// <param name="text">The text; <see langword="null"/> has none.</param>
    /// <returns>The tokens in order of position, malformed ones included.</returns>
    public static IReadOnlyList<TemplateVariable> Scan(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var found = new List<TemplateVariable>();
        var span = text.AsSpan();
        var i = 0;
        while (i < span.Length - 1)
        {
            if (span[i] == '{' && span[i + 1] == '{')
            {
                var rest = span[(i + 2)..];
                var close = rest.IndexOf("}}", StringComparison.Ordinal);
                var nextOpen = rest.IndexOf("{{", StringComparison.Ordinal);
                if (close < 0 || (nextOpen >= 0 && nextOpen < close))
                {
                    found.Add(new(TemplateVariableKind.Malformed, i, 2, string.Empty, Problem: "has no closing '}}'"));
                    i += 2;
                    continue;
                }

                found.Add(Classify(i, close + 4, rest[..close]));
                i += close + 4;
            }
            else if (span[i] == '}' && span[i + 1] == '}')
            {
                found.Add(new(TemplateVariableKind.Malformed, i, 2, string.Empty, Problem: "closes no '{{'"));
                i += 2;
            }
            else
            {
                i++;
            }
        }

        return found;
    }

    private static TemplateVariable Classify(int start, int length, ReadOnlySpan<char> content)
    {
        var text = content.ToString();
        if (content.IsEmpty || content.ContainsAnyExcept(s_variableChars))
        {
            return new(TemplateVariableKind.Malformed, start, length, text,
                Problem: "may only contain a number or a name of letters, digits and underscores");
        }

        if (!content.ContainsAnyExceptInRange('0', '9'))
        {
            if ((content.Length > 1 && content[0] == '0') || content.Length > MaxDigits)
            {
                return new(TemplateVariableKind.Malformed, start, length, text,
                    Problem: "is not a plain number (no leading zero, at most 9 digits)");
            }

            var number = int.Parse(content, NumberStyles.None, CultureInfo.InvariantCulture);
            return new(TemplateVariableKind.Positional, start, length, text, number);
        }

        return new(TemplateVariableKind.Named, start, length, text);
    }
}
