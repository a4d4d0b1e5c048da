namespace WaCompliance.Policy;

/// <summary>
/// One compliance rule. Rules are pure: they read the <see cref="EvaluationContext"/> (the message and the state
/// the engine read for it) and report violations; they never read stores or the clock themselves, so every rule
/// answers the same for the same context, in dry runs and campaigns alike.
/// </summary>
/// <remarks>The built-in rules come from the enabled packs; applications add their own by registering <see cref="IComplianceRule"/> services.</remarks>
public interface IComplianceRule
{
    /// <summary>What the rule is.</summary>
    RuleDescriptor Descriptor { get; }

    /// <summary>Checks one message.</summary>
    /// <param name="context">The message and its state.</param>
    /// <param name="violations">Where to report what it breaks.</param>
    void Evaluate(EvaluationContext context, ref ViolationSet violations);
}
