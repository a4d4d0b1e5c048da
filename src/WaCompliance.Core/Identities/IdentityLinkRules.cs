namespace WaCompliance.Identities;

/// <summary>The rules every <see cref="IIdentityLinkStore"/> shares: what a valid link is and when two are the same.</summary>
public static class IdentityLinkRules
{
    /// <summary>The longest <see cref="IdentityLink.Source"/> or <see cref="IdentityLink.EventId"/> a store keeps.</summary>
    public const int MaxTextLength = 256;

    /// <summary>Checks a link before it is stored.</summary>
    /// <param name="link">The link.</param>
    /// <exception cref="ArgumentException">An identifier is empty, both are the same, or a text is empty or too long.</exception>
    public static void Validate(IdentityLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (link.First.IsEmpty || link.Second.IsEmpty)
        {
            throw new ArgumentException("Both identifiers of a link must be set.", nameof(link));
        }

        if (link.First == link.Second)
        {
            throw new ArgumentException("A link joins two different identifiers.", nameof(link));
        }

        if (string.IsNullOrWhiteSpace(link.Source) || link.Source.Length > MaxTextLength)
        {
            throw new ArgumentException($"A link's source is 1 to {MaxTextLength} characters.", nameof(link));
        }

        if (link.EventId is { Length: 0 or > MaxTextLength })
        {
            throw new ArgumentException($"A link's event id is 1 to {MaxTextLength} characters when given.", nameof(link));
        }

        if (!Enum.IsDefined(link.Reason))
        {
            throw new ArgumentException("The link reason is not defined.", nameof(link));
        }
    }

    /// <summary>A link as every store keeps it: times truncated to whole microseconds (what PostgreSQL keeps).</summary>
    /// <param name="link">The link.</param>
    /// <returns>The link to store.</returns>
    public static IdentityLink Normalize(IdentityLink link)
    {
        Validate(link);
        return link with
        {
            LinkedAt = Consent.ConsentChain.NormalizeTimestamp(link.LinkedAt),
            RevokedAt = link.RevokedAt is { } revoked ? Consent.ConsentChain.NormalizeTimestamp(revoked) : null,
        };
    }

    /// <summary>Whether two links record the same evidence (so the second is not stored again).</summary>
    /// <param name="left">A link.</param>
    /// <param name="right">Another.</param>
    /// <returns>Whether they are the same pair (in either order), reason, source and event id.</returns>
    public static bool SameEvidence(IdentityLink left, IdentityLink right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var samePair = (left.First == right.First && left.Second == right.Second) || (left.First == right.Second && left.Second == right.First);
        return samePair && left.Reason == right.Reason
            && string.Equals(left.Source, right.Source, StringComparison.Ordinal)
            && string.Equals(left.EventId, right.EventId, StringComparison.Ordinal);
    }

    /// <summary>
    /// Whether a link of this reason has a direction: <see cref="IdentityLinkReason.NumberChanged"/> goes from the old
    /// number (<see cref="IdentityLink.First"/>) to the new one (<see cref="IdentityLink.Second"/>). The new number
    /// inherits everything of the old, but the old one, which the carrier may give to someone else, inherits only the
    /// opt-outs of the new.
    /// </summary>
    /// <param name="reason">The reason.</param>
    /// <returns>Whether the ends are kept in the order given.</returns>
    public static bool IsDirected(IdentityLinkReason reason) => reason == IdentityLinkReason.NumberChanged;

    /// <summary>What following a link from one of its ends carries.</summary>
    /// <param name="link">The link.</param>
    /// <param name="from">The end it is followed from.</param>
    /// <returns>
    /// <see cref="IdentityLinkCarry.Everything"/> for an active link between two identifiers of one person;
    /// <see cref="IdentityLinkCarry.Inherited"/> from a new number back to its old one (the old state is inherited, and
    /// what the person says later under the new number overrides it); <see cref="IdentityLinkCarry.OptOutsOnly"/> for
    /// a revoked link, and from an old number forward to its new one.
    /// </returns>
    public static IdentityLinkCarry Carry(IdentityLink link, WhatsAppIdentifier from)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (!link.IsActive)
        {
            return IdentityLinkCarry.OptOutsOnly;
        }

        if (!IsDirected(link.Reason))
        {
            return IdentityLinkCarry.Everything;
        }

        return from == link.Second ? IdentityLinkCarry.Inherited : IdentityLinkCarry.OptOutsOnly;
    }

    /// <summary>
    /// The stored order of a pair: the smaller stored form first, so a pair has one row whichever way it came (links
    /// with a direction keep theirs).
    /// </summary>
    /// <param name="link">The link.</param>
    /// <returns>The link with its ends ordered.</returns>
    public static IdentityLink Ordered(IdentityLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (IsDirected(link.Reason))
        {
            return link;
        }

        return string.CompareOrdinal(link.First.Value, link.Second.Value) <= 0 ? link : link with { First = link.Second, Second = link.First };
    }
}
