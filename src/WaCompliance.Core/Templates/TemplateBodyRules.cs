namespace WaCompliance.Templates;

/// <summary>
/// Rules WA-TPL-BODY, WA-TPL-VAR-EDGE, WA-TPL-VAR-RATIO, WA-TPL-VAR-SAMPLE and the shortened-URL policy for the body.
/// </summary>
internal static class TemplateBodyRules
{
    private const string Label = "Body";

    public static void Check(MessageTemplate template, TemplateLintCollector issues)
    {
        var body = template.Body;
        if (string.IsNullOrWhiteSpace(body))
        {
            issues.Error(TemplateLintCodes.BodyRequired, TemplateComponents.Body, $"The body is required and must not be empty.");
            return;
        }

        if (body.Length > TemplateLimits.BodyMaxLength)
        {
            issues.Error(TemplateLintCodes.BodyTooLong, TemplateComponents.Body,
                $"Body has {body.Length} characters; at most {TemplateLimits.BodyMaxLength}.");
        }

        var variables = TemplateVariableScanner.Scan(body);
        TemplateVariableRules.Check(issues, TemplateComponents.Body, Label, body, variables, template.ParameterFormat);
        var wellFormed = variables.Where(v => v.IsWellFormed).ToList();
        if (wellFormed.Count > 0)
        {
            if (template.Category != TemplateCategory.Authentication)
            {
                CheckEdges(body, wellFormed, issues);
            }

            CheckRatio(body, wellFormed.Count, issues);
            CheckExamples(template.BodyExamples, wellFormed, issues);
        }

        if (TemplateText.FindUrlShortener(body) is { } shortener)
        {
            issues.Warning(TemplateLintCodes.UrlShortener, TemplateComponents.Body,
                $"Body links to the URL shortener '{shortener}'; use the full URL, Meta rejects shortened links.");
        }
    }

    private static void CheckEdges(string body, List<TemplateVariable> variables, TemplateLintCollector issues)
    {
        var span = body.AsSpan();
        var first = span.Length - span.TrimStart().Length;
        var end = span.TrimEnd().Length;
        if (variables[0].Start == first)
        {
            issues.Error(TemplateLintCodes.BodyVariableAtStart, TemplateComponents.Body,
                $"Body starts with the variable {variables[0].Display}; put fixed text before it.");
        }

        if (variables[^1].End == end)
        {
            issues.Error(TemplateLintCodes.BodyVariableAtEnd, TemplateComponents.Body,
                $"Body ends with the variable {variables[^1].Display}; put fixed text or punctuation after it.");
        }
    }

    private static void CheckRatio(string body, int variables, TemplateLintCollector issues)
    {
        var words = TemplateText.CountWords(body);
        var minimum = (3 * variables) + 1;
        if (words < minimum)
        {
            issues.Warning(TemplateLintCodes.BodyTooManyVariables, TemplateComponents.Body,
                $"Body has {variables} variables in {words} words; templates with fewer than {minimum} words (3 per variable plus 1) are often rejected for too many variables.");
        }
    }

    private static void CheckExamples(
        IReadOnlyDictionary<string, string>? examples, List<TemplateVariable> variables, TemplateLintCollector issues)
    {
        foreach (var variable in variables.DistinctBy(v => v.Key, StringComparer.Ordinal))
        {
            if (examples is null || !examples.TryGetValue(variable.Key, out var example) || string.IsNullOrWhiteSpace(example))
            {
                issues.Error(TemplateLintCodes.VariableExampleMissing, TemplateComponents.Body,
                    $"Body variable {variable.Display} has no example in BodyExamples; every variable needs a sample value at submission.");
            }
        }
    }
}
