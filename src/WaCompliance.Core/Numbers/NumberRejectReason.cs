namespace WaCompliance.Numbers;

/// <summary>Why an input was not accepted as a WhatsApp number. Each reason has a stable code, see <see cref="NumberRejectReasonExtensions.ToCode"/>.</summary>
public enum NumberRejectReason
{
    /// <summary>Not rejected.</summary>
    None = 0,

    /// <summary>Empty or white space only (<c>NUMBER_EMPTY</c>).</summary>
    Empty,

    /// <summary>Does not look like a phone number: no digits, letters or stray symbols (<c>NUMBER_NOT_A_NUMBER</c>).</summary>
    NotANumber,

    /// <summary>Too few digits for any number of its country (<c>NUMBER_TOO_SHORT</c>).</summary>
    TooShort,

    /// <summary>Too many digits for any number of its country (<c>NUMBER_TOO_LONG</c>).</summary>
    TooLong,

    /// <summary>The digits do not form a number in use in its country (<c>NUMBER_INVALID_FOR_REGION</c>).</summary>
    InvalidForRegion,

    /// <summary>The country cannot be told: an unknown country code, or a national number without a default region (<c>NUMBER_UNKNOWN_REGION</c>).</summary>
    UnknownRegion,

    /// <summary>The input carries an extension, which WhatsApp cannot reach (<c>NUMBER_HAS_EXTENSION</c>).</summary>
    HasExtension,
}

/// <summary>Stable codes and messages for <see cref="NumberRejectReason"/>.</summary>
public static class NumberRejectReasonExtensions
{
    /// <summary>The stable code of a reason, for files, APIs and metrics, e.g. <c>NUMBER_TOO_SHORT</c>.</summary>
    /// <param name="reason">The reason.</param>
    /// <returns>The code.</returns>
    public static string ToCode(this NumberRejectReason reason) => reason switch
    {
        NumberRejectReason.None => "NONE",
        NumberRejectReason.Empty => "NUMBER_EMPTY",
        NumberRejectReason.NotANumber => "NUMBER_NOT_A_NUMBER",
        NumberRejectReason.TooShort => "NUMBER_TOO_SHORT",
        NumberRejectReason.TooLong => "NUMBER_TOO_LONG",
        NumberRejectReason.InvalidForRegion => "NUMBER_INVALID_FOR_REGION",
        NumberRejectReason.UnknownRegion => "NUMBER_UNKNOWN_REGION",
        NumberRejectReason.HasExtension => "NUMBER_HAS_EXTENSION",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
