using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace WaCompliance;

/// <summary>
/// What a person consented to (or opted out of): marketing, utility, authentication, every purpose at once, or a
/// purpose of the application's own such as <c>order_updates</c>.
/// </summary>
/// <remarks>
/// A purpose is a lower-case token of letters, digits, <c>_</c> and <c>-</c> (at most 64 characters, starting with a
/// letter). <see cref="All"/> stands for every purpose: an opt-out for <see cref="All"/> covers every purpose.
/// </remarks>
public readonly struct ConsentPurpose : IEquatable<ConsentPurpose>, IComparable<ConsentPurpose>
{
    private const int MaxLength = 64;
    private static readonly SearchValues<char> s_allowed = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789_-");

    private readonly string? _value;

    private ConsentPurpose(string value) => _value = value;

    /// <summary>Every purpose. An opt-out for <see cref="All"/> is a global opt-out.</summary>
    public static ConsentPurpose All { get; } = new("all");

    /// <summary>Marketing: promotions, offers, re-engagement (WhatsApp MARKETING templates).</summary>
    public static ConsentPurpose Marketing { get; } = new("marketing");

    /// <summary>Utility: messages about an agreed transaction or account (WhatsApp UTILITY templates).</summary>
    public static ConsentPurpose Utility { get; } = new("utility");

    /// <summary>Authentication: one-time passcodes (WhatsApp AUTHENTICATION templates).</summary>
    public static ConsentPurpose Authentication { get; } = new("authentication");

    /// <summary>The purpose token, for example <c>marketing</c>.</summary>
    public string Value => _value ?? All._value!;

    /// <summary>Whether this is <see cref="All"/>.</summary>
    public bool IsAll => Value == "all";

    /// <summary>Parses a purpose token; upper case is folded to lower case.</summary>
    /// <param name="value">The purpose, for example <c>marketing</c> or <c>order_updates</c>.</param>
    /// <returns>The purpose.</returns>
    /// <exception cref="ArgumentException">The value is not a valid purpose token.</exception>
    public static ConsentPurpose Parse(string value)
    {
        if (TryParse(value, out var purpose, out var error))
        {
            return purpose;
        }

        throw new ArgumentException(error, nameof(value));
    }

    /// <summary>Tries to parse a purpose token; upper case is folded to lower case.</summary>
    /// <param name="value">The purpose text.</param>
    /// <param name="purpose">The purpose when the text is valid.</param>
    /// <returns><see langword="true"/> when the text is a valid purpose.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, out ConsentPurpose purpose) => TryParse(value, out purpose, out _);

    private static bool TryParse(string? value, out ConsentPurpose purpose, out string error)
    {
        purpose = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "A consent purpose is required, for example 'marketing'.";
            return false;
        }

        var text = value.Trim().ToLowerInvariant();
        if (text.Length > MaxLength)
        {
            error = $"A consent purpose has at most {MaxLength} characters.";
            return false;
        }

        if (text[0] is < 'a' or > 'z' || text.AsSpan().ContainsAnyExcept(s_allowed))
        {
            error = "A consent purpose starts with a letter and holds only letters, digits, '_' and '-'.";
            return false;
        }

        purpose = text switch
        {
            "all" => All,
            "marketing" => Marketing,
            "utility" => Utility,
            "authentication" => Authentication,
            _ => new ConsentPurpose(text),
        };
        error = string.Empty;
        return true;
    }

    /// <summary>Whether an event for <paramref name="eventPurpose"/> applies to this purpose: the same purpose, or <see cref="All"/>.</summary>
    /// <param name="eventPurpose">The purpose of a consent event or suppression entry.</param>
    /// <returns><see langword="true"/> when it applies.</returns>
    public bool IsCoveredBy(ConsentPurpose eventPurpose) => eventPurpose.IsAll || Equals(eventPurpose);

    /// <inheritdoc />
    public bool Equals(ConsentPurpose other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ConsentPurpose other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc />
    public int CompareTo(ConsentPurpose other) => string.CompareOrdinal(Value, other.Value);

    /// <inheritdoc />
    public override string ToString() => Value;

    /// <summary>Equality.</summary>
    /// <param name="left">The left purpose.</param>
    /// <param name="right">The right purpose.</param>
    /// <returns>Whether both are the same purpose.</returns>
    public static bool operator ==(ConsentPurpose left, ConsentPurpose right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">The left purpose.</param>
    /// <param name="right">The right purpose.</param>
    /// <returns>Whether the purposes differ.</returns>
    public static bool operator !=(ConsentPurpose left, ConsentPurpose right) => !left.Equals(right);

    /// <summary>Ordering.</summary>
    /// <param name="left">The left purpose.</param>
    /// <param name="right">The right purpose.</param>
    /// <returns>Whether left sorts before right.</returns>
    public static bool operator <(ConsentPurpose left, ConsentPurpose right) => left.CompareTo(right) < 0;

    /// <summary>Ordering.</summary>
    /// <param name="left">The left purpose.</param>
    /// <param name="right">The right purpose.</param>
    /// <returns>Whether left sorts after right.</returns>
    public static bool operator >(ConsentPurpose left, ConsentPurpose right) => left.CompareTo(right) > 0;

    /// <summary>Ordering.</summary>
    /// <param name="left">The left purpose.</param>
    /// <param name="right">The right purpose.</param>
    /// <returns>Whether left sorts before or equal to right.</returns>
    public static bool operator <=(ConsentPurpose left, ConsentPurpose right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering.</summary>
    /// <param name="left">The left purpose.</param>
    /// <param name="right">The right purpose.</param>
    /// <returns>Whether left sorts after or equal to right.</returns>
    public static bool operator >=(ConsentPurpose left, ConsentPurpose right) => left.CompareTo(right) >= 0;
}
