namespace WaCompliance.Identities;

/// <summary>A thread-safe in-memory <see cref="IIdentityLinkStore"/>.</summary>
public sealed class InMemoryIdentityLinkStore : IIdentityLinkStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<WhatsAppIdentifier, List<IdentityLink>> _byIdentifier = [];
    private int _count;

    /// <summary>Whether any link was ever recorded: lets the resolver skip the lookup for stores that hold none.</summary>
    internal bool IsEmpty => Volatile.Read(ref _count) == 0;

    /// <inheritdoc />
    public ValueTask<bool> LinkAsync(IdentityLink link, CancellationToken cancellationToken = default)
    {
        link = IdentityLinkRules.Ordered(IdentityLinkRules.Normalize(link));
        lock (_gate)
        {
            if (_byIdentifier.TryGetValue(link.First, out var existing) && existing.Exists(l => IdentityLinkRules.SameEvidence(l, link)))
            {
                return ValueTask.FromResult(false);
            }

            Add(link.First, link);
            Add(link.Second, link);
            Volatile.Write(ref _count, _byIdentifier.Count);
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<int> RevokeAsync(WhatsAppIdentifier first, WhatsAppIdentifier second, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var revoked = 0;
        lock (_gate)
        {
            if (!_byIdentifier.TryGetValue(first, out var links))
            {
                return ValueTask.FromResult(0);
            }

            foreach (var link in links.ToArray())
            {
                if (link.IsActive && link.Other(first) == second)
                {
                    var replaced = link with { RevokedAt = Consent.ConsentChain.NormalizeTimestamp(at) };
                    Replace(link.First, link, replaced);
                    Replace(link.Second, link, replaced);
                    revoked++;
                }
            }
        }

        return ValueTask.FromResult(revoked);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<IdentityLink>> GetLinksAsync(WhatsAppIdentifier identifier, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<IdentityLink>>(
                _byIdentifier.TryGetValue(identifier, out var links) ? [.. links] : []);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<WhatsAppIdentifier, IReadOnlyList<IdentityLink>>> GetLinksAsync(
        IReadOnlyCollection<WhatsAppIdentifier> identifiers,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identifiers);
        var found = new Dictionary<WhatsAppIdentifier, IReadOnlyList<IdentityLink>>();
        lock (_gate)
        {
            if (_byIdentifier.Count == 0)
            {
                return ValueTask.FromResult<IReadOnlyDictionary<WhatsAppIdentifier, IReadOnlyList<IdentityLink>>>(found);
            }

            foreach (var identifier in identifiers)
            {
                if (_byIdentifier.TryGetValue(identifier, out var links))
                {
                    found[identifier] = [.. links];
                }
            }
        }

        return ValueTask.FromResult<IReadOnlyDictionary<WhatsAppIdentifier, IReadOnlyList<IdentityLink>>>(found);
    }

    /// <inheritdoc />
    public ValueTask<int> EraseAsync(WhatsAppIdentifier identifier, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_byIdentifier.Remove(identifier, out var links))
            {
                return ValueTask.FromResult(0);
            }

            foreach (var link in links)
            {
                var other = link.Other(identifier);
                if (_byIdentifier.TryGetValue(other, out var others))
                {
                    others.RemoveAll(l => ReferenceEquals(l, link));
                    if (others.Count == 0)
                    {
                        _byIdentifier.Remove(other);
                    }
                }
            }

            Volatile.Write(ref _count, _byIdentifier.Count);
            return ValueTask.FromResult(links.Count);
        }
    }

    private void Add(WhatsAppIdentifier identifier, IdentityLink link)
    {
        if (!_byIdentifier.TryGetValue(identifier, out var links))
        {
            _byIdentifier[identifier] = links = [];
        }

        links.Add(link);
    }

    private void Replace(WhatsAppIdentifier identifier, IdentityLink old, IdentityLink replacement)
    {
        var links = _byIdentifier[identifier];
        var index = links.FindIndex(l => ReferenceEquals(l, old));
        if (index >= 0)
        {
            links[index] = replacement;
        }
    }
}
