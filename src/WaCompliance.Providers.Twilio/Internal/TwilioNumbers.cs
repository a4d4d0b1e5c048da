using WaCompliance.Numbers;

namespace WaCompliance.Providers.Twilio.Internal;

/// <summary>
/// Parses the E.164 numbers Twilio hands over. Every valid line type is accepted: a business sender may be a landline,
/// and a person who wrote on WhatsApp from a number libphonenumber lists as fixed-line still wrote (an opt-out from them
/// must not be lost).
/// </summary>
internal static class TwilioNumbers
{
    private static readonly WhatsAppNumberParser s_parser = new(
        defaultRegion: null,
        acceptedTypes: Enum.GetValues<WhatsAppNumberType>().Where(t => t != WhatsAppNumberType.Unknown));

    public static bool TryParse(string? e164, out WhatsAppNumber number)
    {
        if (e164 is null || !e164.StartsWith('+'))
        {
            number = default;
            return false;
        }

        // The default rules (mobile-capable) answer most numbers on their fast paths; the any-type parser is the fallback.
        if (WhatsAppNumber.TryParse(e164, null, out number))
        {
            return true;
        }

        var result = s_parser.Parse(e164);
        number = result.Number;
        return result.IsValid;
    }

    public static WhatsAppNumber Parse(string e164) =>
        TryParse(e164.Trim(), out var number) ? number : throw new ArgumentException("The sender is not an E.164 number.", nameof(e164));
}
