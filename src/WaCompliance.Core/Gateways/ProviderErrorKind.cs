namespace WaCompliance.Gateways;

/// <summary>
/// The common vocabulary of provider errors. Each provider maps its own codes here and keeps them beside (see
/// <see cref="ProviderError"/>); the messenger and webhook processor act on the kind.
/// </summary>
public enum ProviderErrorKind
{
    /// <summary>Not classified; the provider's code says more.</summary>
    Unknown = 0,

    /// <summary>Too many requests (HTTP 429, Meta 130429/131056, Twilio 20429/63018, 360dialog "400 endpoint rate limit"): retry after the delay.</summary>
    RateLimited,

    /// <summary>
    /// A temporary provider failure (5xx, Meta 131000/1/2/131016). Retried only when the answer says the request was
    /// not processed; after a 5xx other than 503 with Retry-After the outcome is unknown (<see cref="ProviderError.IsOutcomeUnknown"/>).
    /// </summary>
    Transient,

    /// <summary>The recipient is not a WhatsApp user or the number is invalid (Meta 131026/131030/100, Twilio 63003/63024/21211).</summary>
    RecipientInvalid,

    /// <summary>Free-form message outside the 24-hour customer service window (Meta 131047, Twilio 63016).</summary>
    OutsideWindow,

    /// <summary>WhatsApp withheld a marketing message for the recipient's marketing limit or the US pause (Meta 131049/130472, Twilio 63049/63032): back off.</summary>
    MarketingLimit,

    /// <summary>The recipient stopped marketing messages from the business (Meta 131050).</summary>
    OptedOut,

    /// <summary>Quality-based spam restriction (Meta 131048).</summary>
    SpamQuality,

    /// <summary>The template does not exist in that language (Meta 132001, Twilio 63027).</summary>
    TemplateNotFound,

    /// <summary>The template is paused (Meta 132015).</summary>
    TemplatePaused,

    /// <summary>The template is disabled (Meta 132016).</summary>
    TemplateDisabled,

    /// <summary>The parameters do not fit the template (Meta 132000/132012, Twilio 63028/21656).</summary>
    TemplateParameterMismatch,

    /// <summary>The request itself is invalid (bad field, unsupported type, media problem).</summary>
    InvalidRequest,

    /// <summary>The credentials were refused (HTTP 401/403, Twilio 20003, Meta 190).</summary>
    AuthFailed,

    /// <summary>A billing or payment problem (Meta 131042).</summary>
    Billing,

    /// <summary>The business account or number is blocked (Meta 368/131031, Twilio 63013).</summary>
    AccountBlocked,

    /// <summary>
    /// The message cannot go to a business-scoped user ID (Meta 131062: authentication templates and some other
    /// kinds need a phone number; Twilio 21211 for a <c>whatsapp:</c> user ID the account cannot send to).
    /// </summary>
    UserIdNotSupported,
}
