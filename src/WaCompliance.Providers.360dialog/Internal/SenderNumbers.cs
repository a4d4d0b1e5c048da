using WaCompliance.Numbers;

namespace WaCompliance.Providers.Dialog360.Internal;

/// <summary>
/// Reads the business numbers of a registration (<see cref="Dialog360Options.Senders"/>). A business number is
/// whatever number the business registered with WhatsApp: landlines, toll-free and every other line type are
/// accepted, unlike the mobile-only default for people's numbers. It must be written in E.164 form (a <c>+</c>
/// first); spaces, dots and dashes between the digits are allowed.
/// </summary>
internal static class SenderNumbers
{
    /// <summary>A country code and a short code have at most this many digits; no full number is this short with a country code.</summary>
    private const int MaxShortCodeDigits = 8;

    private static readonly WhatsAppNumberParser s_anyLineType = new(
        defaultRegion: null,
        acceptedTypes: Enum.GetValues<WhatsAppNumberType>().Where(type => type != WhatsAppNumberType.Unknown));

    /// <summary>Reads a configured sender.</summary>
    /// <param name="text">The configured text.</param>
    /// <param name="number">The number.</param>
    /// <param name="problem">What is wrong with it (never the number itself), when it is not one.</param>
    /// <returns>Whether it is a sender number.</returns>
    public static bool TryParse(string? text, out WhatsAppNumber number, out string? problem)
    {
        number = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "is empty: a sender is an E.164 number such as \"+4915100000000\".";
            return false;
        }

        if (!text.TrimStart().StartsWith('+'))
        {
            problem = "is not in E.164 form: it must start with '+' and the country code, e.g. \"+4915100000000\".";
            return false;
        }

        var parsed = s_anyLineType.Parse(text);
        if (parsed.IsValid)
        {
            number = parsed.Number;
            problem = null;
            return true;
        }

        var digits = text.Count(char.IsAsciiDigit);
        problem = parsed.Reason switch
        {
            NumberRejectReason.TooShort or NumberRejectReason.InvalidForRegion when digits <= MaxShortCodeDigits =>
                "is too short for a phone number of its country: a short code cannot be a WhatsApp sender, use the full international number.",
            NumberRejectReason.UnknownRegion => "has an unknown country code: no country is assigned the digits after '+'.",
            NumberRejectReason.TooShort => "is too short for a phone number of its country: a short code cannot be a WhatsApp sender, use the full international number.",
            NumberRejectReason.TooLong => "has too many digits for a phone number of its country.",
            NumberRejectReason.InvalidForRegion => "is not a phone number in use in its country: check the digits after the country code.",
            NumberRejectReason.NotANumber => "contains letters or other characters: an E.164 number is '+' and digits.",
            NumberRejectReason.HasExtension => "has an extension: a WhatsApp sender has none.",
            _ => $"is not a phone number ({parsed.Code}).",
        };
        return false;
    }

    /// <summary>Reads a configured sender that was validated at start.</summary>
    /// <param name="text">The configured text.</param>
    /// <returns>The number.</returns>
    /// <exception cref="FormatException">It is not a sender number.</exception>
    public static WhatsAppNumber Parse(string text) =>
        TryParse(text, out var number, out var problem) ? number : throw new FormatException("A configured 360dialog sender " + problem);
}
