namespace WaCompliance.Templates;

/// <summary>Rules WA-TPL-NAME and the language code.</summary>
internal static class TemplateIdentityRules
{
    public static void Check(MessageTemplate template, TemplateLintCollector issues)
    {
        CheckName(template.Name, issues);
        CheckLanguage(template.Language, issues);
    }

    private static void CheckName(string? name, TemplateLintCollector issues)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            issues.Error(TemplateLintCodes.NameRequired, TemplateComponents.Name, $"The template name is required.");
            return;
        }

        if (name.Length > TemplateLimits.NameMaxLength)
        {
            issues.Error(TemplateLintCodes.NameTooLong, TemplateComponents.Name,
                $"Template name has {name.Length} characters; at most {TemplateLimits.NameMaxLength}.");
        }

        if (!TemplatePatterns.LowerSnakeName().IsMatch(name))
        {
            issues.Error(TemplateLintCodes.NameInvalid, TemplateComponents.Name,
                $"Template name '{Shorten(name)}' must start with a lower-case letter and contain only lower-case letters, digits and underscores.");
        }
    }

    private static void CheckLanguage(string? language, TemplateLintCollector issues)
    {
        if (string.IsNullOrWhiteSpace(language))
        {
            issues.Error(TemplateLintCodes.LanguageRequired, TemplateComponents.Language, $"The template language is required.");
            return;
        }

        if (!TemplatePatterns.LanguageCode().IsMatch(TemplateKey.NormalizeLanguage(language)))
        {
            issues.Error(TemplateLintCodes.LanguageInvalid, TemplateComponents.Language,
                $"Language '{Shorten(language)}' is not a language code such as 'en' or 'en_US' (2 or 3 letters, optional 2-letter region).");
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "...");
}
