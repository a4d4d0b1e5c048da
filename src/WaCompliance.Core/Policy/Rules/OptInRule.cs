using WaCompliance.Consent;

namespace WaCompliance.Policy.Rules;

/// <summary>
/// WA-OPTIN-REQ: a business-initiated message needs a recorded opt-in for its purpose that names the business;
/// marketing needs marketing consent even inside the window; a reply to the person's own request needs none.
/// </summary>
internal sealed class OptInRule : IComplianceRule
{
    private readonly HashSet<string> _businessNames;

    public OptInRule(WhatsAppComplianceOptions options)
    {
        _businessNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { options.BusinessName.Trim() };
        foreach (var name in options.Policy.AdditionalBusinessNames ?? [])
        {
            _businessNames.Add(name.Trim());
        }

        Descriptor = new RuleDescriptor(
            "WA-OPTIN-REQ", RulePacks.WhatsApp,
            "Templates outside the window need an opt-in for their purpose naming the business; marketing always needs marketing consent; replies inside the window need none.",
            [ViolationCodes.ConsentMissing, ViolationCodes.ConsentExpired, ViolationCodes.ConsentOtherBusiness],
            "https://developers.facebook.com/docs/whatsapp/overview/getting-opt-in")
        {
            Parameters =
            [
                new RuleParameter("BusinessName", options.BusinessName),
                new RuleParameter("Policy:AdditionalBusinessNames", string.Join(", ", options.Policy.AdditionalBusinessNames ?? [])),
            ],
        };
    }

    public RuleDescriptor Descriptor { get; }

    public void Evaluate(EvaluationContext context, ref ViolationSet violations)
    {
        if (context.ConsentPurpose is not { } purpose || !(context.IsBusinessInitiated || context.IsMarketing))
        {
            return;
        }

        var state = context.ConsentState;
        switch (state.Status)
        {
            case ConsentStatus.None:
                violations.Block(Descriptor, ViolationCodes.ConsentMissing, $"No opt-in for {purpose} messages is recorded for this person.");
                break;
            case ConsentStatus.Expired:
                violations.Block(Descriptor, ViolationCodes.ConsentExpired,
                    $"The opt-in for {purpose} messages expired on {state.Record!.ExpiresAt:yyyy-MM-dd}.");
                break;
            case ConsentStatus.OptedIn when state.Record!.BusinessName is { } named && !_businessNames.Contains(named.Trim()):
                violations.Block(Descriptor, ViolationCodes.ConsentOtherBusiness,
                    "The opt-in names another business; WhatsApp requires it to name the business sending.");
                break;
        }
    }
}
