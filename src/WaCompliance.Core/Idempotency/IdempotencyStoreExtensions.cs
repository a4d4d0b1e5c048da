namespace WaCompliance.Idempotency;

/// <summary>Conveniences over <see cref="IIdempotencyStore"/>.</summary>
public static class IdempotencyStoreExtensions
{
    /// <summary>The lease of a claim made with <see cref="TryClaimAsync(IIdempotencyStore, string, DateTimeOffset, CancellationToken)"/> (10 minutes, the messenger's default).</summary>
    public static readonly TimeSpan DefaultLease = TimeSpan.FromMinutes(10);

    /// <summary>Claims a key with a new reference and the <see cref="DefaultLease"/>; a used key is never claimed again.</summary>
    /// <param name="store">The store.</param>
    /// <param name="key">The key.</param>
    /// <param name="at">The claim time.</param>
    /// <param name="cancellationToken">Cancels the claim.</param>
    /// <returns>The claim.</returns>
    public static ValueTask<IdempotencyClaim> TryClaimAsync(this IIdempotencyStore store, string key, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.TryClaimAsync(SendClaim.Create(key, at, DefaultLease), cancellationToken);
    }
}
