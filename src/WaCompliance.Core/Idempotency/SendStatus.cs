namespace WaCompliance.Idempotency;

/// <summary>Where a send stands.</summary>
public enum SendStatus
{
    /// <summary>The key is claimed and the send is under way (or the process died during it).</summary>
    InProgress = 1,

    /// <summary>The provider accepted the message.</summary>
    Sent,

    /// <summary>The provider refused the message; it was not sent.</summary>
    Failed,

    /// <summary>The outcome is not known (e.g. a timeout after the request left); status webhooks reconcile it. Never retried blindly.</summary>
    Unknown,
}
