namespace WaCompliance.Templates;

/// <summary>
/// Rules WA-TPL-BTN-COUNT, WA-TPL-BTN-TEXT, WA-TPL-BTN-URL and WA-TPL-BTN-PHONE, plus the category restrictions of
/// copy-code and one-time-passcode buttons. Messages count buttons from 1; components from 0 (<c>buttons[0]</c>).
/// </summary>
internal static class TemplateButtonRules
{
    public static void Check(MessageTemplate template, TemplateLintCollector issues)
    {
        var buttons = template.Buttons ?? [];
        CheckCounts(buttons, issues);
        CheckQuickReplyGrouping(buttons, issues);
        for (var i = 0; i < buttons.Count; i++)
        {
            CheckButton(template.Category, buttons[i], i, issues);
        }
    }

    private static void CheckCounts(IReadOnlyList<TemplateButton> buttons, TemplateLintCollector issues)
    {
        if (buttons.Count > TemplateLimits.MaxButtons)
        {
            issues.Error(TemplateLintCodes.ButtonsTooMany, TemplateComponents.Buttons,
                $"Template has {buttons.Count} buttons; at most {TemplateLimits.MaxButtons}.");
        }

        CheckCount(buttons, TemplateButtonType.Url, TemplateLimits.MaxUrlButtons, TemplateLintCodes.ButtonsTooManyUrl, "URL", issues);
        CheckCount(buttons, TemplateButtonType.PhoneNumber, TemplateLimits.MaxPhoneButtons, TemplateLintCodes.ButtonsTooManyPhone, "phone-number", issues);
        CheckCount(buttons, TemplateButtonType.QuickReply, TemplateLimits.MaxQuickReplyButtons, TemplateLintCodes.ButtonsTooManyQuickReply, "quick-reply", issues);
        CheckCount(buttons, TemplateButtonType.CopyCode, TemplateLimits.MaxCopyCodeButtons, TemplateLintCodes.ButtonsTooManyCopyCode, "copy-code", issues);
    }

    private static void CheckCount(
        IReadOnlyList<TemplateButton> buttons, TemplateButtonType type, int max, string code, string kind, TemplateLintCollector issues)
    {
        var count = buttons.Count(b => b.Type == type);
        if (count > max)
        {
            issues.Error(code, TemplateComponents.Buttons, $"Template has {count} {kind} buttons; at most {max}.");
        }
    }

    private static void CheckQuickReplyGrouping(IReadOnlyList<TemplateButton> buttons, TemplateLintCollector issues)
    {
        var first = -1;
        for (var i = 0; i < buttons.Count; i++)
        {
            if (buttons[i].Type != TemplateButtonType.QuickReply)
            {
                continue;
            }

            if (first >= 0 && buttons[i - 1].Type != TemplateButtonType.QuickReply)
            {
                issues.Error(TemplateLintCodes.ButtonsQuickRepliesNotGrouped, TemplateComponents.Buttons,
                    $"Quick-reply buttons {first + 1} and {i + 1} are separated by other buttons; quick replies must be grouped together.");
                return;
            }

            first = first < 0 ? i : first;
        }
    }

    private static void CheckButton(TemplateCategory category, TemplateButton button, int index, TemplateLintCollector issues)
    {
        var component = TemplateComponents.Button(index);
        var number = index + 1;
        if (string.IsNullOrWhiteSpace(button.Text))
        {
            issues.Error(TemplateLintCodes.ButtonTextRequired, component, $"Button {number} has no label.");
        }
        else if (button.Text.Length > TemplateLimits.ButtonTextMaxLength)
        {
            issues.Error(TemplateLintCodes.ButtonTextTooLong, component,
                $"Button {number} label has {button.Text.Length} characters; at most {TemplateLimits.ButtonTextMaxLength}.");
        }

        switch (button.Type)
        {
            case TemplateButtonType.Url:
                TemplateUrlButtonRules.Check(button, number, component, issues);
                break;
            case TemplateButtonType.PhoneNumber:
                CheckPhone(button, number, component, issues);
                break;
            case TemplateButtonType.CopyCode:
                CheckCopyCode(category, button, number, component, issues);
                break;
            case TemplateButtonType.Otp:
                CheckOtp(category, button, number, component, issues);
                break;
        }
    }

    private static void CheckPhone(TemplateButton button, int number, string component, TemplateLintCollector issues)
    {
        var phone = button.PhoneNumber;
        if (string.IsNullOrWhiteSpace(phone))
        {
            issues.Error(TemplateLintCodes.ButtonPhoneRequired, component, $"Phone-number button {number} has no phone number.");
            return;
        }

        if (phone.Length > TemplateLimits.PhoneMaxLength)
        {
            issues.Error(TemplateLintCodes.ButtonPhoneTooLong, component,
                $"Phone-number button {number} number has {phone.Length} characters; at most {TemplateLimits.PhoneMaxLength}.");
        }

        if (!TemplatePatterns.E164().IsMatch(phone))
        {
            issues.Error(TemplateLintCodes.ButtonPhoneInvalid, component,
                $"Phone-number button {number} number is not E.164: '+' then 7 to 15 digits, no spaces or punctuation.");
        }
    }

    private static void CheckCopyCode(TemplateCategory category, TemplateButton button, int number, string component, TemplateLintCollector issues)
    {
        if (category != TemplateCategory.Marketing)
        {
            issues.Error(TemplateLintCodes.ButtonCopyCodeNotMarketing, component,
                $"Copy-code button {number} is only allowed in MARKETING templates; this template is {category}.");
        }

        if (string.IsNullOrWhiteSpace(button.Example))
        {
            issues.Error(TemplateLintCodes.ButtonCopyCodeExampleMissing, component,
                $"Copy-code button {number} has no example code (Example).");
        }
        else if (button.Example.Length > TemplateLimits.CopyCodeMaxLength)
        {
            issues.Error(TemplateLintCodes.ButtonCopyCodeExampleTooLong, component,
                $"Copy-code button {number} example code has {button.Example.Length} characters; at most {TemplateLimits.CopyCodeMaxLength}.");
        }
    }

    private static void CheckOtp(TemplateCategory category, TemplateButton button, int number, string component, TemplateLintCollector issues)
    {
        if (category != TemplateCategory.Authentication)
        {
            issues.Error(TemplateLintCodes.ButtonOtpNotAuthentication, component,
                $"One-time-passcode button {number} is only allowed in AUTHENTICATION templates; this template is {category}.");
        }

        if (button.OtpType is null)
        {
            issues.Error(TemplateLintCodes.ButtonOtpTypeRequired, component,
                $"One-time-passcode button {number} has no OtpType (CopyCode, OneTap or ZeroTap).");
        }
    }
}
