using WaCompliance.Policy.Content;
using WaCompliance.Policy.Rules;

namespace WaCompliance.Policy;

/// <summary>Creates the built-in rules of the enabled packs, in the evaluation order of rules.md §0.</summary>
internal static class BuiltInRules
{
    public static IReadOnlyList<IComplianceRule> Create(WhatsAppComplianceOptions options, IContentScreener screener)
    {
        var policy = options.Policy;
        var packs = policy.Packs;
        var rules = new List<IComplianceRule>();

        // 1. Hard suppression and opt-out.
        if (packs.HasFlag(RulePacks.WhatsApp))
        {
            rules.Add(new SuppressionRule(policy));
            rules.Add(new OptOutRule(policy));
            rules.Add(new LineTypeRule(options));
        }

        // 2. Content.
        if (packs.HasFlag(RulePacks.Content))
        {
            rules.Add(new ContentRule(screener, policy));
        }

        // 3. Consent basis for jurisdiction x purpose.
        if (packs.HasFlag(RulePacks.WhatsApp))
        {
            rules.Add(new OptInRule(options));
        }

        if (packs.HasFlag(RulePacks.Gdpr))
        {
            rules.Add(new GdprConsentRule(policy));
        }

        if (packs.HasFlag(RulePacks.Tcpa) && policy.RequireWrittenConsentForUnitedStatesMarketing)
        {
            rules.Add(new TcpaWrittenConsentRule());
        }

        if (packs.HasFlag(RulePacks.Casl))
        {
            rules.Add(new CaslConsentRule());
        }

        if (packs.HasFlag(RulePacks.Australia))
        {
            rules.Add(new AustraliaConsentRule());
        }

        if ((packs & (RulePacks.Gdpr | RulePacks.Ccpa | RulePacks.Casl)) != 0)
        {
            rules.Add(new ConsentRequestRule(policy));
        }

        if ((packs & (RulePacks.Australia | RulePacks.NewZealand | RulePacks.Casl | RulePacks.Gdpr)) != 0)
        {
            rules.Add(new UnsubscribeNoticeRule(policy));
        }

        // 4. Window and templates; 5. category/country blocks.
        if (packs.HasFlag(RulePacks.WhatsApp))
        {
            rules.Add(new WindowRule(options));
            rules.Add(new TemplateStatusRule());
            rules.Add(new TemplateCategoryRule());
            rules.Add(new TemplateParametersRule());
            if (policy.BlockMarketingToUnitedStates)
            {
                rules.Add(new UsMarketingPauseRule());
            }
        }

        // 6. Quiet hours (federal, state and the international default).
        rules.Add(new QuietHoursRule(policy));

        // 7. Frequency; 8. capacity and duplicates.
        rules.Add(new FrequencyCapRule(policy));
        if (packs.HasFlag(RulePacks.WhatsApp))
        {
            rules.Add(new PairRateRule(policy));
            rules.Add(new DuplicateRule(policy));
            rules.Add(new MessagingLimitRule(policy));
        }

        return rules;
    }
}
