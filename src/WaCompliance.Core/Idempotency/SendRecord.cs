namespace WaCompliance.Idempotency;

/// <summary>The record behind an idempotency key: claimed once, then completed with the outcome of the one send.</summary>
public sealed record SendRecord
{
    /// <summary>The idempotency key.</summary>
    public required string Key { get; init; }

    /// <summary>Where the send stands.</summary>
    public required SendStatus Status { get; init; }

    /// <summary>When the key was claimed.</summary>
    public required DateTimeOffset ClaimedAt { get; init; }

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
