namespace WaCompliance.Templates;

/// <summary>A template button.</summary>
/// <param name="Type">The kind of button.</param>
/// <param name="Text">The label (at most 25 characters).</param>
public sealed record TemplateButton(TemplateButtonType Type, string Text)
{
    /// <summary>For URL buttons: the URL, optionally ending in one variable (<c>https://example.com/track/{{1}}</c>).</summary>
    public string? Url { get; init; }

    /// <summary>For phone-number buttons: the E.164 number.</summary>
    public string? PhoneNumber { get; init; }

    /// <summary>A sample value for the button's variable, or the sample code of a copy-code button.</summary>
    public string? Example { get; init; }

    /// <summary>For one-time-passcode buttons: which kind.</summary>
    public OtpButtonType? OtpType { get; init; }
}
