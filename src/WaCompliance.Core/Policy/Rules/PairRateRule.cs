namespace WaCompliance.Policy.Rules;

/// <summary>WA-PAIR-RATE: one business number sends to one person at most once per pair-rate interval (error 131056 otherwise).</summary>
internal sealed class PairRateRule : IComplianceRule
{
    public PairRateRule(CompliancePolicyOptions options)
    {
        Descriptor = new RuleDescriptor(
            "WA-PAIR-RATE", RulePacks.WhatsApp,
            "Messages from one business number to one person are spaced by the pair-rate interval; a faster one is deferred.",
            [ViolationCodes.PairRate],
            "https://dev.to/wapgrowai_org/whatsapp-cloud-api-rate-limits-in-practice-throughput-pair-rate-messaging-limits-and-error-codes-1i7k (error 131056)")
        {
            Parameters = [new RuleParameter("Policy:PairRateInterval", options.PairRateInterval.ToString())],
        };
    }

    public RuleDescriptor Descriptor { get; }

    public void Evaluate(EvaluationContext context, ref ViolationSet violations)
    {
        var interval = context.Options.PairRateInterval;
        if (interval <= TimeSpan.Zero || context.Sender.IsEmpty)
        {
            return;
        }

        var recent = context.RecentMessages;
        for (var i = recent.Count - 1; i >= 0; i--)
        {
            var entry = recent[i];
            if (entry.SentAt <= context.Now - interval)
            {
                return;
            }

            if (entry.Sender == context.Sender && entry.SentAt <= context.Now)
            {
                violations.Defer(Descriptor, ViolationCodes.PairRate,
                    $"The last message from this number to this person went less than {interval.TotalSeconds:0} seconds ago.",
                    entry.SentAt + interval);
                return;
            }
        }
    }
}
