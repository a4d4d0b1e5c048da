using Microsoft.Extensions.DependencyInjection;
using WaCompliance.Gateways;
using WaCompliance.Templates;
using WaCompliance.Webhooks;

namespace WaCompliance;

/// <summary>How provider packages plug gateways, webhook readers and template clients into the engine.</summary>
public static class WhatsAppComplianceBuilderExtensions
{
    /// <summary>
    /// Keeps every compliance record (consent ledger, opt-outs, suppression list, decisions, send records) in memory,
    /// on purpose: everything vanishes when the process ends. For tests and demos. Without this call the in-memory
    /// stores are used only in the Development environment; anywhere else a store must be chosen
    /// (<c>UseSqlite</c> or <c>UsePostgreSql</c> from the storage packages), or start-up fails saying so.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IWhatsAppComplianceBuilder UseInMemoryStores(this IWhatsAppComplianceBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        InMemoryStores.Choose(builder.Services);
        return builder;
    }

    /// <summary>
    /// Registers a gateway under a name: as a keyed service (key = name) and in the list the
    /// <see cref="IMessageGatewayRegistry"/> routes over. Any number of gateways may be added.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The registration name, unique in the application.</param>
    /// <param name="factory">Creates the gateway.</param>
    /// <returns>The builder.</returns>
    public static IWhatsAppComplianceBuilder AddGateway(this IWhatsAppComplianceBuilder builder, string name, Func<IServiceProvider, IMessageGateway> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.AddKeyedSingleton(name, (services, _) => factory(services));
        builder.Services.AddSingleton(services => services.GetRequiredKeyedService<IMessageGateway>(name));
        return builder;
    }

    /// <summary>Registers a webhook reader for a gateway (keyed by the gateway name and listed).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The gateway name.</param>
    /// <param name="factory">Creates the reader.</param>
    /// <returns>The builder.</returns>
    public static IWhatsAppComplianceBuilder AddWebhookReader(this IWhatsAppComplianceBuilder builder, string name, Func<IServiceProvider, IWebhookReader> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.AddKeyedSingleton(name, (services, _) => factory(services));
        builder.Services.AddSingleton(services => services.GetRequiredKeyedService<IWebhookReader>(name));
        return builder;
    }

    /// <summary>Registers a template client for a gateway (keyed by the gateway name and listed).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The gateway name.</param>
    /// <param name="factory">Creates the client.</param>
    /// <returns>The builder.</returns>
    public static IWhatsAppComplianceBuilder AddTemplateClient(this IWhatsAppComplianceBuilder builder, string name, Func<IServiceProvider, ITemplateClient> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.AddKeyedSingleton(name, (services, _) => factory(services));
        builder.Services.AddSingleton(services => services.GetRequiredKeyedService<ITemplateClient>(name));
        return builder;
    }
}
