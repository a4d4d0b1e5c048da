using WaCompliance.Gateways;
using WaCompliance.Idempotency;
using WaCompliance.Policy;

namespace WaCompliance.Messaging;

/// <summary>The outcome of sending one message: the decision, and what the provider said.</summary>
public sealed record SendResult
{
    /// <summary>The message.</summary>
    public required OutboundMessage Message { get; init; }

    /// <summary>How it ended.</summary>
    public required SendResultStatus Status { get; init; }

    /// <summary>The policy's decision (absent when state could not be read).</summary>
    public ComplianceDecision? Decision { get; init; }

    /// <summary>The idempotency key used (the message's, or one made for it).</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>The send's reference, passed to the provider and recorded with the claim (see <see cref="SendRecord.Reference"/>).</summary>
    public string? Reference { get; init; }

    /// <summary>The gateway that sent it.</summary>
    public string? Gateway { get; init; }

    /// <summary>The provider's message id, when sent.</summary>
    public string? ProviderMessageId { get; init; }

    /// <summary>The provider's error, when failed (or unknown after a server error).</summary>
    public ProviderError? Error { get; init; }

    /// <summary>For duplicates: the record of the earlier send with the same key.</summary>
    public SendRecord? ExistingRecord { get; init; }

    /// <summary>What went wrong, for failed and unknown outcomes (no personal data).</summary>
    public string? FailureReason { get; init; }

    /// <summary>For deferred messages: when to try again.</summary>
    public DateTimeOffset? NotBefore => Decision?.NotBefore;

    /// <summary>Whether the provider accepted the message.</summary>
    public bool IsSent => Status == SendResultStatus.Sent;
}
