using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WaCompliance;
using WaCompliance.Providers.Twilio;
using WaCompliance.Providers.Twilio.Gateway;
using WaCompliance.Providers.Twilio.Internal;
using WaCompliance.Providers.Twilio.Templates;
using WaCompliance.Providers.Twilio.Webhooks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Twilio accounts to the WhatsApp compliance engine.</summary>
public static class TwilioWhatsAppComplianceBuilderExtensions
{
    /// <summary>
    /// Adds a Twilio account under a registration name: its gateway (<c>twilio:{name}</c>), webhook reader and
    /// template client, with options set in code and validated when the application starts. Call it once per account.
    /// </summary>
    /// <param name="builder">The builder from <c>AddWhatsAppCompliance</c>.</param>
    /// <param name="name">The registration name, e.g. <c>main</c>; the gateway is registered as <c>twilio:main</c>.</param>
    /// <param name="configure">Sets the options: <see cref="TwilioOptions.AccountSid"/>, <see cref="TwilioOptions.AuthToken"/> and <see cref="TwilioOptions.Senders"/> are required.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public static IWhatsAppComplianceBuilder AddTwilio(this IWhatsAppComplianceBuilder builder, string name, Action<TwilioOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<TwilioOptions>(name).Configure(configure);
        return Add(builder, name, configurationPath: null);
    }

    /// <summary>
    /// Adds a Twilio account under a registration name with options bound from a configuration section (e.g.
    /// <c>WhatsAppCompliance:Twilio:main</c>). Unknown keys in the section are errors, so a misspelt setting does not
    /// pass silently.
    /// </summary>
    /// <param name="builder">The builder from <c>AddWhatsAppCompliance</c>.</param>
    /// <param name="name">The registration name, e.g. <c>main</c>; the gateway is registered as <c>twilio:main</c>.</param>
    /// <param name="section">The configuration section.</param>
    /// <param name="configure">Optionally adjusts the bound options (e.g. the Auth Token from a secret store).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public static IWhatsAppComplianceBuilder AddTwilio(
        this IWhatsAppComplianceBuilder builder,
        string name,
        IConfigurationSection section,
        Action<TwilioOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(section);
        var options = builder.Services.AddOptions<TwilioOptions>(name)
            .Bind(section, binder => binder.ErrorOnUnknownConfiguration = true);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return Add(builder, name, section.Path);
    }

    private static IWhatsAppComplianceBuilder Add(IWhatsAppComplianceBuilder builder, string name, string? configurationPath)
    {
        var services = builder.Services;
        var registration = TwilioProvider.RegistrationPrefix + name;
        var httpClientName = "WaCompliance.Twilio:" + name;
        services.AddOptions<TwilioOptions>(name).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TwilioOptions>>(new TwilioOptionsValidator(name, configurationPath));
        services.TryAddSingleton(TimeProvider.System);
        // The gateway logs its own outcomes (codes only); the factory's per-request loggers would add a scope and two
        // log calls to every send and print request URIs. Re-add them with AddHttpClient(name).AddDefaultLogger().
        services.AddHttpClient(httpClientName).RemoveAllLoggers();

        services.AddKeyedSingleton(registration, (sp, _) => new TwilioContentApi(
            sp.GetRequiredService<IHttpClientFactory>(),
            httpClientName,
            new TwilioEndpoints(Options(sp, name)),
            sp.GetRequiredService<TimeProvider>()));

        builder.AddGateway(registration, sp => new TwilioMessageGateway(
            registration,
            Options(sp, name),
            sp.GetRequiredService<IHttpClientFactory>(),
            httpClientName,
            sp.GetRequiredKeyedService<TwilioContentApi>(registration),
            sp.GetRequiredService<TimeProvider>(),
            Logger(sp)));
        builder.AddWebhookReader(registration, sp => new TwilioWebhookReader(
            registration,
            Options(sp, name),
            sp.GetRequiredService<TimeProvider>(),
            Logger(sp)));
        builder.AddTemplateClient(registration, sp => new TwilioTemplateClient(
            registration,
            sp.GetRequiredKeyedService<TwilioContentApi>(registration),
            Logger(sp)));
        return builder;
    }

    private static TwilioOptions Options(IServiceProvider services, string name) =>
        services.GetRequiredService<IOptionsMonitor<TwilioOptions>>().Get(name);

    private static ILogger Logger(IServiceProvider services) =>
        services.GetService<ILoggerFactory>()?.CreateLogger("WaCompliance.Providers.Twilio") ?? NullLogger.Instance;
}
