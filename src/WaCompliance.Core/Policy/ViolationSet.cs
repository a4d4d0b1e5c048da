namespace WaCompliance.Policy;

/// <summary>The violations found while evaluating one message. Allocates only when something is found.</summary>
public struct ViolationSet
{
    private List<Violation>? _items;

    /// <summary>How many were found.</summary>
    public readonly int Count => _items?.Count ?? 0;

    /// <summary>Adds a violation.</summary>
    /// <param name="violation">The violation.</param>
    public void Add(Violation violation)
    {
        ArgumentNullException.ThrowIfNull(violation);
        (_items ??= new List<Violation>(2)).Add(violation);
    }

    /// <summary>Adds a blocking violation.</summary>
    /// <param name="rule">The rule reporting it.</param>
    /// <param name="code">The code.</param>
    /// <param name="message">The explanation.</param>
    public void Block(RuleDescriptor rule, string code, string message)
    {
        ArgumentNullException.ThrowIfNull(rule);
        Add(new Violation(rule.Id, code, message, ViolationSeverity.Block) { LegalReference = rule.Source });
    }

    /// <summary>Adds a deferral.</summary>
    /// <param name="rule">The rule reporting it.</param>
    /// <param name="code">The code.</param>
    /// <param name="message">The explanation.</param>
    /// <param name="notBefore">The first instant the message may go.</param>
    public void Defer(RuleDescriptor rule, string code, string message, DateTimeOffset notBefore)
    {
        ArgumentNullException.ThrowIfNull(rule);
        Add(new Violation(rule.Id, code, message, ViolationSeverity.Defer) { NotBefore = notBefore, LegalReference = rule.Source });
    }

    /// <summary>Adds a warning.</summary>
    /// <param name="rule">The rule reporting it.</param>
    /// <param name="code">The code.</param>
    /// <param name="message">The explanation.</param>
    public void Warn(RuleDescriptor rule, string code, string message)
    {
        ArgumentNullException.ThrowIfNull(rule);
        Add(new Violation(rule.Id, code, message, ViolationSeverity.Warning) { LegalReference = rule.Source });
    }

    /// <summary>Whether a violation with a code was already found.</summary>
    /// <param name="code">The code.</param>
    /// <returns><see langword="true"/> if so.</returns>
    public readonly bool Contains(string code) =>
        _items is not null && _items.Exists(v => string.Equals(v.Code, code, StringComparison.Ordinal));

    internal readonly IReadOnlyList<Violation> ToList() => _items ?? (IReadOnlyList<Violation>)[];
}
