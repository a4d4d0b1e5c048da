namespace WaCompliance.Policy;

/// <summary>One rule a message breaks (or would break now).</summary>
/// <param name="RuleId">The rule, e.g. <c>US-TCPA-QH</c> (the ids of rules.md and docs/policy-rules.md).</param>
/// <param name="Code">The stable code, e.g. <c>QUIET_HOURS</c> (see <see cref="ViolationCodes"/>).</param>
/// <param name="Message">A human explanation, without the number or message text.</param>
/// <param name="Severity">Block, defer or warn.</param>
public sealed record Violation(string RuleId, string Code, string Message, ViolationSeverity Severity)
{
    /// <summary>For deferrals: the first instant the message may go.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>The legal or policy source of the rule (a citation or URL).</summary>
    public string? LegalReference { get; init; }
}
