namespace WaCompliance.Policy.Rules;

/// <summary>WA-DUPLICATE: the same content to the same person within the duplicate window is refused.</summary>
internal sealed class DuplicateRule : IComplianceRule
{
    public DuplicateRule(CompliancePolicyOptions options)
    {
        Descriptor = new RuleDescriptor(
            "WA-DUPLICATE", RulePacks.WhatsApp,
            "A message with the same content to the same person within the duplicate window, or a repeated idempotency key in one campaign, is refused.",
            [ViolationCodes.Duplicate],
            "Application safeguard (DESIGN.md: not a duplicate)")
        {
            Parameters = [new RuleParameter("Policy:DuplicateWindow", options.DuplicateWindow.ToString())],
        };
    }

    public RuleDescriptor Descriptor { get; }

    public void Evaluate(EvaluationContext context, ref ViolationSet violations)
    {
        var window = context.Options.DuplicateWindow;
        var recent = context.RecentMessages;
        if (window <= TimeSpan.Zero || recent.Count == 0)
        {
            return;
        }

        var since = context.Now - window;
        string? fingerprint = null;
        for (var i = recent.Count - 1; i >= 0; i--)
        {
            var entry = recent[i];
            if (entry.SentAt <= since)
            {
                return;
            }

            if (entry.ContentFingerprint is null)
            {
                continue;
            }

            fingerprint ??= context.ContentFingerprint();
            if (string.Equals(entry.ContentFingerprint, fingerprint, StringComparison.Ordinal))
            {
                violations.Block(Descriptor, ViolationCodes.Duplicate,
                    $"The same content went to this person at {entry.SentAt:u}, within the duplicate window of {window}.");
                return;
            }
        }
    }
}
