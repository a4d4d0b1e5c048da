using WaCompliance.Messaging;
using WaCompliance.Templates;

namespace WaCompliance.Policy.Rules;

/// <summary>WA-TPL-CATEGORY: the template's (latest) category fits the declared purpose; marketing is never sent as utility.</summary>
internal sealed class TemplateCategoryRule : IComplianceRule
{
    public RuleDescriptor Descriptor { get; } = new(
        "WA-TPL-CATEGORY", RulePacks.WhatsApp,
        "A marketing template may only go as marketing, an authentication template only as authentication, and an authentication purpose needs an authentication template.",
        [ViolationCodes.TemplateCategoryMismatch],
        "https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/template_category_update");

    public void Evaluate(EvaluationContext context, ref ViolationSet violations)
    {
        if (context.Template is not { } template)
        {
            return;
        }

        var purpose = context.Message.Purpose;
        var fits = template.Category switch
        {
            TemplateCategory.Marketing => purpose == MessagePurpose.Marketing,
            TemplateCategory.Authentication => purpose == MessagePurpose.Authentication,
            _ => purpose != MessagePurpose.Authentication,
        };
        if (!fits)
        {
            violations.Block(Descriptor, ViolationCodes.TemplateCategoryMismatch,
                $"Template '{template.Name}' is a {template.Category.ToString().ToUpperInvariant()} template but the message is declared {purpose}.");
        }
    }
}
