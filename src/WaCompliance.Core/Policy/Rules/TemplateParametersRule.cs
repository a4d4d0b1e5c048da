using WaCompliance.Messaging;
using WaCompliance.Templates;

namespace WaCompliance.Policy.Rules;

/// <summary>WA-TPL-PARAM-VALUE: the send-time parameters fit the catalog template (count, named or positional, no newline or tab, length).</summary>
internal sealed class TemplateParametersRule : IComplianceRule
{
    public RuleDescriptor Descriptor { get; } = new(
        "WA-TPL-PARAM-VALUE", RulePacks.WhatsApp,
        "Template parameters must match the template: the right count, named or positional as defined, no newline or tab, within length limits.",
        [ViolationCodes.TemplateParametersInvalid],
        "https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/components");

    public void Evaluate(EvaluationContext context, ref ViolationSet violations)
    {
        if (context.Template is not { } template || context.Message.Content is not TemplateContent content)
        {
            return;
        }

        var issues = TemplateLinter.CheckParameters(template, content.Parameters);
        string? codes = null;
        foreach (var issue in issues)
        {
            if (issue.Severity == TemplateLintSeverity.Error)
            {
                codes = codes is null ? issue.Code : $"{codes}, {issue.Code}";
            }
        }

        if (codes is not null)
        {
            violations.Block(Descriptor, ViolationCodes.TemplateParametersInvalid,
                $"The parameters do not fit template '{template.Name}': {codes}.");
        }
    }
}
