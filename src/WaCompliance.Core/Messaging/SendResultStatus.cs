namespace WaCompliance.Messaging;

/// <summary>How one send ended.</summary>
public enum SendResultStatus
{
    /// <summary>The provider accepted the message.</summary>
    Sent = 1,

    /// <summary>The policy blocked it; nothing was sent.</summary>
    Blocked,

    /// <summary>The policy deferred it until <see cref="SendResult.NotBefore"/>; nothing was sent.</summary>
    Deferred,

    /// <summary>The provider refused it (or could not be reached); it was not sent.</summary>
    Failed,

    /// <summary>
    /// The outcome is unknown (a timeout after the request left, or a provider server error other than 503 with
    /// Retry-After): recorded, reconciled by status webhooks, never retried blindly.
    /// </summary>
    Unknown,

    /// <summary>The idempotency key was used before; the earlier outcome is in <see cref="SendResult.ExistingRecord"/>.</summary>
    Duplicate,
}
