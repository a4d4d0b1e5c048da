namespace WaCompliance.Numbers;

/// <summary>Parses what people type into <see cref="WhatsAppNumber"/>s, with the application's default region and accepted line types.</summary>
public interface IWhatsAppNumberParser
{
    /// <summary>The region used for numbers written without a country code, or <see langword="null"/>.</summary>
    string? DefaultRegion { get; }

    /// <summary>Parses one input. Never throws for bad input: the result carries the reason.</summary>
    /// <param name="input">What a person typed.</param>
    /// <param name="defaultRegion">A region for this input that replaces <see cref="DefaultRegion"/>, e.g. from the contact's address.</param>
    /// <returns>The number, or why the input was rejected.</returns>
    NumberParseResult Parse(string? input, string? defaultRegion = null);

    /// <summary>
    /// Whether a number's line type is one usually on WhatsApp (configured by <c>AcceptedNumberTypes</c>; mobile and
    /// fixed-line-or-mobile by default). A hint, never validity: WhatsApp registers landlines and toll-free numbers
    /// too. List cleaning reports "probably not on WhatsApp" from it, and a send without evidence carries a warning.
    /// </summary>
    /// <param name="number">The number.</param>
    /// <returns><see langword="true"/> when the line type is one of the likely ones; <see langword="false"/> for others, an unknown type and the default value.</returns>
    bool IsLikelyOnWhatsApp(WhatsAppNumber number);
}
