using WaCompliance.Consent;

namespace WaCompliance.Policy.Rules;

/// <summary>CA-CASL-CONSENT: commercial messages to Canadian numbers need express consent or implied consent with its expiry.</summary>
internal sealed class CaslConsentRule : IComplianceRule
{
    public RuleDescriptor Descriptor { get; } = new(
        "CA-CASL-CONSENT", RulePacks.Casl,
        "Marketing to Canadian numbers needs express consent, or implied consent (purchase within 2 years, inquiry within 6 months) recorded with its expiry.",
        [ViolationCodes.ConsentTypeNotAccepted, ViolationCodes.ImpliedConsentWithoutExpiry],
        "Canada's Anti-Spam Legislation s. 6, 10; https://crtc.gc.ca/eng/com500/guide.htm");

    public void Evaluate(EvaluationContext context, ref ViolationSet violations)
    {
        if (!context.IsMarketing || !context.Jurisdiction.Covers("CA") || !context.ConsentState.IsOptedIn)
        {
            return;
        }

        var record = context.ConsentState.Record!;
        switch (record.ConsentType)
        {
            case ConsentType.Inferred or ConsentType.Deemed:
                violations.Block(Descriptor, ViolationCodes.ConsentTypeNotAccepted,
                    $"CASL recognises express and implied consent; the record holds {ConsentNames.Of(record.ConsentType)} consent.");
                break;
            case ConsentType.Implied when record.ExpiresAt is null:
                violations.Block(Descriptor, ViolationCodes.ImpliedConsentWithoutExpiry,
                    "CASL implied consent lapses (2 years after a purchase, 6 months after an inquiry); record its expiry.");
                break;
        }
    }
}
