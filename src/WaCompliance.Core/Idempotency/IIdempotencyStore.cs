namespace WaCompliance.Idempotency;

/// <summary>
/// Idempotency keys and send outcomes. A key is claimed atomically, exactly once across every process sharing the
/// store; whoever claims it sends, everyone else gets the existing record. At most one message per key reaches a
/// provider, unless the caller chooses to send a failed or unknown key again (<see cref="ResendPolicy"/>).
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>
    /// Claims a key for one send attempt, with a lease and the send's reference, both stored before the provider is
    /// called. Atomic: of many concurrent claims of one key, exactly one returns <see cref="IdempotencyClaim.IsNew"/>.
    /// A key used before is claimed again only when <see cref="SendClaim.Resend"/> allows its status
    /// (<see cref="IdempotencyRules.MayResend"/>), and then by exactly one of concurrent claims
    /// (<see cref="IdempotencyRules.Reclaim"/>).
    /// </summary>
    /// <param name="claim">The claim.</param>
    /// <param name="cancellationToken">Cancels the claim.</param>
    /// <returns>The claim: new (or a new attempt), or the existing record.</returns>
    /// <exception cref="ArgumentException">The key or reference is invalid.</exception>
    ValueTask<IdempotencyClaim> TryClaimAsync(SendClaim claim, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records the outcome of a claimed send. A record in progress or unknown takes the outcome; a finished record
    /// (sent or failed) keeps its outcome, except that a later report may add the provider message id. An outcome
    /// naming another attempt's <see cref="SendOutcome.Reference"/> changes nothing.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="outcome">The outcome.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The record after the update.</returns>
    /// <exception cref="KeyNotFoundException">The key was never claimed.</exception>
    ValueTask<SendRecord> CompleteAsync(string key, SendOutcome outcome, CancellationToken cancellationToken = default);

    /// <summary>The record of a key.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The record, or <see langword="null"/>.</returns>
    ValueTask<SendRecord?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>The record of a provider message id, for reconciling status webhooks.</summary>
    /// <param name="providerMessageId">The provider's id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The record whose current attempt has that id, or <see langword="null"/>.</returns>
    ValueTask<SendRecord?> FindByProviderMessageIdAsync(string providerMessageId, CancellationToken cancellationToken = default);

    /// <summary>The record whose current attempt has a send reference, for reconciling status webhooks that echo it.</summary>
    /// <param name="reference">The reference (<see cref="SendRecord.Reference"/>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The record, or <see langword="null"/>.</returns>
    ValueTask<SendRecord?> FindByReferenceAsync(string reference, CancellationToken cancellationToken = default);

    /// <summary>
    /// Turns claims still in progress whose lease ended at or before <paramref name="now"/> into
    /// <see cref="SendStatus.Unknown"/> (<see cref="IdempotencyRules.Expire"/>), oldest lease first. Atomic per record:
    /// a record completed meanwhile keeps its outcome.
    /// </summary>
    /// <param name="now">The time.</param>
    /// <param name="limit">At most this many records (1 or more).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The records this call turned unknown.</returns>
    ValueTask<IReadOnlyList<SendRecord>> ExpireLeasesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    /// <summary>Records with a status, oldest claim first (then by key), for recovery reports.</summary>
    /// <param name="status">The status.</param>
    /// <param name="limit">At most this many records (1 or more).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records.</returns>
    ValueTask<IReadOnlyList<SendRecord>> GetByStatusAsync(SendStatus status, int limit, CancellationToken cancellationToken = default);
}
