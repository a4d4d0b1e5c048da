using WaCompliance.Numbers;

namespace WaCompliance.Messaging;

/// <summary>
/// Who a message goes to: either text as the application has it (parsed with the configured default region before
/// anything else happens) or an already parsed <see cref="WhatsAppNumber"/>. Converts implicitly from both.
/// </summary>
public readonly struct MessageRecipient
{
    private MessageRecipient(string? text, WhatsAppNumber number)
    {
        Text = text;
        Number = number;
    }

    /// <summary>The number as text, when given as text.</summary>
    public string? Text { get; }

    /// <summary>The parsed number, when given parsed.</summary>
    public WhatsAppNumber Number { get; }

    /// <summary>Whether the recipient is already a parsed number.</summary>
    public bool IsParsed => !Number.IsEmpty;

    /// <summary>A recipient from text.</summary>
    /// <param name="text">The number as typed.</param>
    public static implicit operator MessageRecipient(string text) => new(text, default);

    /// <summary>A recipient from a parsed number.</summary>
    /// <param name="number">The number.</param>
    public static implicit operator MessageRecipient(WhatsAppNumber number) => new(null, number);

    /// <summary>A recipient from text.</summary>
    /// <param name="text">The number as typed.</param>
    /// <returns>The recipient.</returns>
    public static MessageRecipient FromText(string text) => new(text, default);

    /// <summary>A recipient from a parsed number.</summary>
    /// <param name="number">The number.</param>
    /// <returns>The recipient.</returns>
    public static MessageRecipient FromNumber(WhatsAppNumber number) => new(null, number);

    /// <summary>Never the number itself: recipients are personal data.</summary>
    /// <returns>A placeholder.</returns>
    public override string ToString() => IsParsed ? "recipient(parsed)" : "recipient(text)";
}
