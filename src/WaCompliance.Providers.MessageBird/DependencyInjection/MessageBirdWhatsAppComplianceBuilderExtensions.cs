using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WaCompliance;
using WaCompliance.Providers.MessageBird;
using WaCompliance.Providers.MessageBird.Templates;
using WaCompliance.Providers.MessageBird.Webhooks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds MessageBird (Bird) registrations: a gateway, a webhook reader and a template client per name.</summary>
public static class MessageBirdWhatsAppComplianceBuilderExtensions
{
    /// <summary>The prefix of MessageBird gateway names: registration <c>main</c> is the gateway <c>messagebird:main</c>.</summary>
    public const string GatewayNamePrefix = "messagebird:";

    /// <summary>
    /// Adds a MessageBird registration configured in code. Its gateway, webhook reader and template client are named
    /// <c>messagebird:{name}</c>; options are validated when the application starts.
    /// </summary>
    /// <param name="builder">The compliance builder.</param>
    /// <param name="name">The registration name, e.g. <c>main</c>; several registrations need distinct names.</param>
    /// <param name="configure">Sets the options (access key, workspace and channel, senders, webhook signing key).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    /// <exception cref="InvalidOperationException">A MessageBird registration with that name exists.</exception>
    public static IWhatsAppComplianceBuilder AddMessageBird(this IWhatsAppComplianceBuilder builder, string name, Action<MessageBirdOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        EnsureNew(builder.Services, name);
        builder.Services.AddOptions<MessageBirdOptions>(name).Configure(configure);
        return AddCore(builder, name);
    }

    /// <summary>
    /// Adds a MessageBird registration bound from a configuration section (for example
    /// <c>WhatsAppCompliance:MessageBird:main</c>). Unknown keys in the section are errors.
    /// </summary>
    /// <param name="builder">The compliance builder.</param>
    /// <param name="name">The registration name, e.g. <c>main</c>.</param>
    /// <param name="section">The section holding the <see cref="MessageBirdOptions"/> keys.</param>
    /// <param name="configure">Optionally adjusts the bound options (for example the access key from a secret store).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    /// <exception cref="InvalidOperationException">A MessageBird registration with that name exists.</exception>
    public static IWhatsAppComplianceBuilder AddMessageBird(
        this IWhatsAppComplianceBuilder builder, string name, IConfigurationSection section, Action<MessageBirdOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(section);
        EnsureNew(builder.Services, name);
        var options = builder.Services.AddOptions<MessageBirdOptions>(name).Bind(section, binder => binder.ErrorOnUnknownConfiguration = true);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return AddCore(builder, name);
    }

    private static IWhatsAppComplianceBuilder AddCore(IWhatsAppComplianceBuilder builder, string name)
    {
        var services = builder.Services;
        var gatewayName = GatewayNamePrefix + name;
        var clientName = "WaCompliance.MessageBird." + name;
        services.AddOptions<MessageBirdOptions>(name).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MessageBirdOptions>, MessageBirdOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(clientName);
        services.AddSingleton(new MessageBirdRegistration(name));

        builder.AddGateway(gatewayName, sp => new MessageBirdGateway(
            gatewayName, Options(sp, name), HttpClient(sp, clientName), sp.GetRequiredService<TimeProvider>(), Logger(sp)));
        builder.AddWebhookReader(gatewayName, sp => new MessageBirdWebhookReader(
            gatewayName, Options(sp, name), sp.GetRequiredService<TimeProvider>(), Logger(sp)));
        builder.AddTemplateClient(gatewayName, sp => new MessageBirdTemplateClient(gatewayName, Options(sp, name), HttpClient(sp, clientName)));
        return builder;
    }

    private static MessageBirdOptions Options(IServiceProvider services, string name) =>
        services.GetRequiredService<IOptionsMonitor<MessageBirdOptions>>().Get(name);

    private static Func<HttpClient> HttpClient(IServiceProvider services, string clientName)
    {
        var factory = services.GetRequiredService<IHttpClientFactory>();
        return () => factory.CreateClient(clientName);
    }

    private static ILogger Logger(IServiceProvider services) =>
        services.GetService<ILoggerFactory>()?.CreateLogger("WaCompliance.Providers.MessageBird") ?? NullLogger.Instance;

    private static void EnsureNew(IServiceCollection services, string name)
    {
        if (services.Any(d => d.ServiceType == typeof(MessageBirdRegistration) && d.ImplementationInstance is MessageBirdRegistration r && r.Name == name))
        {
            throw new InvalidOperationException($"A MessageBird registration named '{name}' was already added; give each registration its own name.");
        }
    }
}
