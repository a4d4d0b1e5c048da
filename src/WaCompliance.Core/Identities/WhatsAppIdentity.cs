using WaCompliance.Numbers;

namespace WaCompliance.Identities;

/// <summary>
/// Who a message is to or from, as far as it is known: a phone number, a business-scoped user ID, a parent
/// business-scoped user ID, or several of them known together (an event that carries both <c>wa_id</c> and
/// <c>user_id</c>). A username is carried for display only and is never a key.
/// </summary>
/// <remarks>
/// Converts implicitly from <see cref="WhatsAppNumber"/>, <see cref="BusinessScopedUserId"/> and
/// <see cref="WhatsAppIdentifier"/>. Equality compares the identifiers, not the username. Personal data: never log it.
/// </remarks>
public readonly struct WhatsAppIdentity : IEquatable<WhatsAppIdentity>
{
    /// <summary>Creates an identity from what is known; at least one identifier must be given.</summary>
    /// <param name="phone">The phone number.</param>
    /// <param name="userId">The business-scoped user ID (not a parent one).</param>
    /// <param name="parentUserId">The parent business-scoped user ID.</param>
    /// <param name="username">The username the person shows, for display only.</param>
    /// <exception cref="ArgumentException">No identifier is given, or an id is of the wrong kind.</exception>
    public WhatsAppIdentity(WhatsAppNumber? phone, BusinessScopedUserId? userId = null, BusinessScopedUserId? parentUserId = null, string? username = null)
    {
        if (phone is { IsEmpty: true })
        {
            phone = null;
        }

        if (userId is { IsEmpty: true })
        {
            userId = null;
        }

        if (parentUserId is { IsEmpty: true })
        {
            parentUserId = null;
        }

        if (userId is { IsParent: true })
        {
            throw new ArgumentException("A parent business-scoped user ID (CC.ENT.…) goes in parentUserId, not userId.", nameof(userId));
        }

        if (parentUserId is { IsParent: false })
        {
            throw new ArgumentException("parentUserId must be a parent business-scoped user ID (CC.ENT.…).", nameof(parentUserId));
        }

        if (phone is null && userId is null && parentUserId is null)
        {
            throw new ArgumentException("An identity needs a phone number, a business-scoped user ID or a parent one.");
        }

        // Kept unwrapped (an empty number, null texts) so the value stays small: it is copied on every decision.
        _phone = phone ?? default;
        _userId = userId?.Value;
        _parentUserId = parentUserId?.Value;
        _username = string.IsNullOrWhiteSpace(username) ? null : username;
    }

    private readonly WhatsAppNumber _phone;
    private readonly string? _userId;
    private readonly string? _parentUserId;
    private readonly string? _username;

    /// <summary>The phone number, when known.</summary>
    public WhatsAppNumber? Phone => _phone.IsEmpty ? null : _phone;

    /// <summary>The business-scoped user ID, when known.</summary>
    public BusinessScopedUserId? UserId => _userId is null ? null : BusinessScopedUserId.FromValidated(_userId);

    /// <summary>The parent business-scoped user ID, when known.</summary>
    public BusinessScopedUserId? ParentUserId => _parentUserId is null ? null : BusinessScopedUserId.FromValidated(_parentUserId);

    /// <summary>The username, for display only; never used to find or match a person.</summary>
    public string? Username => _username;

    /// <summary>Whether this is the default (empty) value.</summary>
    public bool IsEmpty => _phone.IsEmpty && _userId is null && _parentUserId is null;

    /// <summary>Whether a phone number is known.</summary>
    public bool HasPhone => !_phone.IsEmpty;

    /// <summary>Whether more than one identifier is known: evidence that they name one person.</summary>
    public bool IsLinked => (_phone.IsEmpty ? 0 : 1) + (_userId is null ? 0 : 1) + (_parentUserId is null ? 0 : 1) > 1;

    /// <summary>
    /// The identifier records are kept under: the phone number when known (so records made before user IDs
    /// existed stay found), else the user ID, else the parent user ID. Every other identifier is linked to it.
    /// </summary>
    public WhatsAppIdentifier Primary =>
        !_phone.IsEmpty ? _phone
        : _userId is not null ? BusinessScopedUserId.FromValidated(_userId)
        : _parentUserId is not null ? BusinessScopedUserId.FromValidated(_parentUserId)
        : throw new InvalidOperationException("This WhatsAppIdentity is the default (empty) value.");

    /// <summary>Every known identifier, the primary first.</summary>
    public IReadOnlyList<WhatsAppIdentifier> Identifiers
    {
        get
        {
            if (!IsLinked)
            {
                return IsEmpty ? [] : [Primary];
            }

            var list = new List<WhatsAppIdentifier>(3);
            if (Phone is { } phone)
            {
                list.Add(phone);
            }

            if (UserId is { } userId)
            {
                list.Add(userId);
            }

            if (ParentUserId is { } parent)
            {
                list.Add(parent);
            }

            return list;
        }
    }

    /// <summary>An identity of one identifier.</summary>
    /// <param name="identifier">The identifier.</param>
    /// <returns>The identity.</returns>
    public static WhatsAppIdentity Of(WhatsAppIdentifier identifier) => identifier.Kind switch
    {
        WhatsAppIdentifierKind.PhoneNumber => new(identifier.PhoneNumber),
        WhatsAppIdentifierKind.UserId => new(null, identifier.UserId),
        WhatsAppIdentifierKind.ParentUserId => new(null, null, identifier.UserId),
        _ => throw new ArgumentException("The identifier is the default (empty) value.", nameof(identifier)),
    };

    /// <summary>The same identity with the phone number set (for example once a send response names it).</summary>
    /// <param name="phone">The number.</param>
    /// <returns>The identity.</returns>
    public WhatsAppIdentity WithPhone(WhatsAppNumber phone) => new(phone, UserId, ParentUserId, Username);

    /// <summary>The same identity with the user ID set.</summary>
    /// <param name="userId">The id.</param>
    /// <returns>The identity.</returns>
    public WhatsAppIdentity WithUserId(BusinessScopedUserId userId) =>
        userId.IsParent ? new(Phone, UserId, userId, Username) : new(Phone, userId, ParentUserId, Username);

    /// <summary>An identity from a phone number.</summary>
    /// <param name="number">The number.</param>
    public static implicit operator WhatsAppIdentity(WhatsAppNumber number) => new(number);

    /// <summary>An identity from a business-scoped user ID (or a parent one).</summary>
    /// <param name="userId">The id.</param>
    public static implicit operator WhatsAppIdentity(BusinessScopedUserId userId) =>
        userId.IsParent ? new(null, null, userId) : new(null, userId);

    /// <summary>An identity from one identifier.</summary>
    /// <param name="identifier">The identifier.</param>
    public static implicit operator WhatsAppIdentity(WhatsAppIdentifier identifier) => Of(identifier);

    /// <inheritdoc />
    public bool Equals(WhatsAppIdentity other) =>
        _phone.Equals(other._phone)
        && string.Equals(_userId, other._userId, StringComparison.Ordinal)
        && string.Equals(_parentUserId, other._parentUserId, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is WhatsAppIdentity other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_phone, _userId, _parentUserId);

    /// <summary>Which identifiers are known, never their values: identities are personal data.</summary>
    /// <returns>For example <c>identity(phone+user_id)</c>.</returns>
    public override string ToString()
    {
        var parts = new List<string>(3);
        if (!_phone.IsEmpty)
        {
            parts.Add("phone");
        }

        if (_userId is not null)
        {
            parts.Add("user_id");
        }

        if (_parentUserId is not null)
        {
            parts.Add("parent_user_id");
        }

        return parts.Count == 0 ? "identity(empty)" : $"identity({string.Join('+', parts)})";
    }

    /// <summary>Equality.</summary>
    /// <param name="left">The left identity.</param>
    /// <param name="right">The right identity.</param>
    /// <returns>Whether both name the same identifiers.</returns>
    public static bool operator ==(WhatsAppIdentity left, WhatsAppIdentity right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">The left identity.</param>
    /// <param name="right">The right identity.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(WhatsAppIdentity left, WhatsAppIdentity right) => !left.Equals(right);
}
