using System.Globalization;

namespace WaCompliance.Templates;

/// <summary>The component names used in <see cref="TemplateLintIssue.Component"/>.</summary>
internal static class TemplateComponents
{
    public const string Name = "name";
    public const string Language = "language";
    public const string Header = "header";
    public const string Body = "body";
    public const string Footer = "footer";
    public const string Buttons = "buttons";
    public const string CodeExpiration = "code_expiration_minutes";

    /// <summary>One button, counted from 0: <c>buttons[2]</c>.</summary>
    /// <param name="index">The button index.</param>
    /// <returns>The component name.</returns>
    public static string Button(int index) => string.Create(CultureInfo.InvariantCulture, $"buttons[{index}]");
}
