using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using WaCompliance.Consent;
using WaCompliance.Conversations;
using WaCompliance.Counters;
using WaCompliance.Decisions;
using WaCompliance.Idempotency;
using WaCompliance.Identities;
using WaCompliance.Jurisdictions;
using WaCompliance.Suppression;
using WaCompliance.Templates;
using WaCompliance.Webhooks;

namespace WaCompliance;

/// <summary>
/// The in-memory stores as defaults that must be chosen: compliance records that vanish on restart are never a
/// silent default. They are created only after <c>UseInMemoryStores()</c> or in the Development environment; anywhere
/// else, resolving one (and starting the host, which resolves every store) fails with a message saying how to choose
/// a durable store. A store a storage package or the application registered is never touched.
/// </summary>
internal static class InMemoryStores
{
    /// <summary>Every store interface and its in-memory implementation.</summary>
    internal static readonly (Type Service, Type Implementation)[] Defaults =
    [
        (typeof(IConsentStore), typeof(InMemoryConsentStore)),
        (typeof(ISuppressionList), typeof(InMemorySuppressionList)),
        (typeof(IConversationWindowStore), typeof(InMemoryConversationWindowStore)),
        (typeof(ITemplateCatalog), typeof(InMemoryTemplateCatalog)),
        (typeof(IMessageCounterStore), typeof(InMemoryMessageCounterStore)),
        (typeof(IIdempotencyStore), typeof(InMemoryIdempotencyStore)),
        (typeof(IJurisdictionOverrideStore), typeof(InMemoryJurisdictionOverrideStore)),
        (typeof(IDecisionLog), typeof(InMemoryDecisionLog)),
        (typeof(IWebhookEventStore), typeof(InMemoryWebhookEventStore)),
        (typeof(IIdentityLinkStore), typeof(InMemoryIdentityLinkStore)),
        (typeof(IWebhookDeadLetterStore), typeof(InMemoryWebhookDeadLetterStore)),
    ];

    /// <summary>Registers the guarded defaults (each only where nothing is registered yet) and the start-up check.</summary>
    internal static void AddDefaults(IServiceCollection services)
    {
        foreach (var (service, implementation) in Defaults)
        {
            services.TryAdd(ServiceDescriptor.Singleton(service, sp => Create(sp, service, implementation)));
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, StoreChoiceCheck>());
    }

    /// <summary>Marks the in-memory stores as chosen.</summary>
    internal static void Choose(IServiceCollection services) => services.TryAddSingleton<InMemoryStoresChosen>();

    private static object Create(IServiceProvider services, Type service, Type implementation)
    {
        if (services.GetService<InMemoryStoresChosen>() is null && services.GetService<IHostEnvironment>()?.IsDevelopment() != true)
        {
            throw new InvalidOperationException(
                $"No store was chosen for {service.Name}, and the in-memory stores are not used by default outside the Development " +
                "environment: the consent ledger, opt-outs and the record of every decision would vanish when the process ends. " +
                "Choose a durable store on the builder returned by AddWhatsAppCompliance(): .UseSqlite(\"Data Source=compliance.db\") " +
                "(package WaCompliance.Storage.Sqlite) or .UsePostgreSql(connectionString) (package WaCompliance.Storage.PostgreSql); " +
                "for tests and demos, .UseInMemoryStores() keeps everything in memory on purpose.");
        }

        return ActivatorUtilities.CreateInstance(services, implementation);
    }

    /// <summary>The marker <c>UseInMemoryStores()</c> registers.</summary>
    private sealed class InMemoryStoresChosen;

    /// <summary>Resolves every store at start, so a host without a chosen store fails to start rather than on its first send.</summary>
    private sealed class StoreChoiceCheck(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            foreach (var (service, _) in Defaults)
            {
                _ = services.GetService(service);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
