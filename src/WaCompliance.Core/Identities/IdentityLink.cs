namespace WaCompliance.Identities;

/// <summary>
/// Evidence that two identifiers name one person, kept for audit. For compliance a person is the union of the
/// identifiers linked to one another: opt-outs, suppression, erasure, windows and counters recorded through any of
/// them apply through every other.
/// </summary>
/// <remarks>
/// A revoked link (<see cref="RevokedAt"/>) no longer carries consent, windows or counters between its identifiers,
/// but it still carries every opt-out and suppression: an unlink can never undo an opt-out.
/// </remarks>
public sealed record IdentityLink
{
    /// <summary>One identifier (for a number change: the old number).</summary>
    public required WhatsAppIdentifier First { get; init; }

    /// <summary>The other identifier (for a number change: the new number).</summary>
    public required WhatsAppIdentifier Second { get; init; }

    /// <summary>What showed the two are one person.</summary>
    public required IdentityLinkReason Reason { get; init; }

    /// <summary>Where the evidence came from: a gateway registration (<c>360dialog:main</c>) or <c>application</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The provider's id of the event or message that carried the evidence, when there is one.</summary>
    public string? EventId { get; init; }

    /// <summary>When the link was learned.</summary>
    public required DateTimeOffset LinkedAt { get; init; }

    /// <summary>When the link was revoked, if it was.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>Whether the link still carries consent, windows and counters.</summary>
    public bool IsActive => RevokedAt is null;

    /// <summary>The identifier at the other end from <paramref name="identifier"/>.</summary>
    /// <param name="identifier">One end.</param>
    /// <returns>The other end.</returns>
    public WhatsAppIdentifier Other(WhatsAppIdentifier identifier) => identifier == First ? Second : First;

    /// <summary>Which identifiers are linked, never their values (links are personal data).</summary>
    /// <returns>A placeholder naming the kinds and the reason.</returns>
    public override string ToString() => $"IdentityLink({First.Kind}-{Second.Kind}, {Reason}{(IsActive ? string.Empty : ", revoked")})";
}
