using WaCompliance.Consent;

namespace WaCompliance.Policy.Rules;

/// <summary>
/// EU-GDPR-ART7, EU-EPR-13, UK-PECR-22/SOFT: marketing to EU/EEA/UK numbers rests on demonstrable, express consent
/// (what the person was told is on record) or, where enabled, the soft opt-in.
/// </summary>
internal sealed class GdprConsentRule : IComplianceRule
{
    public GdprConsentRule(CompliancePolicyOptions options)
    {
        Descriptor = new RuleDescriptor(
            "EU-GDPR-ART7", RulePacks.Gdpr,
            "Marketing to EU/EEA/UK numbers needs express consent whose record shows the wording or notice version the person saw, or the soft opt-in where enabled.",
            [ViolationCodes.ConsentNotDemonstrable, ViolationCodes.ConsentTypeNotAccepted, ViolationCodes.SoftOptInNotAllowed],
            "GDPR Art. 7(1), https://eur-lex.europa.eu/eli/reg/2016/679/oj; ePrivacy Dir. Art. 13; UK PECR reg. 22")
        {
            Parameters = [new RuleParameter("Policy:AllowSoftOptIn", options.AllowSoftOptIn ? "true" : "false")],
        };
    }

    public RuleDescriptor Descriptor { get; }

    public void Evaluate(EvaluationContext context, ref ViolationSet violations)
    {
        if (!context.IsMarketing || !context.Jurisdiction.IsEeaOrUnitedKingdom || !context.ConsentState.IsOptedIn)
        {
            return;
        }

        var record = context.ConsentState.Record!;
        if (record.LawfulBasis == LawfulBasis.SoftOptIn)
        {
            if (!context.Options.AllowSoftOptIn)
            {
                violations.Block(Descriptor with { Id = "UK-PECR-SOFT" }, ViolationCodes.SoftOptInNotAllowed,
                    "The consent rests on the soft opt-in, which is not enabled (Policy:AllowSoftOptIn).");
            }

            return;
        }

        if (record.ConsentType is not (ConsentType.Express or ConsentType.ExpressWritten))
        {
            violations.Block(Descriptor, ViolationCodes.ConsentTypeNotAccepted,
                $"GDPR consent must be express; the record holds {ConsentNames.Of(record.ConsentType)} consent.");
        }
        else if (record.Wording is null && record.WordingVersion is null)
        {
            violations.Block(Descriptor, ViolationCodes.ConsentNotDemonstrable,
                "The consent record does not show what the person was told (wording or its version), so it cannot be demonstrated.");
        }
    }
}
