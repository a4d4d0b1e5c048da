namespace WaCompliance.Decisions;

/// <summary>What the policy decided about a message.</summary>
public enum DecisionOutcome
{
    /// <summary>The message may be sent now.</summary>
    Allowed = 1,

    /// <summary>The message must not be sent.</summary>
    Blocked,

    /// <summary>The message may be sent later, not before a given instant (quiet hours, caps, limits).</summary>
    Deferred,
}
