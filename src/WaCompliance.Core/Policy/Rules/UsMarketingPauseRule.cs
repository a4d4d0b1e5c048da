using WaCompliance.Messaging;
using WaCompliance.Templates;

namespace WaCompliance.Policy.Rules;

/// <summary>WA-US-MKT-PAUSE: Meta does not deliver marketing templates to US numbers since 2025-04-01.</summary>
internal sealed class UsMarketingPauseRule : IComplianceRule
{
    public RuleDescriptor Descriptor { get; } = new(
        "WA-US-MKT-PAUSE", RulePacks.WhatsApp,
        "Marketing templates are not delivered to US numbers (Meta's pause since 2025-04-01); utility, authentication and replies inside the window are unaffected.",
        [ViolationCodes.UsMarketingPaused],
        "https://help.zoho.com/portal/en/kb/marketing-automation-2-0/faqs/marketing-campaigns/whatsapp/articles/what-is-the-pause-on-whatsapp-marketing-messages-for-us-numbers")
    {
        Parameters = [new RuleParameter("Policy:BlockMarketingToUnitedStates", "true")],
    };

    public void Evaluate(EvaluationContext context, ref ViolationSet violations)
    {
        if (context.Message.Content is TemplateContent
            && (context.Template?.Category == TemplateCategory.Marketing || context.Message.Purpose == MessagePurpose.Marketing)
            && context.Jurisdiction.IsUnitedStates
            && !context.Jurisdiction.IsAssumed)
        {
            violations.Block(Descriptor, ViolationCodes.UsMarketingPaused,
                "Meta does not deliver marketing templates to US numbers (paused since 2025-04-01).");
        }
    }
}
