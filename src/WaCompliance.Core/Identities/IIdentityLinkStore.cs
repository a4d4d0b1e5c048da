namespace WaCompliance.Identities;

/// <summary>
/// The links between a person's identifiers (phone numbers, business-scoped user IDs, parent ones), with their
/// evidence. Links are undirected; a link already recorded (same pair, reason, source and event id) is not recorded
/// twice. Resolving a whole person (links of links) is done above the store by <see cref="IdentityResolver"/>.
/// </summary>
public interface IIdentityLinkStore
{
    /// <summary>Records a link.</summary>
    /// <param name="link">The link; its two identifiers must differ.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether it was new.</returns>
    ValueTask<bool> LinkAsync(IdentityLink link, CancellationToken cancellationToken = default);

    /// <summary>Revokes every active link between two identifiers (opt-outs still travel across a revoked link).</summary>
    /// <param name="first">One identifier.</param>
    /// <param name="second">The other.</param>
    /// <param name="at">When.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>How many links were revoked.</returns>
    ValueTask<int> RevokeAsync(WhatsAppIdentifier first, WhatsAppIdentifier second, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Every link (active or revoked) that has the identifier at one end.</summary>
    /// <param name="identifier">The identifier.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The links, oldest first.</returns>
    ValueTask<IReadOnlyList<IdentityLink>> GetLinksAsync(WhatsAppIdentifier identifier, CancellationToken cancellationToken = default);

    /// <summary>The links of many identifiers in one read (campaign prefetch).</summary>
    /// <param name="identifiers">The identifiers.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The links per identifier that has any.</returns>
    ValueTask<IReadOnlyDictionary<WhatsAppIdentifier, IReadOnlyList<IdentityLink>>> GetLinksAsync(
        IReadOnlyCollection<WhatsAppIdentifier> identifiers,
        CancellationToken cancellationToken = default);

    /// <summary>Deletes every link that has the identifier at one end (erasure: links are personal data).</summary>
    /// <param name="identifier">The identifier.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>How many links were deleted.</returns>
    ValueTask<int> EraseAsync(WhatsAppIdentifier identifier, CancellationToken cancellationToken = default);
}
