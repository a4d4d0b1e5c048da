namespace WaCompliance.Templates;

/// <summary>
/// Rules WA-TPL-VAR-SEQ, WA-TPL-VAR-NAMED and WA-TPL-VAR-ADJ, shared by the header and the body: malformed tokens,
/// mixed or mismatched styles, invalid names, numbering gaps, repeats and adjacent variables.
/// </summary>
/// <remarks>
/// Header and body are numbered separately (each from <c>{{1}}</c>), as in Meta's API. Numbering is checked for gaps,
/// not for order of appearance.
/// </remarks>
internal static class TemplateVariableRules
{
    /// <summary>Checks the variables of one component.</summary>
    /// <param name="issues">Where issues go.</param>
    /// <param name="component">The component name.</param>
    /// <param name="label">The component as it starts a message: <c>Body</c>.</param>
    /// <param name="text">The component's text.</param>
    /// <param name="variables">Its tokens, from <see cref="TemplateVariableScanner"/>.</param>
    /// <param name="format">The template's parameter format.</param>
    public static void Check(
        TemplateLintCollector issues,
        string component,
        string label,
        string text,
        IReadOnlyList<TemplateVariable> variables,
        TemplateParameterFormat format)
    {
        var positional = new List<TemplateVariable>();
        var named = new List<TemplateVariable>();
        foreach (var variable in variables)
        {
            switch (variable.Kind)
            {
                case TemplateVariableKind.Positional:
                    positional.Add(variable);
                    break;
                case TemplateVariableKind.Named:
                    named.Add(variable);
                    break;
                default:
                    issues.Error(TemplateLintCodes.VariableMalformed, component,
                        $"{label} has a malformed variable '{text.Substring(variable.Start, variable.Length)}' at character {variable.Start + 1}: it {variable.Problem}.");
                    break;
            }
        }

        if (positional.Count > 0 && named.Count > 0)
        {
            issues.Error(TemplateLintCodes.VariableMixedFormats, component,
                $"{label} mixes positional variables ({positional[0].Display}) and named variables ({named[0].Display}); use one style.");
        }

        var mismatched = format == TemplateParameterFormat.Positional ? named : positional;
        if (mismatched.Count > 0)
        {
            issues.Error(TemplateLintCodes.VariableFormatMismatch, component,
                $"{label} uses {(format == TemplateParameterFormat.Positional ? "named" : "positional")} variables ({mismatched[0].Display}) but the template's parameter format is {format}.");
        }

        if (format == TemplateParameterFormat.Named)
        {
            CheckNames(issues, component, label, named);
        }
        else
        {
            CheckSequence(issues, component, label, positional);
        }

        CheckAdjacent(issues, component, label, text, variables);
    }

    private static void CheckNames(TemplateLintCollector issues, string component, string label, List<TemplateVariable> named)
    {
        foreach (var name in named.Select(v => v.Content).Distinct(StringComparer.Ordinal))
        {
            if (!TemplatePatterns.LowerSnakeName().IsMatch(name))
            {
                issues.Error(TemplateLintCodes.VariableNameInvalid, component,
                    $"{label} variable name '{name}' must start with a lower-case letter and contain only lower-case letters, digits and underscores.");
            }
        }
    }

    private static void CheckSequence(TemplateLintCollector issues, string component, string label, List<TemplateVariable> positional)
    {
        foreach (var repeated in positional.GroupBy(v => v.Number).Where(g => g.Count() > 1))
        {
            issues.Error(TemplateLintCodes.VariableDuplicate, component,
                $"{label} uses {repeated.First().Display} {repeated.Count()} times; each positional variable may appear only once.");
        }

        var numbers = positional.Select(v => v.Number).Distinct().Order().ToList();
        for (var i = 0; i < numbers.Count; i++)
        {
            if (numbers[i] != i + 1)
            {
                issues.Error(TemplateLintCodes.VariableSequenceGap, component,
                    $"{label} variables must be numbered {TemplateVariable.DisplayNumber(1)} to {TemplateVariable.DisplayNumber(numbers.Count)} without gaps; found {string.Join(", ", numbers.Select(TemplateVariable.DisplayNumber))}.");
                return;
            }
        }
    }

    private static void CheckAdjacent(
        TemplateLintCollector issues, string component, string label, string text, IReadOnlyList<TemplateVariable> variables)
    {
        TemplateVariable? previous = null;
        foreach (var variable in variables.Where(v => v.IsWellFormed))
        {
            if (previous is { } before && text.AsSpan(before.End, variable.Start - before.End).IsWhiteSpace())
            {
                issues.Error(TemplateLintCodes.VariableAdjacent, component,
                    $"{label} variables {before.Display} and {variable.Display} are adjacent; put fixed text between them.");
            }

            previous = variable;
        }
    }
}
