using System.Diagnostics.CodeAnalysis;
using WaCompliance.Numbers;

namespace WaCompliance.Identities;

/// <summary>
/// One way WhatsApp names a person: a phone number, a business-scoped user ID or a parent business-scoped user ID.
/// Stores key a person's records by it (through its <see cref="Privacy.SubjectKey"/>); a person known several ways is
/// a <see cref="WhatsAppIdentity"/>, and the identifiers of one person are joined by identity links.
/// </summary>
/// <remarks>
/// Converts implicitly from <see cref="WhatsAppNumber"/> and <see cref="BusinessScopedUserId"/>. Two identifiers are
/// equal when they are of the same kind and name the same number or id. An identifier is personal data.
/// </remarks>
public readonly struct WhatsAppIdentifier : IEquatable<WhatsAppIdentifier>
{
    private readonly WhatsAppNumber _number;
    private readonly BusinessScopedUserId _userId;

    private WhatsAppIdentifier(WhatsAppNumber number)
    {
        _number = number;
        Kind = number.IsEmpty ? WhatsAppIdentifierKind.None : WhatsAppIdentifierKind.PhoneNumber;
    }

    private WhatsAppIdentifier(BusinessScopedUserId userId)
    {
        _userId = userId;
        Kind = userId.IsEmpty ? WhatsAppIdentifierKind.None
            : userId.IsParent ? WhatsAppIdentifierKind.ParentUserId : WhatsAppIdentifierKind.UserId;
    }

    /// <summary>What kind of identifier this is.</summary>
    public WhatsAppIdentifierKind Kind { get; }

    /// <summary>Whether this is the default (empty) value.</summary>
    public bool IsEmpty => Kind == WhatsAppIdentifierKind.None;

    /// <summary>Whether this is a phone number.</summary>
    public bool IsPhoneNumber => Kind == WhatsAppIdentifierKind.PhoneNumber;

    /// <summary>Whether this is a business-scoped user ID or a parent one.</summary>
    public bool IsUserId => Kind is WhatsAppIdentifierKind.UserId or WhatsAppIdentifierKind.ParentUserId;

    /// <summary>The phone number, when this is one.</summary>
    public WhatsAppNumber? PhoneNumber => IsPhoneNumber ? _number : null;

    /// <summary>The business-scoped user ID (or parent), when this is one.</summary>
    public BusinessScopedUserId? UserId => IsUserId ? _userId : null;

    /// <summary>
    /// The stored form: the E.164 number (<c>+5511987654321</c>) or the id as received (<c>BR.7712093455123009</c>).
    /// The two never collide (a number starts with <c>+</c>, an id with two letters). <see cref="Parse"/> reads it back.
    /// </summary>
    public string Value => Kind switch
    {
        WhatsAppIdentifierKind.PhoneNumber => _number.E164,
        WhatsAppIdentifierKind.UserId or WhatsAppIdentifierKind.ParentUserId => _userId.Value,
        _ => throw new InvalidOperationException("This WhatsAppIdentifier is the default (empty) value."),
    };

    /// <summary>The number as an integer, for fast in-memory indexing; 0 for ids.</summary>
    internal ulong NumberKey => IsPhoneNumber ? _number.Key : 0;

    /// <summary>An identifier from a phone number.</summary>
    /// <param name="number">The number.</param>
    /// <returns>The identifier.</returns>
    public static WhatsAppIdentifier FromNumber(WhatsAppNumber number)
    {
        Internal.Guard.NotDefault(number);
        return new WhatsAppIdentifier(number);
    }

    /// <summary>An identifier from a business-scoped user ID.</summary>
    /// <param name="userId">The id.</param>
    /// <returns>The identifier.</returns>
    public static WhatsAppIdentifier FromUserId(BusinessScopedUserId userId)
    {
        if (userId.IsEmpty)
        {
            throw new ArgumentException("The business-scoped user ID is the default (empty) value.", nameof(userId));
        }

        return new WhatsAppIdentifier(userId);
    }

    /// <summary>
    /// Reads an identifier back from its stored form (<see cref="Value"/>): an E.164 number of any line type, or a
    /// business-scoped user ID.
    /// </summary>
    /// <param name="value">The stored form.</param>
    /// <returns>The identifier.</returns>
    /// <exception cref="FormatException">The text is neither.</exception>
    public static WhatsAppIdentifier Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TryParse(value, out var identifier)
            ? identifier
            : throw new FormatException("The text is neither an E.164 phone number nor a business-scoped user ID.");
    }

    /// <summary>Tries to read an identifier from its stored form, or from what a provider reported.</summary>
    /// <param name="value">An E.164 number (with or without <c>+</c>) or a business-scoped user ID.</param>
    /// <param name="identifier">The identifier.</param>
    /// <returns>Whether the text is either.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, out WhatsAppIdentifier identifier)
    {
        identifier = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        if (BusinessScopedUserId.LooksLikeUserId(value))
        {
            if (BusinessScopedUserId.TryParse(value, out var id))
            {
                identifier = new WhatsAppIdentifier(id);
                return true;
            }

            return false;
        }

        var number = WhatsAppNumberParser.Default.ParseReported(value);
        if (!number.IsValid)
        {
            return false;
        }

        identifier = new WhatsAppIdentifier(number.Number);
        return true;
    }

    /// <summary>An identifier from a phone number.</summary>
    /// <param name="number">The number.</param>
    public static implicit operator WhatsAppIdentifier(WhatsAppNumber number) => FromNumber(number);

    /// <summary>An identifier from a business-scoped user ID.</summary>
    /// <param name="userId">The id.</param>
    public static implicit operator WhatsAppIdentifier(BusinessScopedUserId userId) => FromUserId(userId);

    /// <inheritdoc />
    public bool Equals(WhatsAppIdentifier other) =>
        Kind == other.Kind && (Kind == WhatsAppIdentifierKind.PhoneNumber ? _number.Equals(other._number) : _userId.Equals(other._userId));

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is WhatsAppIdentifier other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => IsPhoneNumber ? _number.GetHashCode() : _userId.GetHashCode();

    /// <summary>The stored form (<see cref="Value"/>); an empty string for the default value.</summary>
    /// <returns>The stored form.</returns>
    public override string ToString() => IsEmpty ? string.Empty : Value;

    /// <summary>Equality.</summary>
    /// <param name="left">The left identifier.</param>
    /// <param name="right">The right identifier.</param>
    /// <returns>Whether both are equal.</returns>
    public static bool operator ==(WhatsAppIdentifier left, WhatsAppIdentifier right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">The left identifier.</param>
    /// <param name="right">The right identifier.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(WhatsAppIdentifier left, WhatsAppIdentifier right) => !left.Equals(right);
}
