using WaCompliance.Gateways;

namespace WaCompliance.Providers.MessageBird.Errors;

/// <summary>
/// Bird's error codes, names and types (providers.md §5c and §8.3) and the legacy MessageBird REST error codes
/// (messagebird/csharp-rest-api <c>Objects/Error.cs</c>: 2, 9, 10, 20, 25, 98, 99; 21 from the other official SDKs).
/// </summary>
internal static class BirdErrorCodes
{
    private static readonly Dictionary<string, ProviderErrorKind> s_codes = new(StringComparer.OrdinalIgnoreCase)
    {
        // Message-level codes (last_error.code) and error types.
        ["rate_limited"] = ProviderErrorKind.RateLimited,
        ["rate_limit_error"] = ProviderErrorKind.RateLimited,
        ["service_window_expired"] = ProviderErrorKind.OutsideWindow,
        ["recipient_suppressed"] = ProviderErrorKind.OptedOut,
        ["undeliverable"] = ProviderErrorKind.RecipientInvalid,
        ["invalid_recipient"] = ProviderErrorKind.RecipientInvalid,
        ["insufficient_balance"] = ProviderErrorKind.Billing,
        ["billing_error"] = ProviderErrorKind.Billing,
        ["internal_error"] = ProviderErrorKind.Transient,
        ["service_unavailable_error"] = ProviderErrorKind.Transient,
        ["auth_error"] = ProviderErrorKind.AuthFailed,
        ["permission_error"] = ProviderErrorKind.AuthFailed,
        ["authentication_failed"] = ProviderErrorKind.AuthFailed,
        ["permission_denied"] = ProviderErrorKind.AuthFailed,
        ["price_not_found"] = ProviderErrorKind.InvalidRequest,
        ["bad_request_error"] = ProviderErrorKind.InvalidRequest,
        ["validation_error"] = ProviderErrorKind.InvalidRequest,
        ["not_found_error"] = ProviderErrorKind.InvalidRequest,
        ["conflict_error"] = ProviderErrorKind.InvalidRequest,
        ["precondition_error"] = ProviderErrorKind.InvalidRequest,
        ["invalid_request"] = ProviderErrorKind.InvalidRequest,
        ["missing_required_field"] = ProviderErrorKind.InvalidRequest,

        // Specific 422 error names.
        ["WhatsAppInvalidRecipient"] = ProviderErrorKind.RecipientInvalid,
        ["WhatsAppTemplateParameterMismatch"] = ProviderErrorKind.TemplateParameterMismatch,
    };

    /// <summary>Whether a code, name or type is one of Bird's; the specific name wins over the generic type.</summary>
    public static bool TryMap(string? code, out ProviderErrorKind kind)
    {
        kind = ProviderErrorKind.Unknown;
        return code is not null && s_codes.TryGetValue(code, out kind);
    }

    /// <summary>A legacy MessageBird REST error code (<c>{"errors":[{"code":25,…}]}</c>).</summary>
    public static bool TryMapLegacy(long code, out ProviderErrorKind kind)
    {
        kind = code switch
        {
            2 => ProviderErrorKind.AuthFailed,
            9 or 10 or 20 or 21 or 98 => ProviderErrorKind.InvalidRequest,
            25 => ProviderErrorKind.Billing,
            99 => ProviderErrorKind.Transient,
            _ => ProviderErrorKind.Unknown,
        };
        return kind != ProviderErrorKind.Unknown;
    }

    /// <summary>The kind an HTTP status alone implies.</summary>
    public static ProviderErrorKind FromHttpStatus(int status) => status switch
    {
        429 => ProviderErrorKind.RateLimited,
        401 or 403 => ProviderErrorKind.AuthFailed,
        402 => ProviderErrorKind.Billing,
        408 => ProviderErrorKind.Transient,
        >= 500 => ProviderErrorKind.Transient,
        400 or 404 or 405 or 409 or 413 or 415 or 422 => ProviderErrorKind.InvalidRequest,
        _ => ProviderErrorKind.Unknown,
    };
}
