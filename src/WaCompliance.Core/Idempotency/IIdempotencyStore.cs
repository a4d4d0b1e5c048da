namespace WaCompliance.Idempotency;

/// <summary>
/// Idempotency keys and send outcomes. A key is claimed atomically, exactly once across every process sharing the
/// store; whoever claims it sends, everyone else gets the existing record. At most one message per key reaches a provider.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>Claims a key. Atomic: of many concurrent claims of one key, exactly one returns <see cref="IdempotencyClaim.IsNew"/>.</summary>
    /// <param name="key">The key (1 to 256 characters).</param>
    /// <param name="at">The claim time.</param>
    /// <param name="cancellationToken">Cancels the claim.</param>
    /// <returns>The claim.</returns>
    ValueTask<IdempotencyClaim> TryClaimAsync(string key, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records the outcome of a claimed send. A record in progress or unknown takes the outcome; a finished record
    /// (sent or failed) keeps its outcome, except that a later report may add the provider message id.
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
    /// <returns>The record, or <see langword="null"/>.</returns>
    ValueTask<SendRecord?> FindByProviderMessageIdAsync(string providerMessageId, CancellationToken cancellationToken = default);
}
