using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WaCompliance.Conversations;
using WaCompliance.Identities;
using WaCompliance.Numbers;

namespace WaCompliance.Providers.MessageBird.Tests.Infrastructure;

/// <summary>
/// The in-memory conversation window store, unreachable while <see cref="IsDown"/> (a store briefly down): the webhook
/// processor fails the delivery and the endpoint answers 5xx, as an application's would.
/// </summary>
public sealed class OutageWindowStore : IConversationWindowStore
{
    private IConversationWindowStore _inner = null!;

    /// <summary>Whether the store is down.</summary>
    public bool IsDown { get; set; }

    /// <summary>Registers this store, over the in-memory one.</summary>
    /// <param name="services">The services.</param>
    public void Register(IServiceCollection services) => services.AddSingleton<IConversationWindowStore>(provider =>
    {
        _inner = new InMemoryConversationWindowStore(provider.GetRequiredService<IOptions<WhatsAppComplianceOptions>>());
        return this;
    });

    public ValueTask<ConversationWindow?> GetAsync(WhatsAppNumber business, WhatsAppIdentifier user, CancellationToken cancellationToken = default) =>
        Up().GetAsync(business, user, cancellationToken);

    public ValueTask<IReadOnlyDictionary<WhatsAppIdentifier, ConversationWindow>> GetManyAsync(WhatsAppNumber business, IReadOnlyCollection<WhatsAppIdentifier> users, CancellationToken cancellationToken = default) =>
        Up().GetManyAsync(business, users, cancellationToken);

    public ValueTask<ConversationWindow> RecordInboundAsync(WhatsAppNumber business, WhatsAppIdentifier user, DateTimeOffset at, InboundOrigin origin = InboundOrigin.Organic, CancellationToken cancellationToken = default) =>
        Up().RecordInboundAsync(business, user, at, origin, cancellationToken);

    public ValueTask<ConversationWindow?> RecordBusinessReplyAsync(WhatsAppNumber business, WhatsAppIdentifier user, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Up().RecordBusinessReplyAsync(business, user, at, cancellationToken);

    public ValueTask<ConversationWindow?> CloseAsync(WhatsAppNumber business, WhatsAppIdentifier user, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Up().CloseAsync(business, user, at, cancellationToken);

    public ValueTask<IReadOnlyList<ConversationWindow>> GetByUserAsync(WhatsAppIdentifier user, CancellationToken cancellationToken = default) =>
        Up().GetByUserAsync(user, cancellationToken);

    public ValueTask<int> RemoveUserAsync(WhatsAppIdentifier user, CancellationToken cancellationToken = default) =>
        Up().RemoveUserAsync(user, cancellationToken);

    private IConversationWindowStore Up() => IsDown ? throw new InvalidOperationException("The window store is unreachable.") : _inner;
}
