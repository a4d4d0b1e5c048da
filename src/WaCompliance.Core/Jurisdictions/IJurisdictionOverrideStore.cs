using WaCompliance.Identities;

namespace WaCompliance.Jurisdictions;

/// <summary>What the application knows about where its contacts really are, per number.</summary>
public interface IJurisdictionOverrideStore
{
    /// <summary>The override of a number.</summary>
    /// <param name="number">The number.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The override, or <see langword="null"/>.</returns>
    ValueTask<JurisdictionOverride?> GetAsync(WhatsAppIdentifier number, CancellationToken cancellationToken = default);

    /// <summary>The overrides of many numbers in one round trip; numbers without one are absent.</summary>
    /// <param name="numbers">The numbers.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The overrides.</returns>
    ValueTask<IReadOnlyDictionary<WhatsAppIdentifier, JurisdictionOverride>> GetManyAsync(IReadOnlyCollection<WhatsAppIdentifier> numbers, CancellationToken cancellationToken = default);

    /// <summary>Sets (validated) or replaces the override of a number.</summary>
    /// <param name="number">The number.</param>
    /// <param name="jurisdictionOverride">The override.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored, normalized override.</returns>
    ValueTask<JurisdictionOverride> SetAsync(WhatsAppIdentifier number, JurisdictionOverride jurisdictionOverride, CancellationToken cancellationToken = default);

    /// <summary>Removes the override of a number.</summary>
    /// <param name="number">The number.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether there was one.</returns>
    ValueTask<bool> RemoveAsync(WhatsAppIdentifier number, CancellationToken cancellationToken = default);
}
