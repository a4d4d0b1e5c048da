using WaCompliance.Internal;
using WaCompliance.Numbers;

namespace WaCompliance.Identities;

/// <summary>
/// Resolves a person: follows identity links (and the other forms of each phone number) from the identifiers asked
/// about, breadth first, one batch read of the link store per step, up to <see cref="MaxIdentifiers"/> identifiers.
/// </summary>
public sealed class IdentityResolver
{
    /// <summary>The most identifiers one person is resolved to; beyond it the person is marked truncated.</summary>
    public const int MaxIdentifiers = 64;

    private readonly IIdentityLinkStore _links;

    /// <summary>Creates a resolver.</summary>
    /// <param name="links">The link store.</param>
    public IdentityResolver(IIdentityLinkStore links) => _links = Guard.NotNull(links);

    /// <summary>Resolves one identity.</summary>
    /// <param name="identity">Who.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The person.</returns>
    public async ValueTask<ResolvedPerson> ResolveAsync(WhatsAppIdentity identity, CancellationToken cancellationToken = default)
    {
        if (identity.IsEmpty)
        {
            throw new ArgumentException("The identity is the default (empty) value.", nameof(identity));
        }

        if (IsAlone(identity))
        {
            return ResolvedPerson.Alone(identity);
        }

        var resolved = await ResolveManyAsync([identity], cancellationToken).ConfigureAwait(false);
        return resolved[0];
    }

    /// <summary>
    /// Whether nothing can join anything to the identity: it is one identifier with no other number form, and the link
    /// store is an in-memory one that holds no link. Lets callers skip resolution on the common path.
    /// </summary>
    /// <param name="identity">Who.</param>
    /// <returns>Whether the identity is a person on its own.</returns>
    public bool IsAlone(WhatsAppIdentity identity) =>
        _links is InMemoryIdentityLinkStore { IsEmpty: true }
        && !identity.IsLinked
        && (identity.Phone is not { } phone || WhatsAppNumberForms.Alternates(phone).Count == 0);

    /// <summary>Resolves many identities with one batch read per step of links.</summary>
    /// <param name="identities">Who.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>One person per identity, in order.</returns>
    public async ValueTask<IReadOnlyList<ResolvedPerson>> ResolveManyAsync(IReadOnlyList<WhatsAppIdentity> identities, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(identities);
        if (_links is InMemoryIdentityLinkStore { IsEmpty: true } && identities.All(IsAlone))
        {
            return [.. identities.Select(ResolvedPerson.Alone)];
        }

        var walks = new Walk[identities.Count];
        for (var i = 0; i < walks.Length; i++)
        {
            walks[i] = new Walk(identities[i]);
        }

        if (_links is InMemoryIdentityLinkStore { IsEmpty: true })
        {
            // No link anywhere: only number forms can join identifiers.
            return [.. walks.Select(w => w.Result())];
        }

        var pending = new HashSet<WhatsAppIdentifier>();
        while (true)
        {
            pending.Clear();
            foreach (var walk in walks)
            {
                walk.CollectFrontier(pending);
            }

            if (pending.Count == 0)
            {
                break;
            }

            var links = await _links.GetLinksAsync(pending, cancellationToken).ConfigureAwait(false);
            foreach (var walk in walks)
            {
                walk.Advance(links);
            }
        }

        return [.. walks.Select(w => w.Result())];
    }

    private sealed class Walk
    {
        private readonly WhatsAppIdentity _identity;
        private readonly List<WhatsAppIdentifier> _order = [];
        private readonly Dictionary<WhatsAppIdentifier, IdentityLinkCarry> _carry = [];
        private readonly List<IdentityLink> _links = [];
        private readonly Queue<(WhatsAppIdentifier Identifier, IdentityLinkCarry Carry)> _frontier = new();
        private bool _truncated;

        public Walk(WhatsAppIdentity identity)
        {
            _identity = identity;
            foreach (var identifier in identity.Identifiers)
            {
                Visit(identifier, IdentityLinkCarry.Everything);
            }
        }

        public void CollectFrontier(HashSet<WhatsAppIdentifier> pending)
        {
            foreach (var (identifier, _) in _frontier)
            {
                pending.Add(identifier);
            }
        }

        public void Advance(IReadOnlyDictionary<WhatsAppIdentifier, IReadOnlyList<IdentityLink>> found)
        {
            var count = _frontier.Count;
            for (var i = 0; i < count; i++)
            {
                var (identifier, carry) = _frontier.Dequeue();
                if (!found.TryGetValue(identifier, out var links))
                {
                    continue;
                }

                foreach (var link in links)
                {
                    if (!_links.Contains(link))
                    {
                        _links.Add(link);
                    }

                    // A path carries what its weakest link carries.
                    var along = IdentityLinkRules.Carry(link, identifier);
                    Visit(link.Other(identifier), along < carry ? along : carry);
                }
            }
        }

        public ResolvedPerson Result()
        {
            var everything = new List<WhatsAppIdentifier>(_order.Count);
            var inherited = new List<WhatsAppIdentifier>();
            foreach (var identifier in _order)
            {
                switch (_carry[identifier])
                {
                    case IdentityLinkCarry.Everything:
                        everything.Add(identifier);
                        break;
                    case IdentityLinkCarry.Inherited:
                        inherited.Add(identifier);
                        break;
                }
            }

            return new ResolvedPerson(_identity, everything, _order, _links, _truncated) { InheritedIdentifiers = inherited };
        }

        private void Visit(WhatsAppIdentifier identifier, IdentityLinkCarry carry)
        {
            if (_carry.TryGetValue(identifier, out var known))
            {
                if (carry <= known)
                {
                    return;
                }

                // Reached along a stronger path: its own links now carry more too.
                _carry[identifier] = carry;
            }
            else
            {
                if (_order.Count >= MaxIdentifiers)
                {
                    _truncated = true;
                    return;
                }

                _carry[identifier] = carry;
                _order.Add(identifier);
            }

            _frontier.Enqueue((identifier, carry));
            if (identifier.PhoneNumber is { } number)
            {
                foreach (var alternate in WhatsAppNumberForms.Alternates(number))
                {
                    Visit(alternate, carry);
                }
            }
        }
    }
}
