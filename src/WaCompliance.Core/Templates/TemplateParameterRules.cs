using System.Globalization;

namespace WaCompliance.Templates;

/// <summary>
/// Rule WA-TPL-PARAM-VALUE and the send-time match of <see cref="TemplateParameters"/> to a template: counts, names,
/// values and lengths after substitution. Messages name positions, names and lengths, never values.
/// </summary>
internal static class TemplateParameterRules
{
    public static void Check(MessageTemplate template, TemplateParameters parameters, TemplateLintCollector issues)
    {
        var shape = TemplateShape.Of(template);
        CheckBody(template, shape, parameters, issues);
        CheckHeader(shape, parameters.HeaderText, issues);
        CheckButtons(template.Buttons ?? [], shape, parameters.ButtonValues ?? [], issues);
    }

    private static void CheckBody(MessageTemplate template, TemplateShape shape, TemplateParameters parameters, TemplateLintCollector issues)
    {
        if (parameters.Format != template.ParameterFormat)
        {
            var supplied = parameters.PositionalValues.Count + parameters.NamedValues.Count;
            if (shape.BodyVariables.Length > 0 || supplied > 0)
            {
                issues.Error(TemplateLintCodes.ParameterFormatMismatch, TemplateComponents.Body,
                    $"The template's variables are {template.ParameterFormat} but {parameters.Format} parameters were supplied.");
            }

            return;
        }

        var length = template.ParameterFormat == TemplateParameterFormat.Positional
            ? CheckPositional(shape, parameters.PositionalValues, issues)
            : CheckNamed(shape, parameters.NamedDictionary, issues);
        if (length > TemplateLimits.BodyMaxLength)
        {
            issues.Error(TemplateLintCodes.ParameterBodyTooLong, TemplateComponents.Body,
                $"Body would have {length} characters after substitution; at most {TemplateLimits.BodyMaxLength}.");
        }
    }

    /// <summary>Checks positional values; returns the body length after substitution, or -1 when a value is missing.</summary>
    private static int CheckPositional(TemplateShape shape, IReadOnlyList<string> values, TemplateLintCollector issues)
    {
        var expected = shape.PositionalCount;
        if (values.Count != expected)
        {
            issues.Error(TemplateLintCodes.ParameterCountMismatch, TemplateComponents.Body,
                $"Body has {expected} variables but {values.Count} values were supplied.");
        }

        for (var i = 0; i < values.Count; i++)
        {
            CheckValue(values[i], TemplateComponents.Body, new ValueLabel(ValueLabelKind.BodyPosition, i + 1), issues);
        }

        var length = shape.Body.Length;
        foreach (var variable in shape.BodyVariables)
        {
            if (variable.Number < 1 || variable.Number > values.Count || values[variable.Number - 1] is not { } value)
            {
                return -1;
            }

            length += value.Length - variable.Length;
        }

        return length;
    }

    /// <summary>Checks named values; returns the body length after substitution, or -1 when a value is missing.</summary>
    private static int CheckNamed(TemplateShape shape, Dictionary<string, string> values, TemplateLintCollector issues)
    {
        var found = 0;
        foreach (var variable in shape.NamedVariables)
        {
            if (values.TryGetValue(variable.Key, out var value))
            {
                found++;
                CheckValue(value, TemplateComponents.Body, new ValueLabel(ValueLabelKind.BodyName, Name: variable.Key), issues);
            }
            else
            {
                issues.Error(TemplateLintCodes.ParameterMissingName, TemplateComponents.Body,
                    $"Body variable {variable.Display} has no value.");
            }
        }

        if (found != values.Count)
        {
            foreach (var supplied in values.Keys)
            {
                if (shape.NamedKeys.Contains(supplied))
                {
                    continue;
                }

                // A key that is not a valid name may be a value pasted in the wrong place: do not echo it.
                FormattableString which = TemplatePatterns.LowerSnakeName().IsMatch(supplied)
                    ? (FormattableString)$"'{supplied}'"
                    : $"with a {supplied.Length}-character name";
                issues.Error(TemplateLintCodes.ParameterUnknownName, TemplateComponents.Body,
                    $"A parameter {which} was supplied but the body has no such variable.");
            }
        }

        var length = shape.Body.Length;
        foreach (var variable in shape.BodyVariables)
        {
            if (!values.TryGetValue(variable.Key, out var value) || value is null)
            {
                return -1;
            }

            length += value.Length - variable.Length;
        }

        return length;
    }

    private static void CheckHeader(TemplateShape shape, string? value, TemplateLintCollector issues)
    {
        var variables = shape.HeaderVariables;
        if (variables.Length == 0)
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

        CheckValue(value, TemplateComponents.Header, new ValueLabel(ValueLabelKind.Header), issues);
        var length = shape.HeaderText.Length;
        foreach (var variable in variables)
        {
            length += value.Length - variable.Length;
        }

        if (length > TemplateLimits.HeaderMaxLength)
        {
            issues.Error(TemplateLintCodes.ParameterHeaderTooLong, TemplateComponents.Header,
                $"Header would have {length} characters after substitution; at most {TemplateLimits.HeaderMaxLength}.");
        }
    }

    private static void CheckButtons(IReadOnlyList<TemplateButton> buttons, TemplateShape shape, IReadOnlyList<string?> values, TemplateLintCollector issues)
    {
        for (var i = 0; i < buttons.Count; i++)
        {
            var button = buttons[i];
            var value = i < values.Count ? values[i] : null;
            if (shape.UrlButtonHasVariable[i])
            {
                if (value is null)
                {
                    issues.Error(TemplateLintCodes.ParameterButtonMissing, TemplateComponents.Button(i),
                        $"URL button {i + 1} has a variable but no value was supplied.");
                }
                else
                {
                    CheckValue(value, i, new ValueLabel(ValueLabelKind.UrlButton, i + 1), issues);
                }
            }
            else if (button.Type == TemplateButtonType.CopyCode)
            {
                if (value is null)
                {
                    issues.Error(TemplateLintCodes.ParameterButtonMissing, TemplateComponents.Button(i),
                        $"Copy-code button {i + 1} needs the code to copy but no value was supplied.");
                }
                else if (CheckValue(value, i, new ValueLabel(ValueLabelKind.CopyCodeButton, i + 1), issues) && value.Length > TemplateLimits.CopyCodeMaxLength)
                {
                    issues.Error(TemplateLintCodes.ParameterCopyCodeTooLong, TemplateComponents.Button(i),
                        $"Copy-code button {i + 1} value has {value.Length} characters; at most {TemplateLimits.CopyCodeMaxLength}.");
                }
            }
        }
    }

    private static bool CheckValue(string? value, int buttonIndex, ValueLabel label, TemplateLintCollector issues)
    {
        // The component name of a button is built only when there is something to report.
        if (!string.IsNullOrWhiteSpace(value) && IsClean(value))
        {
            return true;
        }

        return CheckValue(value, TemplateComponents.Button(buttonIndex), label, issues);
    }

    /// <summary>Checks one value; returns whether it is non-empty.</summary>
    private static bool CheckValue(string? value, string component, ValueLabel label, TemplateLintCollector issues)
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

    private static bool IsClean(string value) =>
        value.Length <= TemplateLimits.ParameterValueMaxLength
        && !TemplateText.ContainsNewlineOrTab(value)
        && TemplateText.LongestSpaceRun(value) <= TemplateLimits.ParameterMaxConsecutiveSpaces;

    private enum ValueLabelKind
    {
        BodyPosition,
        BodyName,
        Header,
        UrlButton,
        CopyCodeButton,
    }

    /// <summary>Names a value in an issue message; formatted only when an issue is reported.</summary>
    private readonly record struct ValueLabel(ValueLabelKind Kind, int Number = 0, string? Name = null)
    {
        public override string ToString() => Kind switch
        {
            ValueLabelKind.BodyPosition => string.Create(CultureInfo.InvariantCulture, $"Body parameter {Number}"),
            ValueLabelKind.BodyName => $"Body parameter '{Name}'",
            ValueLabelKind.Header => "Header parameter",
            ValueLabelKind.UrlButton => string.Create(CultureInfo.InvariantCulture, $"URL button {Number} value"),
            _ => string.Create(CultureInfo.InvariantCulture, $"Copy-code button {Number} value"),
        };
    }
}
