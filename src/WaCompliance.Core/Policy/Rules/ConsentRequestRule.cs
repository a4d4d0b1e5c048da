using WaCompliance.Consent;

namespace WaCompliance.Policy.Rules;

/// <summary>
/// UK-ICO-SUPPRESS, US-CA-REOPTIN and CA-CASL-CONSENT for messages that ask for consent: no asking opted-out people
/// in the EU/EEA/UK, none within 12 months of an opt-out in California, and under CASL only with implied consent.
/// </summary>
internal sealed class ConsentRequestRule : IComplianceRule
{
    private static readonly TimeSpan s_ccpaWait = TimeSpan.FromDays(365);
    private readonly RulePacks _packs;
    private readonly RuleDescriptor _ccpa = new(
        "US-CA-REOPTIN", RulePacks.Ccpa,
        "No request to opt back in within 12 months of a California consumer's opt-out.",
        [ViolationCodes.ReOptInTooSoon], "11 CCR §7026(k); https://www.law.cornell.edu/regulations/california/11-CCR-7026");

    private readonly RuleDescriptor _casl = new(
        "CA-CASL-REQUEST", RulePacks.Casl,
        "A message asking for consent is itself a commercial message: it needs existing (implied) consent.",
        [ViolationCodes.ConsentRequestNotAllowed], "CRTC guidance on CASL, https://crtc.gc.ca/eng/com500/guide.htm");

    public ConsentRequestRule(CompliancePolicyOptions options)
    {
        _packs = options.Packs;
    }

    public RuleDescriptor Descriptor { get; } = new(
        "UK-ICO-SUPPRESS", RulePacks.Gdpr,
        "No message asking an opted-out or suppressed person in the EU/EEA/UK to opt back in.",
        [ViolationCodes.ConsentRequestToOptedOut, ViolationCodes.ReOptInTooSoon, ViolationCodes.ConsentRequestNotAllowed],
        "https://ico.org.uk/for-organisations/direct-marketing-and-privacy-and-electronic-communications/direct-marketing-guidance/respect-peoples-preferences/");

    public void Evaluate(EvaluationContext context, ref ViolationSet violations)
    {
        if (!context.Message.RequestsConsent)
        {
            return;
        }

        var jurisdiction = context.Jurisdiction;
        var latestOptOut = LatestOptOut(context);
        if (_packs.HasFlag(RulePacks.Gdpr) && jurisdiction.IsEeaOrUnitedKingdom && (latestOptOut is not null || context.Suppression is not null))
        {
            violations.Block(Descriptor, ViolationCodes.ConsentRequestToOptedOut,
                "The person opted out or is suppressed; asking them to opt back in is itself direct marketing they refused.");
        }

        if (_packs.HasFlag(RulePacks.Ccpa) && jurisdiction.Subdivision == "US-CA" && latestOptOut is not null
            && context.Now - latestOptOut.CapturedAt < s_ccpaWait)
        {
            violations.Block(_ccpa, ViolationCodes.ReOptInTooSoon,
                $"The consumer opted out on {latestOptOut.CapturedAt:yyyy-MM-dd}; a request to opt back in must wait 12 months.");
        }

        if (_packs.HasFlag(RulePacks.Casl) && jurisdiction.Covers("CA") && context.ConsentState.Status == ConsentStatus.None)
        {
            violations.Block(_casl, ViolationCodes.ConsentRequestNotAllowed,
                "Under CASL a message asking for consent needs existing implied consent; none is recorded.");
        }
    }

    private static ConsentRecord? LatestOptOut(EvaluationContext context)
    {
        ConsentRecord? latest = null;
        foreach (var purpose in context.Consent.Purposes)
        {
            var record = context.Consent.GetState(purpose, context.Now).Record;
            if (record?.Action == ConsentAction.OptOut && (latest is null || record.CapturedAt > latest.CapturedAt))
            {
                latest = record;
            }
        }

        return latest;
    }
}
