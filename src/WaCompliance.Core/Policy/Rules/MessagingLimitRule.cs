namespace WaCompliance.Policy.Rules;

/// <summary>WA-LIMIT-TIERS: business-initiated messages reach at most the tier's unique people per rolling 24 hours per sender.</summary>
internal sealed class MessagingLimitRule : IComplianceRule
{
    private static readonly TimeSpan s_day = TimeSpan.FromHours(24);

    public MessagingLimitRule(CompliancePolicyOptions options)
    {
        Descriptor = new RuleDescriptor(
            "WA-LIMIT-TIERS", RulePacks.WhatsApp,
            "Business-initiated messages to new people stop at the messaging limit tier (unique people per rolling 24 hours) and are deferred.",
            [ViolationCodes.MessagingLimit],
            "https://developers.facebook.com/documentation/business-messaging/whatsapp/messaging-limits")
        {
            Parameters =
            [
                new RuleParameter("Policy:MessagingLimit", options.MessagingLimit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unlimited"),
                new RuleParameter("Policy:MessagingLimitRetry", options.MessagingLimitRetry.ToString()),
            ],
        };
    }

    public RuleDescriptor Descriptor { get; }

    public void Evaluate(EvaluationContext context, ref ViolationSet violations)
    {
        if (context.Options.MessagingLimit is not { } tier || !context.IsBusinessInitiated || context.Sender.IsEmpty)
        {
            return;
        }

        var since = context.Now - s_day;
        foreach (var entry in context.RecentMessages)
        {
            if (entry.BusinessInitiated && entry.SentAt > since && entry.Sender == context.Sender)
            {
                return;
            }
        }

        if (context.SenderUniqueRecipients >= tier)
        {
            violations.Defer(Descriptor, ViolationCodes.MessagingLimit,
                $"The sender reached its messaging limit of {tier} unique people in 24 hours.",
                context.Now + context.Options.MessagingLimitRetry);
        }
    }
}
