using System.Text;

namespace WaCompliance.Templates;

/// <summary>Rule WA-TPL-BTN-URL: length, absolute http(s), at most one variable and only at the end, its example.</summary>
internal static class TemplateUrlButtonRules
{
    public static void Check(TemplateButton button, int number, string component, TemplateLintCollector issues)
    {
        var url = button.Url;
        if (string.IsNullOrWhiteSpace(url))
        {
            issues.Error(TemplateLintCodes.ButtonUrlRequired, component, $"URL button {number} has no URL.");
            return;
        }

        if (url.Length > TemplateLimits.UrlMaxLength)
        {
            issues.Error(TemplateLintCodes.ButtonUrlTooLong, component,
                $"URL button {number} URL has {url.Length} characters; at most {TemplateLimits.UrlMaxLength}.");
        }

        var variables = TemplateVariableScanner.Scan(url);
        foreach (var malformed in variables.Where(v => !v.IsWellFormed))
        {
            issues.Error(TemplateLintCodes.VariableMalformed, component,
                $"URL button {number} has a malformed variable '{url.Substring(malformed.Start, malformed.Length)}' at character {malformed.Start + 1}: it {malformed.Problem}.");
        }

        var wellFormed = variables.Where(v => v.IsWellFormed).ToList();
        if (wellFormed.Count > TemplateLimits.UrlMaxVariables)
        {
            issues.Error(TemplateLintCodes.ButtonUrlTooManyVariables, component,
                $"URL button {number} URL has {wellFormed.Count} variables; at most {TemplateLimits.UrlMaxVariables}.");
        }
        else if (wellFormed.Count == 1 && wellFormed[0].End != url.Length)
        {
            issues.Error(TemplateLintCodes.ButtonUrlVariableNotAtEnd, component,
                $"URL button {number} variable {wellFormed[0].Display} must be at the end of the URL.");
        }

        if (wellFormed.Count > 0 && string.IsNullOrWhiteSpace(button.Example))
        {
            issues.Error(TemplateLintCodes.ButtonUrlExampleMissing, component,
                $"URL button {number} has a variable but no example value (Example).");
        }

        if (!IsAbsoluteHttp(WithoutVariables(url, variables)))
        {
            issues.Error(TemplateLintCodes.ButtonUrlInvalid, component,
                $"URL button {number} URL is not an absolute http or https URL.");
        }

        if (TemplateText.FindUrlShortener(url) is { } shortener)
        {
            issues.Warning(TemplateLintCodes.UrlShortener, component,
                $"URL button {number} links to the URL shortener '{shortener}'; use the full URL, Meta rejects shortened links.");
        }
    }

    private static bool IsAbsoluteHttp(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.Host.Length > 0;

    /// <summary>The URL with each variable token replaced by a sample path segment, so it can be parsed.</summary>
    private static string WithoutVariables(string url, IReadOnlyList<TemplateVariable> variables)
    {
        if (variables.Count == 0)
        {
            return url;
        }

        var builder = new StringBuilder(url.Length);
        var from = 0;
        foreach (var variable in variables)
        {
            builder.Append(url, from, variable.Start - from).Append('x');
            from = variable.End;
        }

        return builder.Append(url, from, url.Length - from).ToString();
    }
}
