namespace WaCompliance.Idempotency;

/// <summary>A request to claim an idempotency key for one send attempt (see <see cref="IIdempotencyStore.TryClaimAsync(SendClaim, CancellationToken)"/>).</summary>
public sealed record SendClaim
{
    /// <summary>The key (1 to 256 characters).</summary>
    public required string Key { get; init; }

    /// <summary>The claim time.</summary>
    public required DateTimeOffset ClaimedAt { get; init; }

    /// <summary>
    /// When the claim's lease ends: the sender promises not to start a provider call after it, so a claim still in
    /// progress then was abandoned and recovery may turn it into <see cref="SendStatus.Unknown"/>.
    /// </summary>
    public required DateTimeOffset LeaseExpiresAt { get; init; }

    /// <summary>
    /// The send's own reference, passed to the provider where it takes one (a client reference echoed in status
    /// webhooks), so a status webhook can find the send even when its provider id was never recorded.
    /// <see cref="IdempotencyRules.NewReference"/> makes one.
    /// </summary>
    public required string Reference { get; init; }

    /// <summary>Whether a key used before may be claimed again, by its outcome.</summary>
    public ResendPolicy Resend { get; init; }

    /// <summary>A claim with a new reference and the given lease.</summary>
    /// <param name="key">The key.</param>
    /// <param name="at">The claim time.</param>
    /// <param name="lease">How long the lease lasts.</param>
    /// <param name="resend">Whether a used key may be claimed again.</param>
    /// <returns>The claim.</returns>
    public static SendClaim Create(string key, DateTimeOffset at, TimeSpan lease, ResendPolicy resend = ResendPolicy.Never) => new()
    {
        Key = key,
        ClaimedAt = at,
        LeaseExpiresAt = at + lease,
        Reference = IdempotencyRules.NewReference(),
        Resend = resend,
    };
}
