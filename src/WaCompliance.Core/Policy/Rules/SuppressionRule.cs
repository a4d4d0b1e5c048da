using WaCompliance.Suppression;

namespace WaCompliance.Policy.Rules;

/// <summary>WA-SUPPRESSION (the suppression list side of WA-OPTOUT-HONOR) and WA-PERUSER-MKT: suppressed people are not messaged; a provider backoff defers.</summary>
internal sealed class SuppressionRule : IComplianceRule
{
    private static readonly RuleDescriptor s_backoff = new(
        "WA-PERUSER-MKT", RulePacks.WhatsApp,
        "After WhatsApp withheld a marketing message for a person's marketing limit (131049), hold marketing to them for the backoff.",
        [ViolationCodes.MarketingBackoff], "https://github.com/braze-inc/braze-docs (WhatsApp per-user marketing limits)");

    public SuppressionRule(CompliancePolicyOptions options)
    {
        Descriptor = new RuleDescriptor(
            "WA-SUPPRESSION", RulePacks.WhatsApp,
            "No message to a person on the suppression list: opted out elsewhere, on a do-not-contact list, suppressed by an operator, erased, or not on WhatsApp.",
            [ViolationCodes.Suppressed, ViolationCodes.Erased, ViolationCodes.NotOnWhatsApp, ViolationCodes.MarketingBackoff],
            "WhatsApp Business Messaging Policy, https://business.whatsapp.com/policy; ICO direct marketing guidance (suppression lists)")
        {
            Parameters =
            [
                new RuleParameter("Policy:MarketingBackoff", options.MarketingBackoff.ToString()),
                new RuleParameter("Policy:NotOnWhatsAppRecheck", options.NotOnWhatsAppRecheck.ToString()),
            ],
        };
    }

    public RuleDescriptor Descriptor { get; }

    public void Evaluate(EvaluationContext context, ref ViolationSet violations)
    {
        if (context.Suppression is not { } entry)
        {
            return;
        }

        switch (entry.Reason)
        {
            case SuppressionReason.Erased:
                violations.Block(Descriptor, ViolationCodes.Erased, "The person's data was erased; they are never messaged again.");
                break;
            case SuppressionReason.NotOnWhatsApp:
                violations.Block(Descriptor, ViolationCodes.NotOnWhatsApp, "A provider reported that this number has no WhatsApp account.");
                break;
            case SuppressionReason.ProviderBackoff:
                violations.Defer(s_backoff, ViolationCodes.MarketingBackoff,
                    "WhatsApp recently withheld a marketing message for this person's marketing limit; marketing is on hold.",
                    entry.ExpiresAt ?? context.Now.Add(context.Options.MarketingBackoff));
                break;
            default:
                violations.Block(Descriptor, ViolationCodes.Suppressed,
                    $"The person is on the suppression list ({SuppressionReasonNames.Of(entry.Reason)}) for this purpose.");
                break;
        }
    }
}
