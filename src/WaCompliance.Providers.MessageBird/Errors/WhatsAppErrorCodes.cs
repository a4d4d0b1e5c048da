using WaCompliance.Gateways;

namespace WaCompliance.Providers.MessageBird.Errors;

/// <summary>
/// Meta's WhatsApp error codes (providers.md §3.2 and §8.3), as Bird embeds them (<c>meta_error_code</c>, a
/// <c>failure.source.code</c> whose source is <c>whatsapp</c>) and as the legacy Conversations API reports them in
/// <c>message.error.code</c> (131062: "Business-scoped User ID recipients are not supported for this message",
/// identities.md §4), plus the On-Premises codes that API still reported (470, 471, 1013, 1026).
/// </summary>
internal static class WhatsAppErrorCodes
{
    public static bool TryMap(long code, out ProviderErrorKind kind)
    {
        kind = code switch
        {
            0 or 190 => ProviderErrorKind.AuthFailed,
            3 or 10 or (>= 200 and <= 299) => ProviderErrorKind.AuthFailed,
            4 or 80007 or 130429 or 131056 => ProviderErrorKind.RateLimited,
            131048 => ProviderErrorKind.SpamQuality,
            368 or 131031 => ProviderErrorKind.AccountBlocked,
            100 or 131008 or 131009 or 131051 or 131052 or 131053 => ProviderErrorKind.InvalidRequest,
            131026 or 131030 => ProviderErrorKind.RecipientInvalid,
            131047 => ProviderErrorKind.OutsideWindow,
            131049 or 130472 => ProviderErrorKind.MarketingLimit,
            131050 => ProviderErrorKind.OptedOut,
            131062 => ProviderErrorKind.UserIdNotSupported,
            131042 => ProviderErrorKind.Billing,
            132000 or 132012 => ProviderErrorKind.TemplateParameterMismatch,
            132001 => ProviderErrorKind.TemplateNotFound,
            132005 or 132007 or 132068 or 132069 => ProviderErrorKind.InvalidRequest,
            132015 => ProviderErrorKind.TemplatePaused,
            132016 => ProviderErrorKind.TemplateDisabled,
            131000 or 1 or 2 or 131016 => ProviderErrorKind.Transient,

            // WhatsApp On-Premises API codes, still seen through the legacy Conversations API.
            470 => ProviderErrorKind.OutsideWindow,
            471 => ProviderErrorKind.SpamQuality,
            1013 or 1026 => ProviderErrorKind.RecipientInvalid,
            _ => ProviderErrorKind.Unknown,
        };
        return kind != ProviderErrorKind.Unknown;
    }
}
