using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using WaCompliance.Identities;
using WaCompliance.Internal;
using WaCompliance.Numbers;

namespace WaCompliance.Conversations;

/// <summary>A thread-safe in-memory <see cref="IConversationWindowStore"/>.</summary>
public sealed class InMemoryConversationWindowStore : IConversationWindowStore
{
    private readonly ConcurrentDictionary<(WhatsAppNumber Business, WhatsAppIdentifier User), ConversationWindow> _windows = new();
    private readonly TimeSpan _customerServiceWindow;
    private readonly TimeSpan _freeEntryPointWindow;

    /// <summary>Creates an empty store with the window lengths of the options.</summary>
    /// <param name="options">The options.</param>
    public InMemoryConversationWindowStore(IOptions<WhatsAppComplianceOptions> options)
    {
        var value = Guard.NotNull(options).Value;
        _customerServiceWindow = value.CustomerServiceWindow;
        _freeEntryPointWindow = value.FreeEntryPointWindow;
    }

    /// <inheritdoc />
    public ValueTask<ConversationWindow?> GetAsync(WhatsAppNumber business, WhatsAppIdentifier user, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(business);
        Guard.NotDefault(user);
        return ValueTask.FromResult(_windows.GetValueOrDefault((business, user)));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<WhatsAppIdentifier, ConversationWindow>> GetManyAsync(
        WhatsAppNumber business,
        IReadOnlyCollection<WhatsAppIdentifier> users,
        CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(business);
        Guard.NotNull(users);
        var result = new Dictionary<WhatsAppIdentifier, ConversationWindow>();
        foreach (var user in users)
        {
            if (_windows.TryGetValue((business, user), out var window))
            {
                result[user] = window;
            }
        }

        return ValueTask.FromResult<IReadOnlyDictionary<WhatsAppIdentifier, ConversationWindow>>(result);
    }

    /// <inheritdoc />
    public ValueTask<ConversationWindow> RecordInboundAsync(
        WhatsAppNumber business,
        WhatsAppIdentifier user,
        DateTimeOffset at,
        InboundOrigin origin = InboundOrigin.Organic,
        CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(business);
        Guard.NotDefault(user);
        var window = _windows.AddOrUpdate(
            (business, user),
            static (key, state) => ConversationWindowRules.ApplyInbound(null, key.Business, key.User, state.at, state.origin, state.window),
            static (key, existing, state) => ConversationWindowRules.ApplyInbound(existing, key.Business, key.User, state.at, state.origin, state.window),
            (at, origin, window: _customerServiceWindow));
        return ValueTask.FromResult(window);
    }

    /// <inheritdoc />
    public ValueTask<ConversationWindow?> RecordBusinessReplyAsync(WhatsAppNumber business, WhatsAppIdentifier user, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Update(business, user, existing => ConversationWindowRules.ApplyBusinessReply(existing, at, _freeEntryPointWindow));

    /// <inheritdoc />
    public ValueTask<ConversationWindow?> CloseAsync(WhatsAppNumber business, WhatsAppIdentifier user, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Update(business, user, existing => ConversationWindowRules.ApplyClosed(existing, at));

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ConversationWindow>> GetByUserAsync(WhatsAppIdentifier user, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(user);
        return ValueTask.FromResult<IReadOnlyList<ConversationWindow>>(
            _windows.Where(pair => pair.Key.User == user).Select(pair => pair.Value).OrderBy(w => w.Business).ToArray());
    }

    /// <inheritdoc />
    public ValueTask<int> RemoveUserAsync(WhatsAppIdentifier user, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(user);
        var removed = 0;
        foreach (var key in _windows.Keys)
        {
            if (key.User == user && _windows.TryRemove(key, out _))
            {
                removed++;
            }
        }

        return ValueTask.FromResult(removed);
    }

    private ValueTask<ConversationWindow?> Update(WhatsAppNumber business, WhatsAppIdentifier user, Func<ConversationWindow?, ConversationWindow?> change)
    {
        Guard.NotDefault(business);
        Guard.NotDefault(user);
        var key = (business, user);
        while (_windows.TryGetValue(key, out var existing))
        {
            var updated = change(existing);
            if (updated is null || ReferenceEquals(updated, existing) || _windows.TryUpdate(key, updated, existing))
            {
                return ValueTask.FromResult(updated);
            }
        }

        return ValueTask.FromResult<ConversationWindow?>(null);
    }
}
