using WaCompliance.Idempotency;

namespace WaCompliance.Messaging;

/// <summary>What a recovery pass (<see cref="SendRecovery.RecoverAsync"/>) did and what it leaves for a decision.</summary>
public sealed record SendRecoveryReport
{
    /// <summary>When the pass ran (leases that ended by then were expired).</summary>
    public required DateTimeOffset RecoveredAt { get; init; }

    /// <summary>Claims whose lease had ended, turned into unknown outcomes by this pass.</summary>
    public required IReadOnlyList<SendRecord> Expired { get; init; }

    /// <summary>Every send still unknown (oldest claim first), including those just expired: each awaits a decision.</summary>
    public required IReadOnlyList<SendRecord> Unresolved { get; init; }

    /// <summary>Whether a list was cut at the limit: run the pass again (or with a higher limit) for the rest.</summary>
    public bool IsTruncated { get; init; }
}
