namespace WaCompliance.Templates;

/// <summary>
/// Rule WA-TPL-AUTH for AUTHENTICATION templates: exactly one one-time-passcode button, no URL buttons, no media
/// header, and a preset-style body: exactly one variable (the code), no URL, no emoji; code expiry 1 to 90 minutes.
/// </summary>
internal static class AuthenticationTemplateRules
{
    public static void Check(MessageTemplate template, TemplateLintCollector issues)
    {
        if (template.Category != TemplateCategory.Authentication)
        {
            return;
        }

        CheckButtons(template.Buttons ?? [], issues);
        if (template.Header is { Format: not TemplateHeaderFormat.Text } header)
        {
            issues.Error(TemplateLintCodes.AuthMediaHeader, TemplateComponents.Header,
                $"Authentication templates cannot have a media header; this one has a {header.Format} header.");
        }

        CheckBody(template.Body ?? string.Empty, issues);
        if (template.CodeExpirationMinutes is { } minutes
            && minutes is < TemplateLimits.CodeExpirationMinMinutes or > TemplateLimits.CodeExpirationMaxMinutes)
        {
            issues.Error(TemplateLintCodes.AuthCodeExpirationOutOfRange, TemplateComponents.CodeExpiration,
                $"Code expiration is {minutes} minutes; it must be {TemplateLimits.CodeExpirationMinMinutes} to {TemplateLimits.CodeExpirationMaxMinutes}.");
        }
    }

    private static void CheckButtons(IReadOnlyList<TemplateButton> buttons, TemplateLintCollector issues)
    {
        var otp = buttons.Count(b => b.Type == TemplateButtonType.Otp);
        if (otp != 1)
        {
            issues.Error(TemplateLintCodes.AuthOtpButtonCount, TemplateComponents.Buttons,
                $"Authentication templates need exactly one one-time-passcode button; this one has {otp}.");
        }

        for (var i = 0; i < buttons.Count; i++)
        {
            if (buttons[i].Type == TemplateButtonType.Url)
            {
                issues.Error(TemplateLintCodes.AuthUrlButton, TemplateComponents.Button(i),
                    $"Button {i + 1} is a URL button; authentication templates cannot have URL buttons.");
            }
        }
    }

    private static void CheckBody(string body, TemplateLintCollector issues)
    {
        var variables = TemplateVariableScanner.Scan(body).Count(v => v.IsWellFormed);
        if (variables != 1)
        {
            issues.Error(TemplateLintCodes.AuthBodyVariableCount, TemplateComponents.Body,
                $"Authentication body must have exactly one variable, the code (e.g. '{{{{1}}}} is your verification code.'); this one has {variables}.");
        }

        if (TemplatePatterns.UrlInText().IsMatch(body) || TemplateText.FindUrlShortener(body) is not null)
        {
            issues.Error(TemplateLintCodes.AuthBodyUrl, TemplateComponents.Body, $"Authentication body contains a URL; it may not.");
        }

        if (TemplateText.ContainsEmoji(body))
        {
            issues.Error(TemplateLintCodes.AuthBodyEmoji, TemplateComponents.Body, $"Authentication body contains an emoji; it may not.");
        }
    }
}
