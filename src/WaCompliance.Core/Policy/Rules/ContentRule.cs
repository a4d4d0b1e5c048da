using WaCompliance.Policy.Content;

namespace WaCompliance.Policy.Rules;

/// <summary>WA-COM: what a person would read is screened for prohibited (block) and restricted (review) content.</summary>
internal sealed class ContentRule : IComplianceRule
{
    private readonly IContentScreener _screener;
    private readonly ReviewContentAction _review;

    public ContentRule(IContentScreener screener, CompliancePolicyOptions options)
    {
        _screener = screener;
        _review = options.ReviewContent;
        Descriptor = new RuleDescriptor(
            "WA-COM", RulePacks.Content,
            "Text, captions, interactive text and template parameters are screened against the WhatsApp Commerce and Business Messaging policy categories.",
            [ViolationCodes.ContentProhibited, ViolationCodes.ContentReview],
            "https://www.whatsapp.com/legal/commerce-policy; https://www.whatsapp.com/legal/business-policy")
        {
            Parameters = [new RuleParameter("Policy:ReviewContent", options.ReviewContent.ToString())],
        };
    }

    public RuleDescriptor Descriptor { get; }

    public void Evaluate(EvaluationContext context, ref ViolationSet violations)
    {
        foreach (var text in context.ReadableTextsWithoutAllocation())
        {
            var findings = _screener.Screen(text);
            for (var i = 0; i < findings.Count; i++)
            {
                var finding = findings[i];
                var code = finding.Action == ContentAction.Block ? ViolationCodes.ContentProhibited : ViolationCodes.ContentReview;
                if (violations.Contains(code))
                {
                    continue;
                }

                var message = $"The content falls under {finding.CategoryId} ({finding.CategoryName}), matched by the term '{finding.Term}'.";
                if (finding.Action == ContentAction.Review && _review == ReviewContentAction.Warn)
                {
                    violations.Warn(Descriptor, code, message);
                }
                else
                {
                    violations.Block(Descriptor, code, message);
                }
            }
        }
    }
}
