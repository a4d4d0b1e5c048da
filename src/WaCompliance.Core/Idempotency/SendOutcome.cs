namespace WaCompliance.Idempotency;

/// <summary>How a claimed send ended.</summary>
/// <param name="Status">Sent, failed or unknown.</param>
/// <param name="CompletedAt">When.</param>
public sealed record SendOutcome(SendStatus Status, DateTimeOffset CompletedAt)
{
    /// <summary>
    /// The reference of the attempt this outcome belongs to, or <see langword="null"/> for the key's current attempt.
    /// An outcome for another attempt (one that a chosen resend replaced) changes nothing.
    /// </summary>
    public string? Reference { get; init; }

    /// <summary>The gateway that sent it.</summary>
    public string? Gateway { get; init; }

    /// <summary>The provider's message id.</summary>
    public string? ProviderMessageId { get; init; }

    /// <summary>The common error code, when failed or unknown.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The provider's error text (never message content).</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The consent record the decision relied on.</summary>
    public Guid? ConsentRecordId { get; init; }
}
