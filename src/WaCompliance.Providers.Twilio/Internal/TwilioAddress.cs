using WaCompliance.Identities;
using WaCompliance.Numbers;

namespace WaCompliance.Providers.Twilio.Internal;

/// <summary>
/// Twilio's WhatsApp channel addresses: <c>whatsapp:+14155550100</c> for a phone number and <c>whatsapp:US.13491208655302741918</c>
/// (no <c>+</c>) for a business-scoped user ID.
/// </summary>
internal static class TwilioAddress
{
    public const string WhatsAppPrefix = "whatsapp:";

    /// <summary>Whether the value is a WhatsApp channel address (the prefix in any case).</summary>
    public static bool IsWhatsApp(string? value) =>
        value is not null && value.StartsWith(WhatsAppPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>The value without its <c>whatsapp:</c> prefix, trimmed.</summary>
    public static ReadOnlySpan<char> WithoutPrefix(string value)
    {
        var span = value.AsSpan().Trim();
        return span.StartsWith(WhatsAppPrefix, StringComparison.OrdinalIgnoreCase) ? span[WhatsAppPrefix.Length..].Trim() : span;
    }

    /// <summary>
    /// Reads the identifier in an address: a business-scoped user ID when the text has that shape (it is then never
    /// run through number normalization), else a reported phone number of any line type.
    /// </summary>
    /// <param name="value">The field value, with or without the <c>whatsapp:</c> prefix.</param>
    /// <param name="identifier">The identifier.</param>
    /// <param name="code">Why not (a <c>USER_ID_…</c> or <c>NUMBER_…</c> code), when it is not one.</param>
    public static bool TryRead(string value, out WhatsAppIdentifier identifier, out string? code)
    {
        identifier = default;
        code = null;
        var text = WithoutPrefix(value);
        if (text.IsEmpty)
        {
            code = NumberRejectReason.Empty.ToCode();
            return false;
        }

        if (BusinessScopedUserId.LooksLikeUserId(text))
        {
            if (BusinessScopedUserId.TryParse(text.ToString(), out var id, out var reason))
            {
                identifier = id;
                return true;
            }

            code = reason.ToCode();
            return false;
        }

        var number = TwilioNumbers.ParseReported(text.ToString());
        if (number.IsValid)
        {
            identifier = number.Number;
            return true;
        }

        code = number.Code;
        return false;
    }
}
