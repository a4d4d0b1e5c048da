namespace WaCompliance.Policy;

/// <summary>What a violation does to the decision.</summary>
public enum ViolationSeverity
{
    /// <summary>The message must not be sent.</summary>
    Block = 1,

    /// <summary>The message may be sent later, not before <see cref="Violation.NotBefore"/>.</summary>
    Defer,

    /// <summary>Reported, but the message may go (e.g. content flagged for review when review is set to allow).</summary>
    Warning,
}
