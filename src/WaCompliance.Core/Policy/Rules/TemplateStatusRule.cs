using WaCompliance.Messaging;
using WaCompliance.Templates;

namespace WaCompliance.Policy.Rules;

/// <summary>WA-TPL-STATUS: the template exists in the catalog for that language and is APPROVED; a red quality rating warns.</summary>
internal sealed class TemplateStatusRule : IComplianceRule
{
    public RuleDescriptor Descriptor { get; } = new(
        "WA-TPL-STATUS", RulePacks.WhatsApp,
        "A template must be in the catalog for the language and APPROVED (not pending, paused, disabled or rejected); a red quality rating is reported.",
        [ViolationCodes.TemplateNotFound, ViolationCodes.TemplateNotApproved, ViolationCodes.TemplateQualityLow],
        "https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/template-quality/");

    public void Evaluate(EvaluationContext context, ref ViolationSet violations)
    {
        if (context.Message.Content is not TemplateContent content)
        {
            return;
        }

        if (context.Template is not { } template)
        {
            violations.Block(Descriptor, ViolationCodes.TemplateNotFound,
                $"Template '{content.Name}' is not in the catalog for language '{TemplateKey.NormalizeLanguage(content.Language)}'.");
            return;
        }

        if (template.Status != TemplateStatus.Approved)
        {
            violations.Block(Descriptor, ViolationCodes.TemplateNotApproved,
                $"Template '{template.Name}' ({template.Language}) is {template.Status.ToString().ToUpperInvariant()}, not APPROVED.");
        }
        else if (template.Quality == TemplateQuality.Red)
        {
            violations.Warn(Descriptor, ViolationCodes.TemplateQualityLow,
                $"Template '{template.Name}' ({template.Language}) has a red quality rating and may soon be paused.");
        }
    }
}
