namespace WaCompliance.Idempotency;

/// <summary>
/// Whether a message whose idempotency key was used before may be sent again. The default sends a key once: a later
/// send with it is a duplicate that returns the first outcome. Sending again is an explicit choice, recorded in the
/// key's <see cref="SendRecord"/> (<see cref="SendRecord.Attempt"/>, <see cref="SendRecord.PreviousStatus"/>) and in
/// the decision log (a new decision for the new attempt).
/// </summary>
public enum ResendPolicy
{
    /// <summary>Never: a used key is a duplicate, whatever its outcome.</summary>
    Never = 0,

    /// <summary>
    /// A key whose send <see cref="SendStatus.Failed"/> (the provider refused it; nothing was sent) may be sent again.
    /// A key in progress, sent or unknown stays a duplicate.
    /// </summary>
    IfFailed,

    /// <summary>
    /// A key whose send failed or is <see cref="SendStatus.Unknown"/> may be sent again. The caller accepts that an
    /// unknown send may have reached the person, so the person may get the message twice.
    /// </summary>
    IfFailedOrUnknown,
}
