using System.Diagnostics.CodeAnalysis;

namespace WaCompliance.Identities;

/// <summary>
/// A business-scoped user ID (BSUID, Meta's <c>user_id</c>): how WhatsApp names a person to one business portfolio,
/// for example <c>BR.7712093455123009</c>; or a parent BSUID shared by linked portfolios (<c>BR.ENT.5531200098871234</c>).
/// </summary>
/// <remarks>
/// The format is an ISO 3166-1 alpha-2 country prefix, a dot, optionally <c>ENT.</c> for a parent id, then 1 to 128
/// ASCII letters and digits (upper and lower case are kept as received: the id is opaque and compared ordinally).
/// The prefix is not a reliable jurisdiction: Meta does not say it follows the phone number's country.
/// A BSUID is personal data: never log it.
/// </remarks>
public readonly struct BusinessScopedUserId : IEquatable<BusinessScopedUserId>
{
    /// <summary>The longest id part Meta allows.</summary>
    public const int MaxIdLength = 128;

    /// <summary>The longest BSUID text: a two-letter prefix, <c>.ENT.</c> and 128 characters.</summary>
    public const int MaxLength = 2 + 5 + MaxIdLength;

    private const string ParentMarker = ".ENT.";

    private readonly string? _value;

    private BusinessScopedUserId(string value) => _value = value;

    /// <summary>An id whose text was validated before (held unwrapped elsewhere).</summary>
    internal static BusinessScopedUserId FromValidated(string value) => new(value);

    /// <summary>Whether this is the default (empty) value rather than a parsed id.</summary>
    public bool IsEmpty => _value is null;

    /// <summary>The id exactly as WhatsApp reports it.</summary>
    public string Value => _value ?? throw Empty();

    /// <summary>Whether this is a parent BSUID (<c>CC.ENT.…</c>), shared by the portfolios of one enrolled business.</summary>
    public bool IsParent => _value is not null && _value.AsSpan(2).StartsWith(ParentMarker, StringComparison.Ordinal);

    /// <summary>The two-letter country prefix as written, for example <c>BR</c>. Not a jurisdiction.</summary>
    public string CountryPrefix => Value[..2];

    /// <summary>Parses a BSUID or parent BSUID.</summary>
    /// <param name="input">The text, for example <c>US.13491208655302741918</c>; surrounding white space is ignored.</param>
    /// <returns>The id.</returns>
    /// <exception cref="FormatException">The text is not a BSUID; the message names the reason code.</exception>
    public static BusinessScopedUserId Parse(string input)
    {
        return TryParse(input, out var id, out var reason)
            ? id
            : throw new FormatException($"{reason.ToCode()}: {reason.Describe()}");
    }

    /// <summary>Parses a BSUID or parent BSUID, saying why not.</summary>
    /// <param name="input">The text.</param>
    /// <param name="id">The id when the text is one.</param>
    /// <param name="reason"><see cref="UserIdRejectReason.None"/> when parsed; otherwise why not.</param>
    /// <returns>Whether the text is a BSUID.</returns>
    public static bool TryParse([NotNullWhen(true)] string? input, out BusinessScopedUserId id, out UserIdRejectReason reason)
    {
        reason = Check(input, out id);
        return reason == UserIdRejectReason.None;
    }

    /// <summary>Tries to parse a BSUID or parent BSUID.</summary>
    /// <param name="input">The text.</param>
    /// <param name="id">The id when the text is one.</param>
    /// <returns>Whether the text is a BSUID.</returns>
    public static bool TryParse([NotNullWhen(true)] string? input, out BusinessScopedUserId id) => TryParse(input, out id, out _);

    private static UserIdRejectReason Check(string? input, out BusinessScopedUserId id)
    {
        id = default;
        if (string.IsNullOrWhiteSpace(input))
        {
            return UserIdRejectReason.Empty;
        }

        var span = input.AsSpan().Trim();
        if (span.Length > MaxLength)
        {
            return UserIdRejectReason.TooLong;
        }

        if (span.Length < 4 || !IsUpper(span[0]) || !IsUpper(span[1]) || span[2] != '.')
        {
            return UserIdRejectReason.BadCountryPrefix;
        }

        var rest = span[3..];
        if (span[2..].StartsWith(ParentMarker, StringComparison.Ordinal))
        {
            rest = span[(2 + ParentMarker.Length)..];
        }

        if (rest.IsEmpty)
        {
            return UserIdRejectReason.Empty;
        }

        if (rest.Length > MaxIdLength)
        {
            return UserIdRejectReason.TooLong;
        }

        foreach (var c in rest)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return UserIdRejectReason.BadCharacters;
            }
        }

        id = new BusinessScopedUserId(span.Length == input.Length ? input : span.ToString());
        return UserIdRejectReason.None;
    }

    /// <summary>
    /// Whether the text has the shape of a BSUID (two capital letters and a dot first): such text is never run
    /// through phone-number normalization, even when it fails to parse.
    /// </summary>
    /// <param name="input">The text.</param>
    /// <returns>Whether it looks like a BSUID.</returns>
    public static bool LooksLikeUserId(ReadOnlySpan<char> input)
    {
        var span = input.Trim();
        return span.Length >= 3 && IsUpper(span[0]) && IsUpper(span[1]) && span[2] == '.';
    }

    /// <inheritdoc />
    public bool Equals(BusinessScopedUserId other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is BusinessScopedUserId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>The id as received; an empty string for the default value.</summary>
    /// <returns>The id.</returns>
    public override string ToString() => _value ?? string.Empty;

    /// <summary>Equality.</summary>
    /// <param name="left">The left id.</param>
    /// <param name="right">The right id.</param>
    /// <returns>Whether both are the same id.</returns>
    public static bool operator ==(BusinessScopedUserId left, BusinessScopedUserId right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">The left id.</param>
    /// <param name="right">The right id.</param>
    /// <returns>Whether the ids differ.</returns>
    public static bool operator !=(BusinessScopedUserId left, BusinessScopedUserId right) => !left.Equals(right);

    private static bool IsUpper(char c) => c is >= 'A' and <= 'Z';

    private static InvalidOperationException Empty() =>
        new("This BusinessScopedUserId is the default (empty) value; parse one with BusinessScopedUserId.Parse.");
}
