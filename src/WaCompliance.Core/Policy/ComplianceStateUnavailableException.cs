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

    /// <summary>Creates the exception with a message saying what the failure stopped (or, after a send, what it missed).</summary>
    /// <param name="store">Which store failed.</param>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The store's failure.</param>
    public ComplianceStateUnavailableException(string store, string message, Exception innerException)
        : base(message, innerException)
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

    /// <summary>Which state could not be read or written, e.g. "consent ledger" or "idempotency store".</summary>
    public string Store { get; }

    /// <summary>
    /// When a store failed after the provider answered (recording the outcome, counters or feedback): what the send
    /// did. <see langword="null"/> when the failure stopped the send before any provider call.
    /// </summary>
    public Messaging.SendResult? SendResult { get; init; }
}
