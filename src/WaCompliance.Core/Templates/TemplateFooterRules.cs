namespace WaCompliance.Templates;

/// <summary>Rule WA-TPL-FOOTER: length, no variables, no line breaks, no emoji.</summary>
internal static class TemplateFooterRules
{
    public static void Check(MessageTemplate template, TemplateLintCollector issues)
    {
        var footer = template.Footer;
        if (string.IsNullOrEmpty(footer))
        {
            return;
        }

        if (footer.Length > TemplateLimits.FooterMaxLength)
        {
            issues.Error(TemplateLintCodes.FooterTooLong, TemplateComponents.Footer,
                $"Footer has {footer.Length} characters; at most {TemplateLimits.FooterMaxLength}.");
        }

        if (TemplateVariableScanner.Scan(footer) is [var variable, ..])
        {
            issues.Error(TemplateLintCodes.FooterVariable, TemplateComponents.Footer,
                $"Footer contains a variable ('{footer.Substring(variable.Start, variable.Length)}' at character {variable.Start + 1}); footers cannot have variables.");
        }

        if (TemplateText.ContainsNewline(footer))
        {
            issues.Error(TemplateLintCodes.FooterNewline, TemplateComponents.Footer, $"Footer contains a line break; footers are one line.");
        }

        if (TemplateText.ContainsEmoji(footer))
        {
            issues.Error(TemplateLintCodes.FooterEmoji, TemplateComponents.Footer, $"Footer contains an emoji; footers may not.");
        }
    }
}
