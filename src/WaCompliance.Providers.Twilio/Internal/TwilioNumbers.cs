using WaCompliance.Identities;
using WaCompliance.Numbers;

namespace WaCompliance.Providers.Twilio.Internal;

/// <summary>
/// Reads the numbers Twilio deals in: configured senders (the business's own numbers: any valid line type, landlines
/// and toll-free numbers included) and numbers Twilio reports in webhooks (evidence: every line type, and well-formed
/// E.164 numbers libphonenumber does not know yet, through <see cref="WhatsAppNumberParser.ParseReported"/>).
/// </summary>
internal static class TwilioNumbers
{
    /// <summary>The longest digit run that is a short code rather than a phone number.</summary>
    private const int MaxShortCodeDigits = 8;

    private static readonly WhatsAppNumberParser s_anyLineType = new(
        defaultRegion: null,
        acceptedTypes: Enum.GetValues<WhatsAppNumberType>().Where(t => t != WhatsAppNumberType.Unknown));

    /// <summary>
    /// Parses a configured sender number, or says what is wrong with it in a sentence that names the fault and not
    /// the number (it follows "TwilioOptions.Senders:0 ...").
    /// </summary>
    public static bool TryParseSender(string? text, out WhatsAppNumber number, out string? fault)
    {
        number = default;
        fault = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            fault = "is empty: list the WhatsApp sender number in E.164 form, e.g. +14155550100.";
            return false;
        }

        var span = text.AsSpan().Trim();
        if (span.StartsWith(TwilioAddress.WhatsAppPrefix, StringComparison.OrdinalIgnoreCase))
        {
            span = span[TwilioAddress.WhatsAppPrefix.Length..].Trim();
        }

        if (BusinessScopedUserId.LooksLikeUserId(span))
        {
            fault = "is a business-scoped user ID, not a phone number: a sender is the business's own WhatsApp number in E.164 form.";
            return false;
        }

        if (span.ContainsAny(LetterSearch.AsciiLetters))
        {
            fault = "contains letters: an alphanumeric sender ID cannot send WhatsApp messages; list the sender's phone number in E.164 form, e.g. +14155550100.";
            return false;
        }

        if (!span.StartsWith('+'))
        {
            fault = IsShortCode(span)
                ? "is a short code: WhatsApp senders are full phone numbers in E.164 form, e.g. +14155550100."
                : "is not in E.164 form: write + and the country calling code before the number (e.g. +14155550100), without a national trunk prefix.";
            return false;
        }

        var result = s_anyLineType.Parse(span.ToString());
        if (result.IsValid)
        {
            number = result.Number;
            return true;
        }

        fault = result.Reason switch
        {
            NumberRejectReason.UnknownRegion => "has a country calling code that is assigned to no country.",
            NumberRejectReason.TooShort when IsShortCode(span[1..]) => "is a short code: WhatsApp senders are full phone numbers in E.164 form, e.g. +14155550100.",
            NumberRejectReason.TooShort => "has too few digits for a phone number of its country.",
            NumberRejectReason.TooLong => "has too many digits for a phone number of its country (E.164 allows at most 15).",
            NumberRejectReason.HasExtension => "has an extension; a WhatsApp sender number has none.",
            NumberRejectReason.NotANumber => "is not a phone number: only digits after the +, optionally grouped with spaces or dashes.",
            _ => "is not a number in use in its country's numbering plan.",
        };
        return false;
    }

    /// <summary>Parses a configured sender number; throws with the fault (never the number) when it is not one.</summary>
    public static WhatsAppNumber ParseSender(string text) =>
        TryParseSender(text, out var number, out var fault) ? number : throw new ArgumentException("The sender " + fault, nameof(text));

    /// <summary>
    /// Reads a number Twilio reported (the part of a <c>whatsapp:</c> address after the prefix). A BSUID-shaped text
    /// is never read as a number: callers check <see cref="BusinessScopedUserId.LooksLikeUserId"/> first.
    /// </summary>
    public static NumberParseResult ParseReported(string text) => WhatsAppNumberParser.Default.ParseReported(text);

    private static bool IsShortCode(ReadOnlySpan<char> span)
    {
        var digits = 0;
        foreach (var c in span)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c is not (' ' or '-'))
            {
                return false;
            }
        }

        return digits is > 0 and <= MaxShortCodeDigits;
    }

    private static class LetterSearch
    {
        public static readonly System.Buffers.SearchValues<char> AsciiLetters =
            System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
    }
}
