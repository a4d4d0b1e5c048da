namespace WaCompliance.Templates;

/// <summary>The numeric limits of template content (rules.md §1.6, rule family <c>WA-TPL-*</c>).</summary>
internal static class TemplateLimits
{
    public const int NameMaxLength = 512;
    public const int HeaderMaxLength = 60;
    public const int HeaderMaxVariables = 1;
    public const int BodyMaxLength = 1024;
    public const int FooterMaxLength = 60;
    public const int MaxButtons = 10;
    public const int MaxUrlButtons = 2;
    public const int MaxPhoneButtons = 1;
    public const int MaxQuickReplyButtons = 10;
    public const int MaxCopyCodeButtons = 1;
    public const int ButtonTextMaxLength = 25;
    public const int UrlMaxLength = 2000;
    public const int UrlMaxVariables = 1;
    public const int PhoneMaxLength = 20;
    public const int CopyCodeMaxLength = 15;
    public const int CodeExpirationMinMinutes = 1;
    public const int CodeExpirationMaxMinutes = 90;
    public const int ParameterValueMaxLength = 1024;
    public const int ParameterMaxConsecutiveSpaces = 4;
}
