using System.Buffers;

namespace WaCompliance.Templates;

/// <summary>Rule WA-TPL-HEADER: text header length, variables, formatting and examples; sample media for media headers.</summary>
internal static class TemplateHeaderRules
{
    private const string Label = "Header";

    private static readonly SearchValues<char> s_formattingChars = SearchValues.Create("*_~`");

    public static void Check(MessageTemplate template, TemplateLintCollector issues)
    {
        var header = template.Header;
        if (header is null)
        {
            return;
        }

        if (header.Format == TemplateHeaderFormat.Text)
        {
            CheckText(header, template.ParameterFormat, issues);
        }
        else if (header.Format is TemplateHeaderFormat.Image or TemplateHeaderFormat.Video or TemplateHeaderFormat.Document
            && string.IsNullOrWhiteSpace(header.Example))
        {
            issues.Error(TemplateLintCodes.HeaderMediaExampleMissing, TemplateComponents.Header,
                $"{header.Format} header has no sample media (Example); sample media is required at submission.");
        }
    }

    private static void CheckText(TemplateHeader header, TemplateParameterFormat format, TemplateLintCollector issues)
    {
        var text = header.Text;
        if (string.IsNullOrWhiteSpace(text))
        {
            issues.Error(TemplateLintCodes.HeaderTextRequired, TemplateComponents.Header, $"Text header has no text.");
            return;
        }

        if (text.Length > TemplateLimits.HeaderMaxLength)
        {
            issues.Error(TemplateLintCodes.HeaderTooLong, TemplateComponents.Header,
                $"Header has {text.Length} characters; at most {TemplateLimits.HeaderMaxLength}.");
        }

        var variables = TemplateVariableScanner.Scan(text);
        TemplateVariableRules.Check(issues, TemplateComponents.Header, Label, text, variables, format);
        var wellFormed = variables.Count(v => v.IsWellFormed);
        if (wellFormed > TemplateLimits.HeaderMaxVariables)
        {
            issues.Error(TemplateLintCodes.HeaderTooManyVariables, TemplateComponents.Header,
                $"Header has {wellFormed} variables; at most {TemplateLimits.HeaderMaxVariables}.");
        }

        if (wellFormed > 0 && string.IsNullOrWhiteSpace(header.Example))
        {
            issues.Error(TemplateLintCodes.HeaderExampleMissing, TemplateComponents.Header,
                $"Header variable has no example value (Example); every variable needs a sample at submission.");
        }

        if (TemplateText.ContainsNewline(text))
        {
            issues.Error(TemplateLintCodes.HeaderNewline, TemplateComponents.Header, $"Header contains a line break; headers are one line.");
        }

        if (TemplateText.ContainsEmoji(text))
        {
            issues.Error(TemplateLintCodes.HeaderEmoji, TemplateComponents.Header, $"Header contains an emoji; headers may not.");
        }

        if (FindFormatting(text, variables) is { } at)
        {
            issues.Error(TemplateLintCodes.HeaderFormatting, TemplateComponents.Header,
                $"Header contains the formatting character '{text[at]}' at character {at + 1}; headers may not use *, _, ~ or `.");
        }
    }

    /// <summary>The index of the first formatting character outside the variable tokens, if any.</summary>
    private static int? FindFormatting(string text, IReadOnlyList<TemplateVariable> variables)
    {
        var from = 0;
        foreach (var variable in variables.Append(new(TemplateVariableKind.Malformed, text.Length, 0, string.Empty)))
        {
            var found = text.AsSpan(from, variable.Start - from).IndexOfAny(s_formattingChars);
            if (found >= 0)
            {
                return from + found;
            }

            from = variable.End;
        }

        return null;
    }
}
