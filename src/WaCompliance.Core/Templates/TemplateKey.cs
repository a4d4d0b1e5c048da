namespace WaCompliance.Templates;

/// <summary>
/// Identifies a template: its name and language. Languages compare in a normalized form: <c>en-us</c>,
/// <c>en_US</c> and <c>EN_us</c> are the same key (<c>en_US</c>).
/// </summary>
public readonly record struct TemplateKey
{
    /// <summary>Creates a key.</summary>
    /// <param name="name">The template name.</param>
    /// <param name="language">The language code.</param>
    public TemplateKey(string name, string language)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(language);
        Name = name.Trim();
        Language = NormalizeLanguage(language);
    }

    /// <summary>The template name.</summary>
    public string Name { get; }

    /// <summary>The normalized language code, e.g. <c>en_US</c>.</summary>
    public string Language { get; }

    /// <summary>Normalizes a language code: lower-case language, upper-case region, joined by an underscore.</summary>
    /// <param name="language">A code such as <c>en-us</c>.</param>
    /// <returns>The normalized code, e.g. <c>en_US</c>.</returns>
    public static string NormalizeLanguage(string language)
    {
        ArgumentNullException.ThrowIfNull(language);
        if (IsNormalized(language))
        {
            return language;
        }

        var parts = language.Trim().Replace('-', '_').Split('_', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return string.Empty;
        }

        parts[0] = parts[0].ToLowerInvariant();
        for (var i = 1; i < parts.Length; i++)
        {
            parts[i] = parts[i].Length == 2 ? parts[i].ToUpperInvariant() : parts[i];
        }

        return string.Join('_', parts);
    }

    /// <summary>Whether a code is already in normalized form (ASCII, segments joined by single underscores, lower-case language, upper-case two-letter region).</summary>
    private static bool IsNormalized(string language)
    {
        if (language.Length == 0 || language[0] == '_' || language[^1] == '_')
        {
            return false;
        }

        var segment = 0;
        var segmentStart = 0;
        for (var i = 0; i <= language.Length; i++)
        {
            if (i == language.Length || language[i] == '_')
            {
                var length = i - segmentStart;
                if (length == 0)
                {
                    return false;
                }

                var part = language.AsSpan(segmentStart, length);
                if (segment == 0 ? part.ContainsAnyInRange('A', 'Z') : length == 2 && part.ContainsAnyInRange('a', 'z'))
                {
                    return false;
                }

                segment++;
                segmentStart = i + 1;
            }
            else if (!char.IsAsciiLetterOrDigit(language[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Language})";
}
