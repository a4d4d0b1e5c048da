namespace WaCompliance.Policy;

/// <summary>What a rule is, for documentation and audits: its id, pack, codes, parameters and legal source.</summary>
/// <param name="Id">The rule id, e.g. <c>US-TCPA-QH</c>.</param>
/// <param name="Pack">The pack it belongs to.</param>
/// <param name="Summary">What it checks, in one sentence.</param>
/// <param name="Codes">The violation codes it can report.</param>
/// <param name="Source">Where the rule comes from: statute, regulation or platform policy, with a URL.</param>
public sealed record RuleDescriptor(string Id, RulePacks Pack, string Summary, IReadOnlyList<string> Codes, string Source)
{
    /// <summary>Its parameters with their current values.</summary>
    public IReadOnlyList<RuleParameter> Parameters { get; init; } = [];
}

/// <summary>A parameter of a rule and its value.</summary>
/// <param name="Name">The option, e.g. <c>Policy:QuietHours:UnitedStates</c>.</param>
/// <param name="Value">Its value as configured (the default in docs).</param>
public sealed record RuleParameter(string Name, string Value);
