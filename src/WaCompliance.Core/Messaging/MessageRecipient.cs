using WaCompliance.Identities;
using WaCompliance.Numbers;

namespace WaCompliance.Messaging;

/// <summary>
/// Who a message goes to: text as the application has it (a business-scoped user ID such as <c>BR.7712093455123009</c>
/// is read as one; anything else is parsed as a phone number with the configured default region before anything else
/// happens), or an identity already known: a <see cref="WhatsAppNumber"/>, a <see cref="BusinessScopedUserId"/> or
/// a <see cref="WhatsAppIdentity"/> with several. Converts implicitly from each.
/// </summary>
public readonly struct MessageRecipient
{
    private MessageRecipient(string? text, WhatsAppIdentity identity)
    {
        Text = text;
        Identity = identity;
    }

    /// <summary>The recipient as text, when given as text.</summary>
    public string? Text { get; }

    /// <summary>The identity, when given already known (the default value for text).</summary>
    public WhatsAppIdentity Identity { get; }

    /// <summary>Whether the recipient is already a known identity rather than text.</summary>
    public bool IsParsed => !Identity.IsEmpty;

    /// <summary>A recipient from text.</summary>
    /// <param name="text">The number as typed, or a business-scoped user ID.</param>
    public static implicit operator MessageRecipient(string text) => new(text, default);

    /// <summary>A recipient from a parsed number.</summary>
    /// <param name="number">The number.</param>
    public static implicit operator MessageRecipient(WhatsAppNumber number) => FromNumber(number);

    /// <summary>A recipient from a business-scoped user ID.</summary>
    /// <param name="userId">The id.</param>
    public static implicit operator MessageRecipient(BusinessScopedUserId userId) => FromIdentity(userId);

    /// <summary>A recipient from an identity.</summary>
    /// <param name="identity">The identity.</param>
    public static implicit operator MessageRecipient(WhatsAppIdentity identity) => FromIdentity(identity);

    /// <summary>A recipient from text.</summary>
    /// <param name="text">The number as typed, or a business-scoped user ID.</param>
    /// <returns>The recipient.</returns>
    public static MessageRecipient FromText(string text) => new(text, default);

    /// <summary>A recipient from a parsed number.</summary>
    /// <param name="number">The number.</param>
    /// <returns>The recipient.</returns>
    public static MessageRecipient FromNumber(WhatsAppNumber number) => new(null, number.IsEmpty ? default : new WhatsAppIdentity(number));

    /// <summary>A recipient from an identity.</summary>
    /// <param name="identity">The identity.</param>
    /// <returns>The recipient.</returns>
    public static MessageRecipient FromIdentity(WhatsAppIdentity identity) => new(null, identity);

    /// <summary>Never the recipient itself: recipients are personal data.</summary>
    /// <returns>A placeholder.</returns>
    public override string ToString() => IsParsed ? Identity.ToString() : "recipient(text)";
}
