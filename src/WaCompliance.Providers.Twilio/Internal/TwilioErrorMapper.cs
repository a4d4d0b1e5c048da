using System.Globalization;
using System.Net.Http.Headers;
using WaCompliance.Gateways;

namespace WaCompliance.Providers.Twilio.Internal;

/// <summary>Maps Twilio error codes (REST responses and status callbacks) to the common <see cref="ProviderErrorKind"/>.</summary>
internal static class TwilioErrorMapper
{
    /// <summary>The kind of a Twilio error code, or <see langword="null"/> when the code is not one we classify.</summary>
    public static ProviderErrorKind? KindOf(int code) => code switch
    {
        20429 or 63018 => ProviderErrorKind.RateLimited,
        63003 or 63024 or 21211 => ProviderErrorKind.RecipientInvalid,
        63016 => ProviderErrorKind.OutsideWindow,
        63049 or 63032 => ProviderErrorKind.MarketingLimit,
        63027 => ProviderErrorKind.TemplateNotFound,
        63028 or 21656 or 63029 => ProviderErrorKind.TemplateParameterMismatch,
        20003 or 63001 => ProviderErrorKind.AuthFailed,
        63013 => ProviderErrorKind.AccountBlocked,
        21610 => ProviderErrorKind.OptedOut,
        63005 or 63019 or 63021 or 63030 => ProviderErrorKind.InvalidRequest,
        63012 => ProviderErrorKind.Transient,
        _ => null,
    };

    /// <summary>Twilio's "invalid To" code: on a business-scoped user ID it means Twilio cannot send to user IDs.</summary>
    internal const int InvalidToCode = 21211;

    /// <summary>The message of <see cref="ProviderErrorKind.UserIdNotSupported"/> for a 21211 on a user ID address.</summary>
    internal const string UserIdRefusedMessage =
        "Twilio refused the business-scoped user ID as a recipient address (21211): this account or sender cannot send to WhatsApp user IDs yet. Send to the person's phone number when it is known.";

    /// <summary>Maps an error: the code decides when we know it, else the HTTP status.</summary>
    /// <param name="code">Twilio's code, if any.</param>
    /// <param name="message">Twilio's message (never content or numbers).</param>
    /// <param name="httpStatus">The HTTP status, or <see langword="null"/> for a status callback.</param>
    /// <param name="retryAfter">The Retry-After delay, if any.</param>
    /// <param name="toUserId">
    /// Whether the message was addressed to a business-scoped user ID (<c>whatsapp:US.…</c>): Twilio then answers 21211
    /// when the account cannot send to user IDs (it reads the address as a malformed number), which is
    /// <see cref="ProviderErrorKind.UserIdNotSupported"/>, not an invalid recipient.
    /// </param>
    public static ProviderError Map(int? code, string? message, int? httpStatus, TimeSpan? retryAfter, bool toUserId = false)
    {
        if (toUserId && code == InvalidToCode && httpStatus is null or (>= 400 and < 500))
        {
            return new ProviderError(ProviderErrorKind.UserIdNotSupported, InvalidToCode.ToString(CultureInfo.InvariantCulture), UserIdRefusedMessage)
            {
                HttpStatus = httpStatus,
                RetryAfter = retryAfter,
            };
        }

        var kind = httpStatus switch
        {
            429 => ProviderErrorKind.RateLimited,
            401 => ProviderErrorKind.AuthFailed,
            >= 500 => ProviderErrorKind.Transient,
            _ => (code is { } c ? KindOf(c) : null) ?? ProviderErrorKind.Unknown,
        };

        if (httpStatus == 403 && kind == ProviderErrorKind.Unknown)
        {
            kind = ProviderErrorKind.AuthFailed;
        }

        return new ProviderError(kind, code?.ToString(CultureInfo.InvariantCulture), message)
        {
            HttpStatus = httpStatus,
            RetryAfter = retryAfter,
        };
    }

    /// <summary>Maps the <c>ErrorCode</c> of a status callback (kept as written when it is not numeric).</summary>
    /// <param name="code">The code.</param>
    /// <param name="message">The masked message.</param>
    /// <param name="toUserId">Whether the recipient is known only by a business-scoped user ID.</param>
    public static ProviderError FromCallback(string code, string? message, bool toUserId = false)
    {
        if (int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return Map(value, message, null, null, toUserId);
        }

        return new ProviderError(ProviderErrorKind.Unknown, code, message);
    }

    /// <summary>Reads Retry-After (delta seconds or an HTTP date) as a delay from now.</summary>
    public static TimeSpan? RetryAfter(HttpResponseHeaders headers, TimeProvider timeProvider)
    {
        if (headers.RetryAfter is not { } value)
        {
            return null;
        }

        if (value.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (value.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
