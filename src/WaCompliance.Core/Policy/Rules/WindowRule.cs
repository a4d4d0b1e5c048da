namespace WaCompliance.Policy.Rules;

/// <summary>WA-CSW-OUTSIDE: free-form messages only inside 24 hours of the person's last message; otherwise an approved template.</summary>
internal sealed class WindowRule : IComplianceRule
{
    public WindowRule(WhatsAppComplianceOptions options)
    {
        Descriptor = new RuleDescriptor(
            "WA-CSW-OUTSIDE", RulePacks.WhatsApp,
            "Outside the customer service window (24 hours after the person's last message) only approved templates may be sent.",
            [ViolationCodes.WindowClosedTemplateRequired],
            "https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/send-messages")
        {
            Parameters = [new RuleParameter("CustomerServiceWindow", options.CustomerServiceWindow.ToString())],
        };
    }

    public RuleDescriptor Descriptor { get; }

    public void Evaluate(EvaluationContext context, ref ViolationSet violations)
    {
        if (context.Message.Content.IsTemplate || context.IsWindowOpen)
        {
            return;
        }

        violations.Block(Descriptor, ViolationCodes.WindowClosedTemplateRequired, context.Window is null
            ? "The person has not written to this number: only an approved template may be sent."
            : $"The customer service window closed at {context.Window.CustomerServiceWindowEndsAt:u}: only an approved template may be sent.");
    }
}
