namespace WaCompliance.Policy;

/// <summary>
/// The policy's switches and parameters (configuration section <c>WhatsAppCompliance:Policy</c>). Defaults follow the
/// reference rules; every value is a default to review, not a legal conclusion.
/// </summary>
public sealed class CompliancePolicyOptions
{
    /// <summary>The rule packs in force (all by default).</summary>
    public RulePacks Packs { get; set; } = RulePacks.All;

    /// <summary>Other business names an opt-in may name and still count (brands of the same controller).</summary>
    public string[]? AdditionalBusinessNames { get; set; }

    /// <summary>Block marketing templates to US numbers, which Meta does not deliver since 2025-04-01 (on).</summary>
    public bool BlockMarketingToUnitedStates { get; set; } = true;

    /// <summary>Require prior express written consent (PEWC) for marketing to US numbers (on: the conservative reading of the TCPA).</summary>
    public bool RequireWrittenConsentForUnitedStatesMarketing { get; set; } = true;

    /// <summary>Accept the PECR/ePrivacy soft opt-in as a basis for marketing to EU/EEA/UK numbers (off).</summary>
    public bool AllowSoftOptIn { get; set; }

    /// <summary>Local sending hours for marketing.</summary>
    public QuietHoursOptions QuietHours { get; set; } = new();

    /// <summary>The "3 per 24 hours on the same subject" cap of Florida, Oklahoma and Maryland, and where it applies.</summary>
    public StateFrequencyCapOptions StateFrequencyCap { get; set; } = new();

    /// <summary>The application's own caps per purpose, e.g. at most 4 marketing messages per 7 days.</summary>
    public FrequencyCapOptions[]? FrequencyCaps { get; set; }

    /// <summary>
    /// The sender's messaging limit tier: unique people reached with business-initiated messages in a rolling 24
    /// hours (250, 2,000, 10,000, 100,000; <see langword="null"/> for unlimited). 250 until configured.
    /// </summary>
    public int? MessagingLimit { get; set; } = 250;

    /// <summary>When the messaging limit is reached, how long to defer before trying again.</summary>
    public TimeSpan MessagingLimitRetry { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The same content to the same person within this period is a duplicate (24 hours; zero turns the check off).</summary>
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The least interval between two messages from one business number to one person (6 seconds).</summary>
    public TimeSpan PairRateInterval { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>How long to hold marketing to a person after WhatsApp withheld one for their marketing limit (131049).</summary>
    public TimeSpan MarketingBackoff { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a number reported as not on WhatsApp stays suppressed before it may be tried again.</summary>
    public TimeSpan NotOnWhatsAppRecheck { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long after an opt-out the single confirmation may be sent (5 minutes: FCC's presumption).</summary>
    public TimeSpan OptOutConfirmationWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>What to do with phrases that probably revoke consent ("don't message me"): record an opt-out (default) or only report them.</summary>
    public ProbableRevocationHandling ProbableRevocation { get; set; } = ProbableRevocationHandling.TreatAsOptOut;

    /// <summary>
    /// The region whose law applies to a person known only by a business-scoped user ID (no linked number, no
    /// override), for example <c>BR</c> for a business that serves only Brazil. <see langword="null"/> (the default)
    /// applies the strictest setting: every jurisdiction's consent rules at once, and no known time zone. Either way
    /// the decision carries the <c>JURISDICTION_ASSUMED</c> warning.
    /// </summary>
    public string? UserIdJurisdiction { get; set; }

    /// <summary>
    /// Whether a send to a number whose line type is not usually on WhatsApp (see
    /// <c>WhatsAppCompliance:AcceptedNumberTypes</c>), with no evidence that it is, is blocked rather than allowed with
    /// the <c>NUMBER_LINE_TYPE_UNVERIFIED</c> warning (the default). Evidence: an inbound message from the number to
    /// the sender, a consent given on WhatsApp, or a user ID WhatsApp reported with the number.
    /// </summary>
    public bool BlockUnverifiedLineTypes { get; set; }

    /// <summary>What content in a review category does: block the message (default) or only warn.</summary>
    public ReviewContentAction ReviewContent { get; set; } = ReviewContentAction.Block;
}

/// <summary>What to do with a free-text message that probably means "stop".</summary>
public enum ProbableRevocationHandling
{
    /// <summary>Record an opt-out from everything (the conservative reading of the FCC's reasonable-means rule).</summary>
    TreatAsOptOut = 0,

    /// <summary>Only report it in the processing result for a person to act on.</summary>
    Report,
}

/// <summary>What content flagged for review does to a message.</summary>
public enum ReviewContentAction
{
    /// <summary>Block the message.</summary>
    Block = 0,

    /// <summary>Allow it with a warning on the decision.</summary>
    Warn,
}

/// <summary>A frequency cap of the application's own.</summary>
public sealed class FrequencyCapOptions
{
    /// <summary>The purpose it caps: <c>marketing</c>, <c>utility</c>, <c>authentication</c> or an own purpose.</summary>
    public string Purpose { get; set; } = "marketing";

    /// <summary>At most this many messages ...</summary>
    public int Max { get; set; } = 1;

    /// <summary>... in any period this long.</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromDays(1);
}

/// <summary>The state "3 calls or texts per 24 hours on the same subject" cap.</summary>
public sealed class StateFrequencyCapOptions
{
    /// <summary>At most this many marketing messages on one subject (3).</summary>
    public int Max { get; set; } = 3;

    /// <summary>In any period this long (24 hours).</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Where it applies (ISO 3166-2): Florida, Oklahoma, Maryland.</summary>
    public string[]? Subdivisions { get; set; }

    internal IReadOnlyList<string> EffectiveSubdivisions => Subdivisions is { Length: > 0 } list ? list : ["US-FL", "US-OK", "US-MD"];
}
