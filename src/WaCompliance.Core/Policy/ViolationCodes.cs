namespace WaCompliance.Policy;

/// <summary>The stable violation codes. They never change meaning once published.</summary>
public static class ViolationCodes
{
    /// <summary>The recipient is neither a valid phone number (of any line type) nor a business-scoped user ID.</summary>
    public const string NumberInvalid = "NUMBER_INVALID";

    /// <summary>No gateway holds the sender number, or several senders exist and none was given.</summary>
    public const string SenderUnknown = "SENDER_UNKNOWN";

    /// <summary>The person opted out of this purpose or of everything.</summary>
    public const string OptedOut = "OPTED_OUT";

    /// <summary>The person is on the suppression list (an imported opt-out, a do-not-contact list, an operator).</summary>
    public const string Suppressed = "SUPPRESSED";

    /// <summary>The person's data was erased; they are never messaged again.</summary>
    public const string Erased = "ERASED";

    /// <summary>
    /// The number's line type (fixed line, toll-free, unknown…) is not one usually on WhatsApp and nothing shows this
    /// number is: no inbound message, no reply on WhatsApp, no user ID WhatsApp reported with it. A warning, or a
    /// block with <c>Policy:BlockUnverifiedLineTypes</c>.
    /// </summary>
    public const string LineTypeUnverified = "NUMBER_LINE_TYPE_UNVERIFIED";

    /// <summary>The number has no WhatsApp account.</summary>
    public const string NotOnWhatsApp = "NOT_ON_WHATSAPP";

    /// <summary>WhatsApp withheld marketing for this person recently (131049): back off.</summary>
    public const string MarketingBackoff = "MARKETING_BACKOFF";

    /// <summary>No recorded opt-in for the purpose.</summary>
    public const string ConsentMissing = "CONSENT_MISSING";

    /// <summary>The opt-in expired (e.g. CASL implied consent).</summary>
    public const string ConsentExpired = "CONSENT_EXPIRED";

    /// <summary>The opt-in names another business.</summary>
    public const string ConsentOtherBusiness = "CONSENT_OTHER_BUSINESS";

    /// <summary>GDPR/UK: the consent record does not show what the person was told.</summary>
    public const string ConsentNotDemonstrable = "CONSENT_NOT_DEMONSTRABLE";

    /// <summary>The kind of consent recorded is not valid for this message where the person is (e.g. deemed consent in Australia).</summary>
    public const string ConsentTypeNotAccepted = "CONSENT_TYPE_NOT_ACCEPTED";

    /// <summary>The PECR/ePrivacy soft opt-in is relied on but not enabled.</summary>
    public const string SoftOptInNotAllowed = "SOFT_OPT_IN_NOT_ALLOWED";

    /// <summary>TCPA (conservative): US marketing needs prior express written consent.</summary>
    public const string ConsentNotWritten = "CONSENT_NOT_WRITTEN";

    /// <summary>CASL: implied consent must carry its expiry (2 years or 6 months).</summary>
    public const string ImpliedConsentWithoutExpiry = "IMPLIED_CONSENT_WITHOUT_EXPIRY";

    /// <summary>A consent request to someone who opted out (ICO: never ask suppressed people to opt back in).</summary>
    public const string ConsentRequestToOptedOut = "CONSENT_REQUEST_TO_OPTED_OUT";

    /// <summary>CCPA: do not ask a consumer to opt back in within 12 months of opting out.</summary>
    public const string ReOptInTooSoon = "REOPT_IN_TOO_SOON";

    /// <summary>CASL: a consent request may only go to someone with implied consent.</summary>
    public const string ConsentRequestNotAllowed = "CONSENT_REQUEST_NOT_ALLOWED";

    /// <summary>The opt-out confirmation is not allowed now (already sent, too late, or with marketing content).</summary>
    public const string OptOutConfirmationNotAllowed = "OPT_OUT_CONFIRMATION_NOT_ALLOWED";

    /// <summary>Free-form content outside the 24-hour customer service window: an approved template is required.</summary>
    public const string WindowClosedTemplateRequired = "WINDOW_CLOSED_TEMPLATE_REQUIRED";

    /// <summary>The template is not in the catalog for that language.</summary>
    public const string TemplateNotFound = "TEMPLATE_NOT_FOUND";

    /// <summary>The template is not APPROVED (pending, paused, disabled, rejected ...).</summary>
    public const string TemplateNotApproved = "TEMPLATE_NOT_APPROVED";

    /// <summary>The template's category does not fit the declared purpose (marketing never sent as utility).</summary>
    public const string TemplateCategoryMismatch = "TEMPLATE_CATEGORY_MISMATCH";

    /// <summary>The template parameters do not fit the template.</summary>
    public const string TemplateParametersInvalid = "TEMPLATE_PARAMETERS_INVALID";

    /// <summary>The template's quality rating is low (red): a warning.</summary>
    public const string TemplateQualityLow = "TEMPLATE_QUALITY_LOW";

    /// <summary>Meta does not deliver marketing templates to US numbers (since 2025-04-01).</summary>
    public const string UsMarketingPaused = "US_MARKETING_PAUSED";

    /// <summary>Outside the recipient's allowed local sending hours.</summary>
    public const string QuietHours = "QUIET_HOURS";

    /// <summary>The recipient's time zone is unknown, so time-of-day rules cannot be met.</summary>
    public const string TimeZoneUnknown = "TIME_ZONE_UNKNOWN";

    /// <summary>Too many messages to this person in the period.</summary>
    public const string FrequencyCap = "FREQUENCY_CAP";

    /// <summary>Too soon after the last message to this person from this number (pair rate).</summary>
    public const string PairRate = "PAIR_RATE";

    /// <summary>The same message to the same person again (same idempotency key in a campaign, or same content within the duplicate window).</summary>
    public const string Duplicate = "DUPLICATE";

    /// <summary>The content falls in a category WhatsApp prohibits.</summary>
    public const string ContentProhibited = "CONTENT_PROHIBITED";

    /// <summary>The content falls in a category that needs review (regulated or restricted).</summary>
    public const string ContentReview = "CONTENT_REVIEW";

    /// <summary>A commercial message lacks an unsubscribe instruction (Spam Act, UEMA, CASL, PECR soft opt-in).</summary>
    public const string UnsubscribeNoticeMissing = "UNSUBSCRIBE_NOTICE_MISSING";

    /// <summary>The sender reached its messaging limit tier of unique people in 24 hours.</summary>
    public const string MessagingLimit = "MESSAGING_LIMIT";

    /// <summary>
    /// The message cannot go to a business-scoped user ID: authentication templates (one-tap, zero-tap, copy-code) need a
    /// phone number, and Meta refuses them with 131062. Blocked before the call; 131062 from a provider maps to it too.
    /// </summary>
    public const string UserIdNotSupported = "USER_ID_NOT_SUPPORTED";

    /// <summary>
    /// Warning: the person is known only by a business-scoped user ID, whose country prefix is not a jurisdiction; rules
    /// that need a country, state or time zone applied the strictest setting (or a linked number's or an override's).
    /// </summary>
    public const string JurisdictionAssumed = "JURISDICTION_ASSUMED";
}
