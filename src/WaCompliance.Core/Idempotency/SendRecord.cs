namespace WaCompliance.Idempotency;

/// <summary>The record behind an idempotency key: claimed once, then completed with the outcome of the one send.</summary>
public sealed record SendRecord
{
    /// <summary>The idempotency key.</summary>
    public required string Key { get; init; }

    /// <summary>Where the send stands.</summary>
    public required SendStatus Status { get; init; }

    /// <summary>When the key was claimed (for a resend: when the latest attempt claimed it).</summary>
    public required DateTimeOffset ClaimedAt { get; init; }

    /// <summary>
    /// When the claim's lease ends: no provider call starts after it. A record still <see cref="SendStatus.InProgress"/>
    /// after its lease was abandoned; recovery turns it into <see cref="SendStatus.Unknown"/>.
    /// </summary>
    public DateTimeOffset? LeaseExpiresAt { get; init; }

    /// <summary>
    /// The send's own reference, recorded before the provider call and passed to providers that take a client
    /// reference, so status webhooks can reconcile the send without its provider id. New for each attempt.
    /// </summary>
    public string? Reference { get; init; }

    /// <summary>Which attempt this is: 1 for the first send with the key, one more for each chosen resend.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>For a resend: the status the key had when this attempt claimed it (failed or unknown).</summary>
    public SendStatus? PreviousStatus { get; init; }

    /// <summary>When the outcome was recorded.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>The gateway that sent it.</summary>
    public string? Gateway { get; init; }

    /// <summary>The provider's message id.</summary>
    public string? ProviderMessageId { get; init; }

    /// <summary>The common error code.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The provider's error text.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The consent record relied on.</summary>
    public Guid? ConsentRecordId { get; init; }
}
