namespace WaCompliance.Idempotency;

/// <summary>Where a send stands.</summary>
public enum SendStatus
{
    /// <summary>
    /// The key is claimed and the send is under way, until <see cref="SendRecord.LeaseExpiresAt"/>. A claim whose lease
    /// ended (the process died, or the store could not take the outcome) becomes <see cref="Unknown"/> in the next
    /// recovery pass (<see cref="Messaging.SendRecovery"/>).
    /// </summary>
    InProgress = 1,

    /// <summary>The provider accepted the message.</summary>
    Sent,

    /// <summary>The provider refused the message; it was not sent.</summary>
    Failed,

    /// <summary>
    /// The outcome is not known: an attempt timed out or the provider answered with a server error after the request
    /// reached it, or the claim's lease ended without an outcome. Status webhooks reconcile it by the send's provider
    /// id or <see cref="SendRecord.Reference"/>; it is never sent again unless the caller chooses to
    /// (<see cref="ResendPolicy.IfFailedOrUnknown"/>).
    /// </summary>
    Unknown,
}
