using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WaCompliance;
using WaCompliance.Numbers;
using WaCompliance.Providers.Dialog360;
using WaCompliance.Providers.Dialog360.DependencyInjection;
using WaCompliance.Providers.Dialog360.Internal;
using WaCompliance.Providers.Dialog360.Messaging;
using WaCompliance.Providers.Dialog360.Templates;
using WaCompliance.Providers.Dialog360.Webhooks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds 360dialog registrations to the WhatsApp compliance engine.</summary>
public static class Dialog360WhatsAppComplianceBuilderExtensions
{
    /// <summary>
    /// Adds a 360dialog registration: a gateway, a webhook reader and a template client named
    /// <c>360dialog:{name}</c>, with options set in code. Call it once per API key (one per number); options are
    /// validated when the application starts.
    /// </summary>
    /// <param name="builder">The builder from <c>AddWhatsAppCompliance</c>.</param>
    /// <param name="name">The registration name, e.g. <c>eu</c>.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public static IWhatsAppComplianceBuilder Add360dialog(this IWhatsAppComplianceBuilder builder, string name, Action<Dialog360Options> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<Dialog360Options>(name).Configure(configure);
        return AddRegistration(builder, name);
    }

    /// <summary>
    /// Adds a 360dialog registration with options bound from a configuration section (keys <c>ApiKey</c>,
    /// <c>Senders</c>, <c>BaseUrl</c>, <c>Webhook:*</c>). Unknown keys are errors, so a misspelt setting does not pass
    /// silently.
    /// </summary>
    /// <param name="builder">The builder from <c>AddWhatsAppCompliance</c>.</param>
    /// <param name="name">The registration name, e.g. <c>eu</c>.</param>
    /// <param name="section">The configuration section.</param>
    /// <param name="configure">Optionally adjusts the bound options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public static IWhatsAppComplianceBuilder Add360dialog(
        this IWhatsAppComplianceBuilder builder,
        string name,
        IConfigurationSection section,
        Action<Dialog360Options>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(section);
        var options = builder.Services.AddOptions<Dialog360Options>(name).Bind(section, binder => binder.ErrorOnUnknownConfiguration = true);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return AddRegistration(builder, name);
    }

    private static IWhatsAppComplianceBuilder AddRegistration(IWhatsAppComplianceBuilder builder, string name)
    {
        var services = builder.Services;
        var gatewayName = Dialog360Names.Gateway(name);
        var clientName = Dialog360Names.HttpClient(name);
        services.AddOptions<Dialog360Options>(name).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Dialog360Options>>(new Dialog360OptionsValidator(name));
        services.AddHttpClient(clientName);
        services.AddKeyedSingleton(gatewayName, (sp, _) => CreateConnection(sp, name, gatewayName, clientName));
        builder.AddGateway(gatewayName, sp => new Dialog360MessageGateway(
            sp.GetRequiredKeyedService<Dialog360Connection>(gatewayName),
            Senders(Options(sp, name)),
            Logger(sp, "WaCompliance.Providers.Dialog360.Gateway")));
        builder.AddWebhookReader(gatewayName, sp => new Dialog360WebhookReader(
            gatewayName,
            Options(sp, name).Webhook,
            Senders(Options(sp, name)),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            Logger(sp, "WaCompliance.Providers.Dialog360.Webhooks")));
        builder.AddTemplateClient(gatewayName, sp => new Dialog360TemplateClient(
            sp.GetRequiredKeyedService<Dialog360Connection>(gatewayName),
            Logger(sp, "WaCompliance.Providers.Dialog360.Templates")));
        services.AddKeyedSingleton(gatewayName, (sp, _) => new Dialog360WebhookConfigurator(
            sp.GetRequiredKeyedService<Dialog360Connection>(gatewayName),
            Options(sp, name).Webhook));
        return builder;
    }

    private static Dialog360Connection CreateConnection(IServiceProvider services, string name, string gatewayName, string clientName)
    {
        var options = Options(services, name);
        var factory = services.GetRequiredService<IHttpClientFactory>();
        return new Dialog360Connection(
            gatewayName,
            options.BaseUrl,
            options.ApiKey!,
            () => factory.CreateClient(clientName),
            services.GetService<TimeProvider>() ?? TimeProvider.System);
    }

    private static Dialog360Options Options(IServiceProvider services, string name) =>
        services.GetRequiredService<IOptionsMonitor<Dialog360Options>>().Get(name);

    private static WhatsAppNumber[] Senders(Dialog360Options options) =>
        [.. options.Senders.Select(SenderNumbers.Parse)];

    private static ILogger Logger(IServiceProvider services, string category) =>
        services.GetService<ILoggerFactory>()?.CreateLogger(category) ?? NullLogger.Instance;
}
