using WaCompliance.Idempotency;

namespace WaCompliance.Conformance;

/// <summary>
/// An <see cref="IIdempotencyStore"/> in front of a real one, with gates: after a claim is stored, and before an
/// outcome is stored. A gate that is never released stands for a process killed at that step: what the real store
/// holds then is what the dead process left. A failing step stands for a store that cannot be reached.
/// </summary>
public sealed class GatedIdempotencyStore(IIdempotencyStore inner) : IIdempotencyStore
{
    /// <summary>Held after each new claim was stored (a process killed between the claim and the provider call).</summary>
    public Gate? AfterClaim { get; set; }

    /// <summary>Held before each outcome is stored (a process killed after the provider answered).</summary>
    public Gate? BeforeComplete { get; set; }

    /// <summary>When set, the gates hold only sends with this key.</summary>
    public string? OnlyKey { get; set; }

    /// <summary>Thrown by claims instead of claiming.</summary>
    public Exception? ClaimFailure { get; set; }

    /// <summary>Thrown by outcomes instead of storing them.</summary>
    public Exception? CompleteFailure { get; set; }

    /// <inheritdoc />
    public async ValueTask<IdempotencyClaim> TryClaimAsync(SendClaim claim, CancellationToken cancellationToken = default)
    {
        if (ClaimFailure is { } failure)
        {
            throw failure;
        }

        var result = await inner.TryClaimAsync(claim, cancellationToken);
        if (result.IsNew && AfterClaim is { } gate && (OnlyKey is null || OnlyKey == claim.Key))
        {
            await gate.PassAsync();
        }

        return result;
    }

    /// <inheritdoc />
    public async ValueTask<SendRecord> CompleteAsync(string key, SendOutcome outcome, CancellationToken cancellationToken = default)
    {
        if (BeforeComplete is { } gate && (OnlyKey is null || OnlyKey == key))
        {
            await gate.PassAsync();
        }

        if (CompleteFailure is { } failure)
        {
            throw failure;
        }

        return await inner.CompleteAsync(key, outcome, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<SendRecord?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

    /// <inheritdoc />
    public ValueTask<SendRecord?> FindByProviderMessageIdAsync(string providerMessageId, CancellationToken cancellationToken = default) =>
        inner.FindByProviderMessageIdAsync(providerMessageId, cancellationToken);

    /// <inheritdoc />
    public ValueTask<SendRecord?> FindByReferenceAsync(string reference, CancellationToken cancellationToken = default) =>
        inner.FindByReferenceAsync(reference, cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SendRecord>> ExpireLeasesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default) =>
        inner.ExpireLeasesAsync(now, limit, cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SendRecord>> GetByStatusAsync(SendStatus status, int limit, CancellationToken cancellationToken = default) =>
        inner.GetByStatusAsync(status, limit, cancellationToken);
}
