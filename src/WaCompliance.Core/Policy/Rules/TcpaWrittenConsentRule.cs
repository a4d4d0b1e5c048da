using WaCompliance.Consent;

namespace WaCompliance.Policy.Rules;

/// <summary>US-TCPA-PEWC: marketing to US numbers rests on prior express written consent (the conservative reading for WhatsApp).</summary>
internal sealed class TcpaWrittenConsentRule : IComplianceRule
{
    public RuleDescriptor Descriptor { get; } = new(
        "US-TCPA-PEWC", RulePacks.Tcpa,
        "Marketing to US numbers needs prior express written consent (signed, naming the seller), recorded as express written consent.",
        [ViolationCodes.ConsentNotWritten],
        "47 CFR 64.1200(a)(2), (f)(9); https://www.ecfr.gov/current/title-47/chapter-I/subchapter-B/part-64/subpart-L/section-64.1200")
    {
        Parameters = [new RuleParameter("Policy:RequireWrittenConsentForUnitedStatesMarketing", "true")],
    };

    public void Evaluate(EvaluationContext context, ref ViolationSet violations)
    {
        if (context.IsMarketing
            && context.Jurisdiction.IsUnitedStates
            && context.ConsentState.IsOptedIn
            && context.ConsentState.Record!.ConsentType != ConsentType.ExpressWritten)
        {
            violations.Block(Descriptor, ViolationCodes.ConsentNotWritten,
                "Marketing to a US number needs prior express written consent; the record holds another kind.");
        }
    }
}
