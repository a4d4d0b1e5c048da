using System.Text.RegularExpressions;
using WaCompliance.Templates;

namespace WaCompliance.Tests.Templates;

/// <summary>Realistic templates that lint clean, and small builders for one-rule variations of them.</summary>
internal static partial class TemplateSamples
{
    public static MessageTemplate Marketing() => new()
    {
        Name = "spring_sale_2025",
        Language = "en_US",
        Category = TemplateCategory.Marketing,
        Header = new TemplateHeader(TemplateHeaderFormat.Image) { Example = "https://cdn.example.com/spring-banner.jpg" },
        Body = "Hi {{1}}, our spring sale is on: enjoy {{2}} off everything until Sunday. Use the code below at checkout.",
        BodyExamples = new Dictionary<string, string> { ["1"] = "Maria", ["2"] = "25%" },
        Footer = "Reply STOP to unsubscribe",
        Buttons =
        [
            new TemplateButton(TemplateButtonType.Url, "Shop now") { Url = "https://shop.example.com/sale/{{1}}", Example = "spring" },
            new TemplateButton(TemplateButtonType.CopyCode, "Copy offer code") { Example = "SPRING25" },
            new TemplateButton(TemplateButtonType.QuickReply, "Stop promotions"),
        ],
    };

    public static MessageTemplate Utility() => new()
    {
        Name = "order_shipped",
        Language = "en",
        Category = TemplateCategory.Utility,
        Header = new TemplateHeader(TemplateHeaderFormat.Text, "Order {{1}} has shipped") { Example = "A-1042" },
        Body = "Hello {{1}}, your order {{2}} is on its way and should arrive by {{3}}. Track it with the button below.",
        BodyExamples = new Dictionary<string, string> { ["1"] = "Sam", ["2"] = "A-1042", ["3"] = "Friday 14 March" },
        Footer = "Acme Store",
        Buttons =
        [
            new TemplateButton(TemplateButtonType.Url, "Track order") { Url = "https://acme.example/track/{{1}}", Example = "A-1042" },
            new TemplateButton(TemplateButtonType.PhoneNumber, "Call support") { PhoneNumber = "+14155550123" },
        ],
    };

    public static MessageTemplate NamedUtility() => new()
    {
        Name = "appointment_confirmed",
        Language = "en_GB",
        Category = TemplateCategory.Utility,
        ParameterFormat = TemplateParameterFormat.Named,
        Header = new TemplateHeader(TemplateHeaderFormat.Text, "Appointment for {{first_name}}") { Example = "Alex" },
        Body = "Hi {{first_name}}, your appointment at our downtown clinic is confirmed for {{date}}. Reply to change it.",
        BodyExamples = new Dictionary<string, string> { ["first_name"] = "Alex", ["date"] = "3 June at 10:30" },
        Buttons =
        [
            new TemplateButton(TemplateButtonType.QuickReply, "Confirm"),
            new TemplateButton(TemplateButtonType.QuickReply, "Reschedule"),
        ],
    };

    public static MessageTemplate Authentication() => new()
    {
        Name = "login_code",
        Language = "en",
        Category = TemplateCategory.Authentication,
        Body = "{{1}} is your verification code.",
        BodyExamples = new Dictionary<string, string> { ["1"] = "482913" },
        AddSecurityRecommendation = true,
        CodeExpirationMinutes = 10,
        Buttons = [new TemplateButton(TemplateButtonType.Otp, "Copy code") { OtpType = OtpButtonType.CopyCode }],
    };

    /// <summary>A clean utility template with only a body, to vary one rule at a time.</summary>
    public static MessageTemplate Minimal(TemplateCategory category = TemplateCategory.Utility) => new()
    {
        Name = "order_update",
        Language = "en",
        Category = category,
        Body = "Your order has shipped and is on its way to you.",
    };

    /// <summary><see cref="Minimal"/> with a body whose every well-formed variable gets an example.</summary>
    public static MessageTemplate WithBody(string body, TemplateParameterFormat format = TemplateParameterFormat.Positional) =>
        Minimal() with { Body = body, ParameterFormat = format, BodyExamples = ExamplesFor(body) };

    /// <summary><see cref="Minimal"/> with the given buttons.</summary>
    public static MessageTemplate WithButtons(TemplateCategory category, params TemplateButton[] buttons) =>
        Minimal(category) with { Buttons = buttons };

    public static TemplateButton QuickReply(string text = "Yes") => new(TemplateButtonType.QuickReply, text);

    public static TemplateButton Url(string url = "https://example.com/help", string? example = null) =>
        new(TemplateButtonType.Url, "Open") { Url = url, Example = example };

    public static TemplateButton Phone(string number = "+14155550123") =>
        new(TemplateButtonType.PhoneNumber, "Call us") { PhoneNumber = number };

    public static TemplateButton CopyCode(string? example = "SAVE10") =>
        new(TemplateButtonType.CopyCode, "Copy code") { Example = example };

    public static TemplateButton Otp(OtpButtonType? type = OtpButtonType.CopyCode) =>
        new(TemplateButtonType.Otp, "Copy code") { OtpType = type };

    public static Dictionary<string, string> ExamplesFor(string body) =>
        VariablePattern().Matches(body).Select(m => m.Groups[1].Value).Distinct().ToDictionary(k => k, _ => "sample");

    [GeneratedRegex(@"\{\{([A-Za-z0-9_]+)\}\}")]
    private static partial Regex VariablePattern();
}
