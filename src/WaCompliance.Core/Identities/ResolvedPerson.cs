using WaCompliance.Numbers;

namespace WaCompliance.Identities;

/// <summary>
/// A person as the compliance engine sees them: every identifier joined to the one asked about by links (and by the
/// other forms of a number), so that state recorded through any of them applies.
/// </summary>
public sealed class ResolvedPerson
{
    internal ResolvedPerson(
        WhatsAppIdentity identity,
        IReadOnlyList<WhatsAppIdentifier> identifiers,
        IReadOnlyList<WhatsAppIdentifier> optOutIdentifiers,
        IReadOnlyList<IdentityLink> links,
        bool truncated)
    {
        Identity = identity;
        Identifiers = identifiers;
        OptOutIdentifiers = optOutIdentifiers;
        Links = links;
        IsTruncated = truncated;
    }

    /// <summary>The identity asked about.</summary>
    public WhatsAppIdentity Identity { get; }

    /// <summary>
    /// The identifiers joined by active links and number forms, those asked about first: consent, windows and
    /// counters of all of them count.
    /// </summary>
    public IReadOnlyList<WhatsAppIdentifier> Identifiers { get; }

    /// <summary>
    /// The identifiers whose opt-outs and suppressions apply: every one joined by any link, those of
    /// <see cref="Identifiers"/> first; a revoked link still carries opt-outs (an unlink never undoes an opt-out).
    /// </summary>
    public IReadOnlyList<WhatsAppIdentifier> OptOutIdentifiers { get; }

    /// <summary>
    /// The identifiers the person inherited state from: the old number of a number change, seen from the new one. Their
    /// consent counts; their opt-outs count unless the person opted in explicitly later under one of <see cref="Identifiers"/>.
    /// </summary>
    public IReadOnlyList<WhatsAppIdentifier> InheritedIdentifiers { get; init; } = [];

    /// <summary>The links followed.</summary>
    public IReadOnlyList<IdentityLink> Links { get; }

    /// <summary>Whether the person has more identifiers than <see cref="IdentityResolver.MaxIdentifiers"/> and some were not followed.</summary>
    public bool IsTruncated { get; }

    /// <summary>Whether the person is known by more than one identifier.</summary>
    public bool IsLinked => OptOutIdentifiers.Count > 1;

    /// <summary>The phone number to route to and to take a jurisdiction from: the one asked about, else the first linked one.</summary>
    public WhatsAppNumber? Phone
    {
        get
        {
            if (Identity.Phone is { } asked)
            {
                return asked;
            }

            foreach (var identifier in Identifiers)
            {
                if (identifier.PhoneNumber is { } phone)
                {
                    return phone;
                }
            }

            return null;
        }
    }

    /// <summary>A person known by one identity, with no links.</summary>
    /// <param name="identity">The identity.</param>
    /// <returns>The person.</returns>
    public static ResolvedPerson Alone(WhatsAppIdentity identity)
    {
        var identifiers = identity.Identifiers;
        return new ResolvedPerson(identity, identifiers, identifiers, [], truncated: false);
    }

    /// <summary>Never the identifiers: a person is personal data.</summary>
    /// <returns>A placeholder with the counts.</returns>
    public override string ToString() => $"ResolvedPerson({Identifiers.Count} identifiers, {OptOutIdentifiers.Count} for opt-outs)";
}
