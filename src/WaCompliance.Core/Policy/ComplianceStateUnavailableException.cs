namespace WaCompliance.Policy;

/// <summary>
/// Thrown when the state a decision needs (consent, suppression, windows, counters, templates, jurisdiction) cannot be
/// read. Compliance fails closed: nothing is sent on a decision that could not be made.
/// </summary>
public sealed class ComplianceStateUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="store">Which state could not be read.</param>
    /// <param name="innerException">The store's failure.</param>
    public ComplianceStateUnavailableException(string store, Exception innerException)
        : base($"The {store} could not be read, so no compliance decision was made and nothing was sent: {innerException?.Message}", innerException)
    {
        Store = store;
    }

    /// <summary>Creates the exception.</summary>
    public ComplianceStateUnavailableException()
        : base("Compliance state could not be read; nothing was sent.")
    {
        Store = "state";
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public ComplianceStateUnavailableException(string message)
        : base(message)
    {
        Store = "state";
    }

    /// <summary>Which state could not be read, e.g. "consent ledger".</summary>
    public string Store { get; }
}
