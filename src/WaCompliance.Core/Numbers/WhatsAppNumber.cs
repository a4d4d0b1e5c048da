using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using WaCompliance.Jurisdictions;

namespace WaCompliance.Numbers;

/// <summary>
/// A validated phone number in E.164 form that can hold a WhatsApp account, with its region and jurisdiction.
/// </summary>
/// <remarks>
/// Obtain one from <see cref="Parse(string, string?)"/>, <see cref="TryParse(string?, string?, out WhatsAppNumber)"/>
/// or an <see cref="IWhatsAppNumberParser"/> (which applies the configured default region and accepted line types).
/// Two numbers are equal when their E.164 forms are equal. A number is personal data: never log it; log its
/// redacted subject key instead.
/// </remarks>
public readonly struct WhatsAppNumber : IEquatable<WhatsAppNumber>, IComparable<WhatsAppNumber>
{
    private readonly ulong _digits;
    private readonly string? _e164;
    private readonly NumberJurisdiction? _jurisdiction;
    private readonly WhatsAppNumberType _type;
    private readonly int _countryCode;

    internal WhatsAppNumber(string e164, int countryCode, WhatsAppNumberType type, NumberJurisdiction jurisdiction)
    {
        _e164 = e164;
        _digits = ulong.Parse(e164.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture);
        _countryCode = countryCode;
        _type = type;
        _jurisdiction = jurisdiction;
    }

    /// <summary>The E.164 digits as an integer: unique per number, never zero for a parsed one.</summary>
    internal ulong Key => _digits;

    /// <summary>Whether this is the default (empty) value rather than a parsed number.</summary>
    public bool IsEmpty => _e164 is null;

    /// <summary>The number in E.164 form, for example <c>+64211234567</c>.</summary>
    public string E164 => _e164 ?? throw EmptyNumber();

    /// <summary>The E.164 digits without the plus sign, the form Meta calls a WhatsApp id (<c>wa_id</c>).</summary>
    public string Digits => E164[1..];

    /// <summary>The country calling code, for example 64.</summary>
    public int CountryCode => IsEmpty ? throw EmptyNumber() : _countryCode;

    /// <summary>The national significant number: the digits after the country calling code.</summary>
    public string NationalSignificantNumber =>
        E164[(1 + (_countryCode < 10 ? 1 : _countryCode < 100 ? 2 : 3))..];

    /// <summary>The region code (ISO 3166-1 alpha-2, or <c>001</c> for non-geographic numbers).</summary>
    public string RegionCode => Jurisdiction.RegionCode;

    /// <summary>The line type.</summary>
    public WhatsAppNumberType Type => IsEmpty ? throw EmptyNumber() : _type;

    /// <summary>The jurisdiction derived from the number (country, state or province, time zones).</summary>
    public NumberJurisdiction Jurisdiction => _jurisdiction ?? throw EmptyNumber();

    /// <summary>Parses an input into a WhatsApp number with the default acceptance rules (mobile and fixed-line-or-mobile).</summary>
    /// <param name="input">What a person typed, for example <c>021 123 4567</c> or <c>whatsapp:+64211234567</c>.</param>
    /// <param name="defaultRegion">The ISO 3166-1 region for numbers written without a country code.</param>
    /// <returns>The number.</returns>
    /// <exception cref="InvalidWhatsAppNumberException">The input is not an accepted WhatsApp number; <see cref="InvalidWhatsAppNumberException.Reason"/> says why.</exception>
    public static WhatsAppNumber Parse(string input, string? defaultRegion = null)
    {
        var result = WhatsAppNumberParser.Default.Parse(input, defaultRegion);
        return result.IsValid ? result.Number : throw new InvalidWhatsAppNumberException(result);
    }

    /// <summary>Tries to parse an input into a WhatsApp number with the default acceptance rules.</summary>
    /// <param name="input">What a person typed.</param>
    /// <param name="defaultRegion">The ISO 3166-1 region for numbers written without a country code.</param>
    /// <param name="number">The number when the input is accepted.</param>
    /// <returns>Whether the input is an accepted WhatsApp number.</returns>
    public static bool TryParse([NotNullWhen(true)] string? input, string? defaultRegion, out WhatsAppNumber number)
    {
        var result = WhatsAppNumberParser.Default.Parse(input, defaultRegion);
        number = result.Number;
        return result.IsValid;
    }

    /// <inheritdoc />
    public bool Equals(WhatsAppNumber other) => _digits == other._digits && IsEmpty == other.IsEmpty;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is WhatsAppNumber other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _digits.GetHashCode();

    /// <inheritdoc />
    public int CompareTo(WhatsAppNumber other) => _digits.CompareTo(other._digits);

    /// <summary>The E.164 form; an empty string for the default value.</summary>
    /// <returns>The E.164 form.</returns>
    public override string ToString() => _e164 ?? string.Empty;

    /// <summary>Equality.</summary>
    /// <param name="left">The left number.</param>
    /// <param name="right">The right number.</param>
    /// <returns>Whether both are the same number.</returns>
    public static bool operator ==(WhatsAppNumber left, WhatsAppNumber right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">The left number.</param>
    /// <param name="right">The right number.</param>
    /// <returns>Whether the numbers differ.</returns>
    public static bool operator !=(WhatsAppNumber left, WhatsAppNumber right) => !left.Equals(right);

    /// <summary>Ordering by E.164 digits.</summary>
    /// <param name="left">The left number.</param>
    /// <param name="right">The right number.</param>
    /// <returns>Whether left sorts first.</returns>
    public static bool operator <(WhatsAppNumber left, WhatsAppNumber right) => left.CompareTo(right) < 0;

    /// <summary>Ordering by E.164 digits.</summary>
    /// <param name="left">The left number.</param>
    /// <param name="right">The right number.</param>
    /// <returns>Whether left sorts last.</returns>
    public static bool operator >(WhatsAppNumber left, WhatsAppNumber right) => left.CompareTo(right) > 0;

    /// <summary>Ordering by E.164 digits.</summary>
    /// <param name="left">The left number.</param>
    /// <param name="right">The right number.</param>
    /// <returns>Whether left sorts first or equal.</returns>
    public static bool operator <=(WhatsAppNumber left, WhatsAppNumber right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering by E.164 digits.</summary>
    /// <param name="left">The left number.</param>
    /// <param name="right">The right number.</param>
    /// <returns>Whether left sorts last or equal.</returns>
    public static bool operator >=(WhatsAppNumber left, WhatsAppNumber right) => left.CompareTo(right) >= 0;

    private static InvalidOperationException EmptyNumber() =>
        new("This WhatsAppNumber is the default (empty) value; parse one with WhatsAppNumber.Parse or IWhatsAppNumberParser.");
}
