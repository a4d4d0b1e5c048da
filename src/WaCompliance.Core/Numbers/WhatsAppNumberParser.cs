using System.Buffers;
using System.Globalization;
using System.Text;
using PhoneNumbers;
using WaCompliance.Jurisdictions;

namespace WaCompliance.Numbers;

/// <summary>
/// The libphonenumber-based <see cref="IWhatsAppNumberParser"/>. Accepts spaces, dots, dashes, brackets, <c>+</c> and
/// <c>00</c> international prefixes, national trunk prefixes, <c>whatsapp:</c> and <c>tel:</c> prefixes and Unicode
/// digits (full-width, Arabic-Indic, Devanagari ...); rejects each bad input with its own <see cref="NumberRejectReason"/>.
/// </summary>
/// <remarks>Thread-safe; create one per configuration and share it.</remarks>
public sealed class WhatsAppNumberParser : IWhatsAppNumberParser
{
    /// <summary>The line types taken as likely on WhatsApp unless configured otherwise: mobile and fixed-line-or-mobile.</summary>
    public static IReadOnlySet<WhatsAppNumberType> DefaultAcceptedTypes { get; } =
        new HashSet<WhatsAppNumberType> { WhatsAppNumberType.Mobile, WhatsAppNumberType.FixedLineOrMobile };

    private const string UnknownRegionForLibrary = "ZZ";
    private const int MaxE164Digits = 15;
    private const int MinReportedNationalDigits = 4;
    private static readonly PhoneNumberUtil s_util = PhoneNumberUtil.GetInstance();
    private static readonly SearchValues<char> s_asciiLetters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private readonly bool[] _accepted;

    /// <summary>Creates a parser.</summary>
    /// <param name="defaultRegion">ISO 3166-1 region for numbers written without a country code, or <see langword="null"/>.</param>
    /// <param name="acceptedTypes">The line types taken as likely on WhatsApp (a hint for list cleaning and the send-time warning; numbers of every type parse); <see langword="null"/> for <see cref="DefaultAcceptedTypes"/>.</param>
    /// <exception cref="ArgumentException">The region is not known to libphonenumber, or no line type is accepted.</exception>
    public WhatsAppNumberParser(string? defaultRegion = null, IEnumerable<WhatsAppNumberType>? acceptedTypes = null)
    {
        DefaultRegion = defaultRegion is null ? null : NormalizeRegion(defaultRegion, nameof(defaultRegion));
        _accepted = new bool[Enum.GetValues<WhatsAppNumberType>().Length];
        foreach (var type in acceptedTypes ?? DefaultAcceptedTypes)
        {
            if (type == WhatsAppNumberType.Unknown || !Enum.IsDefined(type))
            {
                throw new ArgumentException($"'{type}' cannot be an accepted line type.", nameof(acceptedTypes));
            }

            _accepted[(int)type] = true;
        }

        if (!_accepted.Contains(true))
        {
            throw new ArgumentException("At least one line type must be accepted.", nameof(acceptedTypes));
        }

        AcceptedTypes = Enum.GetValues<WhatsAppNumberType>().Where(t => _accepted[(int)t]).ToArray();
    }

    /// <summary>A parser with no default region that takes <see cref="DefaultAcceptedTypes"/> as likely on WhatsApp.</summary>
    public static WhatsAppNumberParser Default { get; } = new();

    /// <inheritdoc />
    public string? DefaultRegion { get; }

    /// <summary>The line types this parser takes as likely on WhatsApp (see <see cref="IsLikelyOnWhatsApp"/>).</summary>
    public IReadOnlyList<WhatsAppNumberType> AcceptedTypes { get; }

    /// <inheritdoc />
    public bool IsLikelyOnWhatsApp(WhatsAppNumber number) => !number.IsEmpty && _accepted[(int)number.Type];

    /// <summary>Whether a region code is known to libphonenumber.</summary>
    /// <param name="region">An ISO 3166-1 alpha-2 code.</param>
    /// <returns><see langword="true"/> when supported.</returns>
    public static bool IsSupportedRegion(string? region) =>
        region is not null && s_util.GetSupportedRegions().Contains(region.Trim().ToUpperInvariant());

    /// <inheritdoc />
    public NumberParseResult Parse(string? input, string? defaultRegion = null)
    {
        var region = defaultRegion is null ? DefaultRegion : NormalizeRegion(defaultRegion, nameof(defaultRegion));
        if (string.IsNullOrWhiteSpace(input))
        {
            return NumberParseResult.Reject(NumberRejectReason.Empty);
        }

        var span = input.AsSpan().Trim();
        var sliced = span.Length != input.Length;
        if (StripScheme(ref span))
        {
            sliced = true;
            if (span.IsEmpty)
            {
                return NumberParseResult.Reject(NumberRejectReason.Empty);
            }
        }

        var hasLetters = span.ContainsAny(s_asciiLetters) || (!Ascii.IsValid(span) && HasNonAsciiLetter(span));
        var text = sliced ? span.ToString() : input;
        if (region is null && StartsWithDoubleZero(span))
        {
            text = string.Concat("+", span[2..]);
        }

        var result = ParseText(text, region, hasLetters);
        if (result.Reason is NumberRejectReason.InvalidForRegion or NumberRejectReason.TooLong or NumberRejectReason.TooShort
            && region is not null
            && StartsWithDoubleZero(span))
        {
            // "00" is the international prefix in most of the world but not in every default region (011 in the US).
            var international = ParseText(string.Concat("+", span[2..]), region, hasLetters);
            if (international.IsValid)
            {
                return international;
            }
        }

        return result;
    }

    /// <summary>
    /// Reads a number that WhatsApp or a provider reported (<c>wa_id</c>, <c>from</c>, <c>recipient_id</c>, Twilio's
    /// <c>From</c>, a Bird identifier): an international number with or without <c>+</c> or a <c>whatsapp:</c> prefix.
    /// Every line type is accepted, and so is a well-formed E.164 number (an assigned country calling code, at most 15
    /// digits) that libphonenumber's metadata does not know yet: new ranges reach WhatsApp before they reach the
    /// metadata. Such a number keeps its digits as received, has <see cref="WhatsAppNumberType.Unknown"/> as its type
    /// and the jurisdiction of its country calling code.
    /// </summary>
    /// <param name="reported">The reported number.</param>
    /// <returns>The number, or why the text is not a well-formed international number.</returns>
    public NumberParseResult ParseReported(string? reported)
    {
        if (string.IsNullOrWhiteSpace(reported))
        {
            return NumberParseResult.Reject(NumberRejectReason.Empty);
        }

        var span = reported.AsSpan().Trim();
        StripScheme(ref span);
        if (span.StartsWith('+'))
        {
            span = span[1..];
        }

        if (span.IsEmpty)
        {
            return NumberParseResult.Reject(NumberRejectReason.Empty);
        }

        if (span.ContainsAnyExceptInRange('0', '9'))
        {
            return NumberParseResult.Reject(NumberRejectReason.NotANumber, "A reported WhatsApp number is digits only, optionally after '+'.");
        }

        if (span.Length > MaxE164Digits)
        {
            return NumberParseResult.Reject(NumberRejectReason.TooLong);
        }

        if (span[0] == '0')
        {
            return NumberParseResult.Reject(NumberRejectReason.UnknownRegion, "The country calling code is not assigned to any country.");
        }

        var digits = span.ToString();
        PhoneNumber number;
        try
        {
            number = s_util.Parse(string.Concat("+", digits), UnknownRegionForLibrary);
        }
        catch (NumberParseException e)
        {
            return MapParseError(e.ErrorType, string.Concat("+", digits), null, hasLetters: false);
        }

        if (number.HasExtension)
        {
            return NumberParseResult.Reject(NumberRejectReason.HasExtension);
        }

        var libraryType = s_util.GetNumberType(number);
        if (libraryType != PhoneNumberType.UNKNOWN)
        {
            var regionCode = JurisdictionCatalog.RegionOf(number) ?? UnknownRegionForLibrary;
            var jurisdiction = JurisdictionCatalog.For(number, regionCode, libraryType);
            return NumberParseResult.Success(new WhatsAppNumber(s_util.Format(number, PhoneNumberFormat.E164), number.CountryCode, Map(libraryType), jurisdiction));
        }

        var countryCodeLength = number.CountryCode < 10 ? 1 : number.CountryCode < 100 ? 2 : 3;
        if (digits.Length - countryCodeLength < MinReportedNationalDigits)
        {
            return NumberParseResult.Reject(NumberRejectReason.TooShort);
        }

        var region = s_util.GetRegionCodeForCountryCode(number.CountryCode);
        if (string.IsNullOrEmpty(region) || region == UnknownRegionForLibrary)
        {
            return NumberParseResult.Reject(NumberRejectReason.UnknownRegion, "The country calling code is not assigned to any country.");
        }

        // Not in the metadata (yet): keep the digits exactly as reported, jurisdiction of the country calling code.
        var unknown = JurisdictionCatalog.For(number, region, PhoneNumberType.UNKNOWN);
        return NumberParseResult.Success(new WhatsAppNumber(string.Concat("+", digits), number.CountryCode, WhatsAppNumberType.Unknown, unknown));
    }

    private NumberParseResult ParseText(string text, string? region, bool hasLetters)
    {
        PhoneNumber number;
        try
        {
            number = s_util.Parse(text, region ?? UnknownRegionForLibrary);
        }
        catch (NumberParseException e)
        {
            return MapParseError(e.ErrorType, text, region, hasLetters);
        }

        if (number.HasExtension)
        {
            return NumberParseResult.Reject(NumberRejectReason.HasExtension);
        }

        if (hasLetters)
        {
            return NumberParseResult.Reject(
                NumberRejectReason.NotANumber,
                "The input contains letters; vanity numbers and free text are not WhatsApp numbers.");
        }

        // GetNumberType is UNKNOWN exactly when IsValidNumber is false (both test the same region metadata),
        // so one call validates and classifies.
        var libraryType = s_util.GetNumberType(number);
        if (libraryType == PhoneNumberType.UNKNOWN)
        {
            return NumberParseResult.Reject(ReasonForInvalid(number));
        }

        // Every valid line type is a number: WhatsApp registers landlines and toll-free numbers too. Whether this
        // one is likely on WhatsApp is a hint (IsLikelyOnWhatsApp), for list cleaning and the send-time warning.
        var type = Map(libraryType);
        var regionCode = JurisdictionCatalog.RegionOf(number) ?? UnknownRegionForLibrary;
        var jurisdiction = JurisdictionCatalog.For(number, regionCode, libraryType);
        var e164 = s_util.Format(number, PhoneNumberFormat.E164);
        return NumberParseResult.Success(new WhatsAppNumber(e164, number.CountryCode, type, jurisdiction));
    }

    private static bool StripScheme(ref ReadOnlySpan<char> span)
    {
        if (span.StartsWith("whatsapp:", StringComparison.OrdinalIgnoreCase))
        {
            span = span["whatsapp:".Length..].TrimStart();
            return true;
        }

        if (span.StartsWith("tel:", StringComparison.OrdinalIgnoreCase))
        {
            span = span["tel:".Length..].TrimStart();
            return true;
        }

        return false;
    }

    private static bool StartsWithDoubleZero(ReadOnlySpan<char> span) =>
        span.Length > 2 && span[0] == '0' && span[1] == '0' && span[2] != '0';

    private static bool HasNonAsciiLetter(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (c > 0x7F && char.IsLetter(c))
            {
                return true;
            }
        }

        return false;
    }

    private static NumberParseResult MapParseError(ErrorType error, string text, string? region, bool hasLetters)
    {
        switch (error)
        {
            case ErrorType.INVALID_COUNTRY_CODE:
                var international = text.TrimStart().StartsWith('+') || text.TrimStart().StartsWith('＋');
                return NumberParseResult.Reject(
                    NumberRejectReason.UnknownRegion,
                    !international && region is null
                        ? "The number has no country code (+...) and no default region is configured."
                        : "The country calling code is not assigned to any country.");
            case ErrorType.TOO_SHORT_AFTER_IDD:
            case ErrorType.TOO_SHORT_NSN:
                return NumberParseResult.Reject(NumberRejectReason.TooShort);
            case ErrorType.TOO_LONG:
                return NumberParseResult.Reject(NumberRejectReason.TooLong);
            default:
                // libphonenumber reports a lone "+6" as not-a-number; for digits and phone punctuation only, it is too short.
                return !hasLetters && text.Any(char.IsDigit)
                    ? NumberParseResult.Reject(NumberRejectReason.TooShort)
                    : NumberParseResult.Reject(NumberRejectReason.NotANumber);
        }
    }

    private static NumberRejectReason ReasonForInvalid(PhoneNumber number) =>
        s_util.IsPossibleNumberWithReason(number) switch
        {
            PhoneNumberUtil.ValidationResult.TOO_SHORT => NumberRejectReason.TooShort,
            PhoneNumberUtil.ValidationResult.TOO_LONG => NumberRejectReason.TooLong,
            PhoneNumberUtil.ValidationResult.INVALID_COUNTRY_CODE => NumberRejectReason.UnknownRegion,
            _ => NumberRejectReason.InvalidForRegion,
        };

    private static WhatsAppNumberType Map(PhoneNumberType type) => type switch
    {
        PhoneNumberType.MOBILE => WhatsAppNumberType.Mobile,
        PhoneNumberType.FIXED_LINE_OR_MOBILE => WhatsAppNumberType.FixedLineOrMobile,
        PhoneNumberType.FIXED_LINE => WhatsAppNumberType.FixedLine,
        PhoneNumberType.TOLL_FREE => WhatsAppNumberType.TollFree,
        PhoneNumberType.PREMIUM_RATE => WhatsAppNumberType.PremiumRate,
        PhoneNumberType.SHARED_COST => WhatsAppNumberType.SharedCost,
        PhoneNumberType.VOIP => WhatsAppNumberType.Voip,
        PhoneNumberType.PERSONAL_NUMBER => WhatsAppNumberType.PersonalNumber,
        PhoneNumberType.PAGER => WhatsAppNumberType.Pager,
        PhoneNumberType.UAN => WhatsAppNumberType.Uan,
        PhoneNumberType.VOICEMAIL => WhatsAppNumberType.Voicemail,
        _ => WhatsAppNumberType.Unknown,
    };

    private static string NormalizeRegion(string region, string parameterName)
    {
        var normalized = region.Trim().ToUpperInvariant();
        if (!s_util.GetSupportedRegions().Contains(normalized))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"'{region}' is not a region libphonenumber knows; use an ISO 3166-1 alpha-2 code such as 'NZ'."),
                parameterName);
        }

        return normalized;
    }
}
