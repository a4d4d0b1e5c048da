using WaCompliance.Numbers;

namespace WaCompliance.Providers.MessageBird;

/// <summary>
/// The business numbers of <see cref="MessageBirdOptions.Senders"/>. A business may hold WhatsApp on any line type
/// (landlines and toll-free numbers are common), so every line type is accepted, and so is a well-formed number whose
/// range libphonenumber's metadata does not know yet. Refused are text that is not E.164, a country calling code
/// assigned to no country, and numbers too short to be more than a short code.
/// </summary>
internal static class SenderNumbers
{
    private const int ShortCodeMaxDigits = 6;

    private static readonly WhatsAppNumberParser s_everyLineType = new(
        null, Enum.GetValues<WhatsAppNumberType>().Where(t => t != WhatsAppNumberType.Unknown));

    /// <summary>Parses one configured sender.</summary>
    /// <param name="text">The configured text.</param>
    /// <param name="number">The number.</param>
    /// <param name="problem">When refused: the fault, as the end of a sentence, never the number itself.</param>
    /// <returns>Whether the text is a usable business number.</returns>
    public static bool TryParse(string? text, out WhatsAppNumber number, out string? problem)
    {
        number = default;
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "is empty; list the business number in E.164 form, e.g. +31612345678.";
            return false;
        }

        if (text.Length < 2 || text[0] != '+' || text.AsSpan(1).ContainsAnyExceptInRange('0', '9'))
        {
            problem = "is not in E.164 form: a '+' and then digits only, with the country calling code (e.g. +31612345678), no spaces or national prefix.";
            return false;
        }

        var strict = s_everyLineType.Parse(text);
        if (strict.IsValid)
        {
            if (!string.Equals(strict.Number.E164, text, StringComparison.Ordinal))
            {
                problem = "is not in E.164 form: it keeps a national trunk prefix or other digits that E.164 drops.";
                return false;
            }

            number = strict.Number;
            return true;
        }

        switch (strict.Reason)
        {
            case NumberRejectReason.UnknownRegion:
                problem = "has a country calling code that is assigned to no country.";
                return false;
            case NumberRejectReason.TooLong:
                problem = "has more digits than any number of its country (E.164 numbers have at most 15 digits).";
                return false;
            case NumberRejectReason.TooShort:
                problem = "is too short for a number of its country: a short code cannot be a WhatsApp sender.";
                return false;
        }

        // A range libphonenumber does not know yet: accepted as WhatsApp would report it, unless it is short-code sized.
        var reported = WhatsAppNumberParser.Default.ParseReported(text);
        if (!reported.IsValid)
        {
            problem = reported.Reason == NumberRejectReason.UnknownRegion
                ? "has a country calling code that is assigned to no country."
                : "is not a phone number: " + reported.Message;
            return false;
        }

        if (reported.Number.NationalSignificantNumber.StartsWith('0'))
        {
            problem = "is not in E.164 form: it keeps a national trunk prefix (0) after the country calling code.";
            return false;
        }

        if (reported.Number.NationalSignificantNumber.Length <= ShortCodeMaxDigits)
        {
            problem = "is too short for a number of its country: a short code cannot be a WhatsApp sender.";
            return false;
        }

        number = reported.Number;
        return true;
    }

    /// <summary>Parses every configured sender that can be parsed (the validator reports the others).</summary>
    /// <param name="senders">The configured senders.</param>
    /// <returns>The numbers, in order, without repeats.</returns>
    public static IReadOnlyList<WhatsAppNumber> ParseAll(IEnumerable<string>? senders)
    {
        var numbers = new List<WhatsAppNumber>();
        foreach (var sender in senders ?? [])
        {
            if (TryParse(sender, out var number, out _) && !numbers.Contains(number))
            {
                numbers.Add(number);
            }
        }

        return numbers;
    }
}
