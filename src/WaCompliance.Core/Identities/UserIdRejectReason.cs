namespace WaCompliance.Identities;

/// <summary>Why a text is not a business-scoped user ID.</summary>
public enum UserIdRejectReason
{
    /// <summary>Not rejected.</summary>
    None = 0,

    /// <summary>Empty, white space, or nothing after the prefix.</summary>
    Empty,

    /// <summary>It does not start with a two-letter upper-case country prefix and a dot.</summary>
    BadCountryPrefix,

    /// <summary>The id part holds something other than ASCII letters and digits.</summary>
    BadCharacters,

    /// <summary>The id part is longer than 128 characters.</summary>
    TooLong,
}

/// <summary>Codes and descriptions of <see cref="UserIdRejectReason"/>.</summary>
public static class UserIdRejectReasonExtensions
{
    /// <summary>The stable code, for example <c>USER_ID_BAD_COUNTRY_PREFIX</c>.</summary>
    /// <param name="reason">The reason.</param>
    /// <returns>The code.</returns>
    public static string ToCode(this UserIdRejectReason reason) => reason switch
    {
        UserIdRejectReason.None => "NONE",
        UserIdRejectReason.Empty => "USER_ID_EMPTY",
        UserIdRejectReason.BadCountryPrefix => "USER_ID_BAD_COUNTRY_PREFIX",
        UserIdRejectReason.BadCharacters => "USER_ID_BAD_CHARACTERS",
        UserIdRejectReason.TooLong => "USER_ID_TOO_LONG",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    /// <summary>A sentence saying what is wrong, without the input itself.</summary>
    /// <param name="reason">The reason.</param>
    /// <returns>The description.</returns>
    public static string Describe(this UserIdRejectReason reason) => reason switch
    {
        UserIdRejectReason.None => "The business-scoped user ID is valid.",
        UserIdRejectReason.Empty => "The business-scoped user ID is empty.",
        UserIdRejectReason.BadCountryPrefix => "A business-scoped user ID starts with a two-letter upper-case country code and a dot, for example 'US.'.",
        UserIdRejectReason.BadCharacters => "A business-scoped user ID holds only ASCII letters and digits after its prefix.",
        UserIdRejectReason.TooLong => "A business-scoped user ID has at most 128 characters after its prefix.",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
