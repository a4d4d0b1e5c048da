using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WaCompliance.Conformance;
using WaCompliance.Consent;
using WaCompliance.Conversations;
using WaCompliance.Counters;
using WaCompliance.Decisions;
using WaCompliance.Idempotency;
using WaCompliance.Jurisdictions;
using WaCompliance.Suppression;
using WaCompliance.Templates;
using WaCompliance.Webhooks;

namespace WaCompliance.Tests.Stores;

public sealed class InMemoryConsentStoreConformanceTests : ConsentStoreConformanceTests
{
    protected override Task<IConsentStore> CreateStoreAsync(StoreTestContext context) =>
        Task.FromResult<IConsentStore>(new InMemoryConsentStore(context.Keys));

    protected override IConsentStoreTampering CreateTampering(IConsentStore store) => new Tampering((InMemoryConsentStore)store);

    private sealed class Tampering(InMemoryConsentStore store) : IConsentStoreTampering
    {
        public Task AlterSourceAsync(long sequence, string newSource)
        {
            store.TamperReplace(sequence, r => r with { Source = newSource });
            return Task.CompletedTask;
        }

        public Task AlterPersonalDataAsync(long sequence, string newIpAddress)
        {
            store.TamperReplace(sequence, r => r with { PersonalData = r.PersonalData! with { IpAddress = newIpAddress } });
            return Task.CompletedTask;
        }

        public Task DeleteAsync(long sequence)
        {
            store.TamperDelete(sequence);
            return Task.CompletedTask;
        }

        public Task SwapAsync(long first, long second)
        {
            store.TamperSwap(first, second);
            return Task.CompletedTask;
        }

        public Task InsertBeforeAsync(long sequence, ConsentRecord forged)
        {
            store.TamperInsert((int)sequence - 1, forged);
            return Task.CompletedTask;
        }
    }
}

public sealed class InMemorySuppressionListConformanceTests : SuppressionListConformanceTests
{
    protected override Task<ISuppressionList> CreateStoreAsync(StoreTestContext context) =>
        Task.FromResult<ISuppressionList>(new InMemorySuppressionList(context.Keys, context.Time));
}

public sealed class InMemoryConversationWindowStoreConformanceTests : ConversationWindowStoreConformanceTests
{
    protected override Task<IConversationWindowStore> CreateStoreAsync(StoreTestContext context) =>
        Task.FromResult<IConversationWindowStore>(new InMemoryConversationWindowStore(context.Options));
}

public sealed class InMemoryTemplateCatalogConformanceTests : TemplateCatalogConformanceTests
{
    protected override Task<ITemplateCatalog> CreateStoreAsync(StoreTestContext context) =>
        Task.FromResult<ITemplateCatalog>(new InMemoryTemplateCatalog(context.Time));
}

public sealed class InMemoryMessageCounterStoreConformanceTests : MessageCounterStoreConformanceTests
{
    protected override Task<IMessageCounterStore> CreateStoreAsync(StoreTestContext context) =>
        Task.FromResult<IMessageCounterStore>(new InMemoryMessageCounterStore(context.Options));
}

public sealed class InMemoryIdempotencyStoreConformanceTests : IdempotencyStoreConformanceTests
{
    protected override Task<IIdempotencyStore> CreateStoreAsync(StoreTestContext context) =>
        Task.FromResult<IIdempotencyStore>(new InMemoryIdempotencyStore());
}

public sealed class InMemoryJurisdictionOverrideStoreConformanceTests : JurisdictionOverrideStoreConformanceTests
{
    protected override Task<IJurisdictionOverrideStore> CreateStoreAsync(StoreTestContext context) =>
        Task.FromResult<IJurisdictionOverrideStore>(new InMemoryJurisdictionOverrideStore());
}

public sealed class InMemoryDecisionLogConformanceTests : DecisionLogConformanceTests
{
    protected override Task<IDecisionLog> CreateStoreAsync(StoreTestContext context) =>
        Task.FromResult<IDecisionLog>(new InMemoryDecisionLog());
}

public sealed class InMemoryWebhookEventStoreConformanceTests : WebhookEventStoreConformanceTests
{
    protected override Task<IWebhookEventStore> CreateStoreAsync(StoreTestContext context) =>
        Task.FromResult<IWebhookEventStore>(new InMemoryWebhookEventStore());
}

/// <summary>The send path over the in-memory stores: every instance of a test shares the same store objects.</summary>
public sealed class InMemorySendPathConformanceTests : SendPathConformanceTests
{
    private static readonly Type[] s_stores =
    [
        typeof(IConsentStore), typeof(ISuppressionList), typeof(IConversationWindowStore), typeof(ITemplateCatalog),
        typeof(IMessageCounterStore), typeof(IIdempotencyStore), typeof(IJurisdictionOverrideStore), typeof(IDecisionLog),
        typeof(IWebhookEventStore), typeof(WaCompliance.Identities.IIdentityLinkStore), typeof(IWebhookDeadLetterStore),
    ];

    private ServiceProvider? _shared;

    protected override void AddStorage(IWhatsAppComplianceBuilder builder)
    {
        _shared ??= Shared();
        foreach (var type in s_stores)
        {
            builder.Services.RemoveAll(type);
            builder.Services.AddSingleton(type, _shared.GetRequiredService(type));
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_shared is not null)
        {
            await _shared.DisposeAsync();
        }
    }

    private ServiceProvider Shared()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddWhatsAppCompliance(o =>
        {
            o.BusinessName = "Acme Ltd";
            o.Pepper = StoreTestContext.Pepper;
        }).UseInMemoryStores();
        return services.BuildServiceProvider();
    }
}
