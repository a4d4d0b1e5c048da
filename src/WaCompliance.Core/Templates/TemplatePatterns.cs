using System.Text.RegularExpressions;

namespace WaCompliance.Templates;

/// <summary>The regular expressions of the template rules, source-generated.</summary>
internal static partial class TemplatePatterns
{
    /// <summary>A template or named-variable name: a lower-case letter, then lower-case letters, digits and underscores.</summary>
    /// <returns>The expression.</returns>
    [GeneratedRegex("^[a-z][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    public static partial Regex LowerSnakeName();

    /// <summary>A normalized language code: <c>en</c>, <c>fil</c>, <c>en_US</c>.</summary>
    /// <returns>The expression.</returns>
    [GeneratedRegex("^[a-z]{2,3}(_[A-Z]{2})?$", RegexOptions.CultureInvariant)]
    public static partial Regex LanguageCode();

    /// <summary>An E.164 number: <c>+</c>, then 7 to 15 digits, the first not 0.</summary>
    /// <returns>The expression.</returns>
    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$", RegexOptions.CultureInvariant)]
    public static partial Regex E164();

    /// <summary>The start of a URL in free text: <c>http://</c>, <c>https://</c> or <c>www.</c>.</summary>
    /// <returns>The expression.</returns>
    [GeneratedRegex(@"\b(?:https?://|www\.)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    public static partial Regex UrlInText();

    /// <summary>The host of a known URL shortener, not part of a longer host name.</summary>
    /// <returns>The expression.</returns>
    [GeneratedRegex(
        @"(?<![\w.-])(?:bit\.ly|tinyurl\.com|t\.co|goo\.gl|ow\.ly|is\.gd|buff\.ly|rebrand\.ly|cutt\.ly)(?![\w-])",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    public static partial Regex UrlShortener();
}
