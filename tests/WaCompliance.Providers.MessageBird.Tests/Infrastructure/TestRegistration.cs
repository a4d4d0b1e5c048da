using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WaCompliance.Gateways;
using WaCompliance.Templates;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.MessageBird.Tests.Infrastructure;

/// <summary>Builds a service provider with one MessageBird registration named <c>main</c>, as an application would.</summary>
public sealed class TestRegistration : IDisposable
{
    public const string Sender = "+31612345678";
    public const string Recipient = "+31687654321";
    public const string SigningKey = "test-signing-key-9f2c";
    public const string GatewayName = "messagebird:main";

    public TestRegistration(Action<MessageBirdOptions> configure, FakeTimeProvider? time = null, Action<IServiceCollection>? services = null)
    {
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(Time);
        services?.Invoke(collection);
        collection.AddWhatsAppCompliance(o =>
        {
            o.BusinessName = "Acme";
            o.Pepper = new string('p', 40);
        }).UseInMemoryStores().AddMessageBird("main", configure);
        Services = collection.BuildServiceProvider();
    }

    public FakeTimeProvider Time { get; }

    public ServiceProvider Services { get; }

    public IMessageGateway Gateway => Services.GetRequiredKeyedService<IMessageGateway>(GatewayName);

    public IWebhookReader Reader => Services.GetRequiredKeyedService<IWebhookReader>(GatewayName);

    public ITemplateClient Templates => Services.GetRequiredKeyedService<ITemplateClient>(GatewayName);

    public static TestRegistration Channels(BirdStub? stub, Action<MessageBirdOptions>? more = null, FakeTimeProvider? time = null, Action<IServiceCollection>? services = null) => new(o =>
    {
        o.AccessKey = BirdStub.AccessKey;
        o.WorkspaceId = BirdStub.WorkspaceId;
        o.ChannelId = BirdStub.ChannelId;
        o.Senders = [Sender];
        o.WebhookSigningKey = SigningKey;
        if (stub is not null)
        {
            o.ChannelsBaseUrl = stub.BaseUrl;
        }

        more?.Invoke(o);
    }, time, services);

    public static TestRegistration Legacy(BirdStub? stub, Action<MessageBirdOptions>? more = null, FakeTimeProvider? time = null, Action<IServiceCollection>? services = null) => new(o =>
    {
        o.ApiMode = MessageBirdApiMode.LegacyConversations;
        o.AccessKey = BirdStub.AccessKey;
        o.ChannelId = BirdStub.LegacyChannelId;
        o.TemplateNamespace = BirdStub.TemplateNamespace;
        o.Senders = [Sender];
        o.WebhookSigningKey = SigningKey;
        if (stub is not null)
        {
            o.ConversationsBaseUrl = stub.BaseUrl;
            o.IntegrationsBaseUrl = stub.BaseUrl;
        }

        more?.Invoke(o);
    }, time, services);

    public void Dispose() => Services.Dispose();
}
