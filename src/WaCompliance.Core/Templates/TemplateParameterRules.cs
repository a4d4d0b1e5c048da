namespace WaCompliance.Templates;

/// <summary>
/// Rule WA-TPL-PARAM-VALUE and the send-time match of <see cref="TemplateParameters"/> to a template: counts, names,
/// values and lengths after substitution. Messages name positions, names and lengths, never values.
/// </summary>
internal static class TemplateParameterRules
{
    public static void Check(MessageTemplate template, TemplateParameters parameters, TemplateLintCollector issues)
    {
        CheckBody(template, parameters, issues);
        CheckHeader(template.Header, parameters.HeaderText, issues);
        CheckButtons(template.Buttons ?? [], parameters.ButtonValues ?? [], issues);
    }

    private static void CheckBody(MessageTemplate template, TemplateParameters parameters, TemplateLintCollector issues)
    {
        var body = template.Body ?? string.Empty;
        var style = template.ParameterFormat == TemplateParameterFormat.Positional ? TemplateVariableKind.Positional : TemplateVariableKind.Named;
        var variables = TemplateVariableScanner.Scan(body).Where(v => v.Kind == style).ToList();
        if (parameters.Format != template.ParameterFormat)
        {
            var supplied = parameters.PositionalValues.Count + parameters.NamedValues.Count;
            if (variables.Count > 0 || supplied > 0)
            {
                issues.Error(TemplateLintCodes.ParameterFormatMismatch, TemplateComponents.Body,
                    $"The template's variables are {template.ParameterFormat} but {parameters.Format} parameters were supplied.");
            }

            return;
        }

        Func<TemplateVariable, string?> valueOf = template.ParameterFormat == TemplateParameterFormat.Positional
            ? CheckPositional(variables, parameters.PositionalValues, issues)
            : CheckNamed(variables, parameters.NamedValues, issues);
        if (SubstitutedLength(body, variables, valueOf) is { } length && length > TemplateLimits.BodyMaxLength)
        {
            issues.Error(TemplateLintCodes.ParameterBodyTooLong, TemplateComponents.Body,
                $"Body would have {length} characters after substitution; at most {TemplateLimits.BodyMaxLength}.");
        }
    }

    private static Func<TemplateVariable, string?> CheckPositional(
        List<TemplateVariable> variables, IReadOnlyList<string> values, TemplateLintCollector issues)
    {
        var expected = variables.Count == 0 ? 0 : variables.Max(v => v.Number);
        if (values.Count != expected)
        {
            issues.Error(TemplateLintCodes.ParameterCountMismatch, TemplateComponents.Body,
                $"Body has {expected} variables but {values.Count} values were supplied.");
        }

        for (var i = 0; i < values.Count; i++)
        {
            CheckValue(values[i], TemplateComponents.Body, $"Body parameter {i + 1}", issues);
        }

        return v => v.Number >= 1 && v.Number <= values.Count ? values[v.Number - 1] : null;
    }

    private static Func<TemplateVariable, string?> CheckNamed(
        List<TemplateVariable> variables, IReadOnlyDictionary<string, string> values, TemplateLintCollector issues)
    {
        var distinct = variables.DistinctBy(v => v.Key, StringComparer.Ordinal).ToList();
        foreach (var variable in distinct)
        {
            if (values.TryGetValue(variable.Key, out var value))
            {
                CheckValue(value, TemplateComponents.Body, $"Body parameter '{variable.Key}'", issues);
            }
            else
            {
                issues.Error(TemplateLintCodes.ParameterMissingName, TemplateComponents.Body,
                    $"Body variable {variable.Display} has no value.");
            }
        }

        var names = distinct.Select(v => v.Key).ToHashSet(StringComparer.Ordinal);

        foreach (var supplied in values.Keys.Where(k => !names.Contains(k)))
        {
            // A key that is not a valid name may be a value pasted in the wrong place: do not echo it.
            FormattableString which = TemplatePatterns.LowerSnakeName().IsMatch(supplied)
                ? (FormattableString)$"'{supplied}'"
                : $"with a {supplied.Length}-character name";
            issues.Error(TemplateLintCodes.ParameterUnknownName, TemplateComponents.Body,
                $"A parameter {which} was supplied but the body has no such variable.");
        }

        return v => values.TryGetValue(v.Key, out var value) ? value : null;
    }

    private static void CheckHeader(TemplateHeader? header, string? value, TemplateLintCollector issues)
    {
        var text = header is { Format: TemplateHeaderFormat.Text } ? header.Text ?? string.Empty : string.Empty;
        var variables = TemplateVariableScanner.Scan(text).Where(v => v.IsWellFormed).ToList();
        if (variables.Count == 0)
        {
            if (value is not null)
            {
                issues.Error(TemplateLintCodes.ParameterHeaderUnexpected, TemplateComponents.Header,
                    $"A header value was supplied but the template header has no variable.");
            }

            return;
        }

        if (value is null)
        {
            issues.Error(TemplateLintCodes.ParameterHeaderMissing, TemplateComponents.Header,
                $"Header has the variable {variables[0].Display} but no header value was supplied.");
            return;
        }

        CheckValue(value, TemplateComponents.Header, $"Header parameter", issues);
        if (SubstitutedLength(text, variables, _ => value) is { } length && length > TemplateLimits.HeaderMaxLength)
        {
            issues.Error(TemplateLintCodes.ParameterHeaderTooLong, TemplateComponents.Header,
                $"Header would have {length} characters after substitution; at most {TemplateLimits.HeaderMaxLength}.");
        }
    }

    private static void CheckButtons(IReadOnlyList<TemplateButton> buttons, IReadOnlyList<string?> values, TemplateLintCollector issues)
    {
        for (var i = 0; i < buttons.Count; i++)
        {
            var button = buttons[i];
            var value = i < values.Count ? values[i] : null;
            var component = TemplateComponents.Button(i);
            if (button.Type == TemplateButtonType.Url && TemplateVariableScanner.Scan(button.Url).Any(v => v.IsWellFormed))
            {
                if (value is null)
                {
                    issues.Error(TemplateLintCodes.ParameterButtonMissing, component,
                        $"URL button {i + 1} has a variable but no value was supplied.");
                }
                else
                {
                    CheckValue(value, component, $"URL button {i + 1} value", issues);
                }
            }
            else if (button.Type == TemplateButtonType.CopyCode)
            {
                if (value is null)
                {
                    issues.Error(TemplateLintCodes.ParameterButtonMissing, component,
                        $"Copy-code button {i + 1} needs the code to copy but no value was supplied.");
                }
                else if (CheckValue(value, component, $"Copy-code button {i + 1} value", issues) && value.Length > TemplateLimits.CopyCodeMaxLength)
                {
                    issues.Error(TemplateLintCodes.ParameterCopyCodeTooLong, component,
                        $"Copy-code button {i + 1} value has {value.Length} characters; at most {TemplateLimits.CopyCodeMaxLength}.");
                }
            }
        }
    }

    /// <summary>Checks one value; returns whether it is non-empty.</summary>
    private static bool CheckValue(string? value, string component, FormattableString label, TemplateLintCollector issues)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            issues.Error(TemplateLintCodes.ParameterEmpty, component, $"{label} is empty.");
            return false;
        }

        if (value.Length > TemplateLimits.ParameterValueMaxLength)
        {
            issues.Error(TemplateLintCodes.ParameterValueTooLong, component,
                $"{label} has {value.Length} characters; at most {TemplateLimits.ParameterValueMaxLength}.");
        }

        if (TemplateText.ContainsNewlineOrTab(value))
        {
            issues.Error(TemplateLintCodes.ParameterNewlineOrTab, component, $"{label} contains a line break or tab; parameter values may not.");
        }

        var spaces = TemplateText.LongestSpaceRun(value);
        if (spaces > TemplateLimits.ParameterMaxConsecutiveSpaces)
        {
            issues.Error(TemplateLintCodes.ParameterTooManySpaces, component,
                $"{label} has {spaces} consecutive spaces; at most {TemplateLimits.ParameterMaxConsecutiveSpaces}.");
        }

        return true;
    }

    /// <summary>The text's length with every variable replaced by its value, or <see langword="null"/> when a value is missing.</summary>
    private static int? SubstitutedLength(string text, List<TemplateVariable> variables, Func<TemplateVariable, string?> valueOf)
    {
        var length = text.Length;
        foreach (var variable in variables)
        {
            if (valueOf(variable) is not { } value)
            {
                return null;
            }

            length += value.Length - variable.Length;
        }

        return length;
    }
}
