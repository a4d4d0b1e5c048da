using WaCompliance.Consent;

namespace WaCompliance.Policy.Rules;

/// <summary>AU-SPAM-CONSENT: commercial messages to Australian numbers need express or inferred consent.</summary>
internal sealed class AustraliaConsentRule : IComplianceRule
{
    public RuleDescriptor Descriptor { get; } = new(
        "AU-SPAM-CONSENT", RulePacks.Australia,
        "Marketing to Australian numbers needs express or inferred consent; deemed consent (a New Zealand notion) is not enough.",
        [ViolationCodes.ConsentTypeNotAccepted],
        "Spam Act 2003 (Cth) s. 16, sch. 2; http://classic.austlii.edu.au/au/legis/cth/consol_act/sa200366/sch2.html");

    public void Evaluate(EvaluationContext context, ref ViolationSet violations)
    {
        if (context.IsMarketing
            && context.Jurisdiction.Covers("AU")
            && context.ConsentState.IsOptedIn
            && context.ConsentState.Record!.ConsentType == ConsentType.Deemed)
        {
            violations.Block(Descriptor, ViolationCodes.ConsentTypeNotAccepted,
                "The Spam Act recognises express and inferred consent; the record holds deemed consent.");
        }
    }
}
