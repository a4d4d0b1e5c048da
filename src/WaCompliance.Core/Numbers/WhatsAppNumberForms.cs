namespace WaCompliance.Numbers;

/// <summary>
/// The other forms under which WhatsApp or a CRM may hold the same person's number: Brazil's 12- and 13-digit mobile
/// forms (before and after the ninth digit), Mexico's <c>+521…</c> and <c>+52…</c>, Argentina's <c>+549…</c> and
/// <c>+54…</c>. Consent, opt-outs and suppression recorded under one form apply to every other; the form as received
/// is kept for routing.
/// </summary>
/// <remarks>
/// Brazil: a 12-digit number whose eight-digit subscriber part starts with 6 to 9 (a mobile range; landlines start
/// with 2 to 5) is the pre-2016 form of the 13-digit number with a 9 before it; every area code has had nine-digit
/// mobiles since November 2016. Mexico: the mobile <c>1</c> after the country code was dropped in 2019.
/// Argentina: the <c>9</c> marks a mobile in international form; the subscriber digits are the same.
/// </remarks>
public static class WhatsAppNumberForms
{
    private const int Brazil = 55;
    private const int Mexico = 52;
    private const int Argentina = 54;

    /// <summary>The other forms of the number (none for most countries).</summary>
    /// <param name="number">The number.</param>
    /// <returns>The alternates, never including the number itself.</returns>
    public static IReadOnlyList<WhatsAppNumber> Alternates(WhatsAppNumber number)
    {
        if (number.IsEmpty || number.CountryCode is not (Brazil or Mexico or Argentina))
        {
            return [];
        }

        var alternate = AlternateDigits(number.CountryCode, number.NationalSignificantNumber);
        if (alternate is null)
        {
            return [];
        }

        var parsed = WhatsAppNumberParser.Default.ParseReported(alternate);
        return parsed.IsValid && parsed.Number != number ? [parsed.Number] : [];
    }

    /// <summary>
    /// The one form used to compare numbers (two numbers are the same person when their comparison forms are equal):
    /// Brazil's 13-digit form, Mexico without the <c>1</c>, Argentina with the <c>9</c>.
    /// </summary>
    /// <param name="number">The number.</param>
    /// <returns>The comparison form; the number itself for most countries.</returns>
    public static WhatsAppNumber ComparisonForm(WhatsAppNumber number)
    {
        if (number.IsEmpty || number.CountryCode is not (Brazil or Mexico or Argentina))
        {
            return number;
        }

        var nsn = number.NationalSignificantNumber;
        var canonical = number.CountryCode switch
        {
            Brazil when IsOldBrazilianMobile(nsn) => AlternateDigits(Brazil, nsn),
            Mexico when nsn.Length == 11 && nsn[0] == '1' => AlternateDigits(Mexico, nsn),
            Argentina when nsn.Length == 10 && nsn[0] != '9' => AlternateDigits(Argentina, nsn),
            _ => null,
        };
        if (canonical is null)
        {
            return number;
        }

        var parsed = WhatsAppNumberParser.Default.ParseReported(canonical);
        return parsed.IsValid ? parsed.Number : number;
    }

    /// <summary>Whether two numbers are forms of one person's number.</summary>
    /// <param name="left">A number.</param>
    /// <param name="right">Another number.</param>
    /// <returns>Whether they compare equal.</returns>
    public static bool AreSamePerson(WhatsAppNumber left, WhatsAppNumber right) =>
        left == right || ComparisonForm(left) == ComparisonForm(right);

    private static string? AlternateDigits(int countryCode, string nsn) => countryCode switch
    {
        // 55 + area (2) + subscriber (8, mobile range) <-> 55 + area + 9 + subscriber.
        Brazil when IsOldBrazilianMobile(nsn) => string.Concat("55", nsn.AsSpan(0, 2), "9", nsn.AsSpan(2)),
        Brazil when nsn.Length == 11 && nsn[2] == '9' && nsn[3] is >= '6' and <= '9' => string.Concat("55", nsn.AsSpan(0, 2), nsn.AsSpan(3)),
        Mexico when nsn.Length == 11 && nsn[0] == '1' => string.Concat("52", nsn.AsSpan(1)),
        Mexico when nsn.Length == 10 => string.Concat("521", nsn),
        Argentina when nsn.Length == 11 && nsn[0] == '9' => string.Concat("54", nsn.AsSpan(1)),
        Argentina when nsn.Length == 10 && nsn[0] != '9' => string.Concat("549", nsn),
        _ => null,
    };

    private static bool IsOldBrazilianMobile(string nsn) => nsn.Length == 10 && nsn[2] is >= '6' and <= '9';
}
