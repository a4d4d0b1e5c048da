using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WaCompliance;
using WaCompliance.Consent;
using WaCompliance.Conversations;
using WaCompliance.Counters;
using WaCompliance.Gateways;
using WaCompliance.Diagnostics;
using WaCompliance.Identities;
using WaCompliance.Jurisdictions;
using WaCompliance.Messaging;
using WaCompliance.Numbers;
using WaCompliance.Policy;
using WaCompliance.Policy.Content;
using WaCompliance.Privacy;
using WaCompliance.Suppression;
using WaCompliance.Templates;
using WaCompliance.Webhooks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the WhatsApp compliance engine.</summary>
public static class WhatsAppComplianceServiceCollectionExtensions
{
    // Public on purpose: keys made with it are not secret. Only ever used in the Development environment.
    private const string DevelopmentPepper = "WaCompliance development pepper - NOT SECRET - do not use in production";

    /// <summary>
    /// Adds the compliance engine with in-memory stores (replaced by a storage package such as <c>UseSqlite</c>) and
    /// options set in code. Options are validated when the application starts.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options; <see cref="WhatsAppComplianceOptions.BusinessName"/> is required.</param>
    /// <returns>The builder, for providers and storage.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IWhatsAppComplianceBuilder AddWhatsAppCompliance(this IServiceCollection services, Action<WhatsAppComplianceOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<WhatsAppComplianceOptions>().Configure(configure);
        return AddCore(services);
    }

    /// <summary>
    /// Adds the compliance engine with options bound from a configuration section (usually
    /// <c>WhatsAppCompliance</c>). Unknown keys in the section are errors, so a misspelt setting does not pass silently.
    /// The sub-sections the storage and provider packages read (<c>Storage</c>, <c>Sqlite</c>, <c>PostgreSql</c>,
    /// <c>Twilio</c>, <c>MessageBird</c>, <c>Bird</c>, <c>360dialog</c>, <c>Dialog360</c>) are left to them, so one
    /// section can hold the whole configuration.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="section">The configuration section.</param>
    /// <param name="configure">Optionally adjusts the bound options.</param>
    /// <returns>The builder, for providers and storage.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IWhatsAppComplianceBuilder AddWhatsAppCompliance(
        this IServiceCollection services,
        IConfigurationSection section,
        Action<WhatsAppComplianceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        var options = services.AddOptions<WhatsAppComplianceOptions>()
            .Bind(PackageSections.WithoutPackageSections(section), binder => binder.ErrorOnUnknownConfiguration = true);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return AddCore(services);
    }

    private static WhatsAppComplianceBuilder AddCore(IServiceCollection services)
    {
        services.AddOptions<WhatsAppComplianceOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WhatsAppComplianceOptions>, WhatsAppComplianceOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISubjectKeyProvider>(CreateSubjectKeyProvider);
        services.TryAddSingleton<IWhatsAppNumberParser>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<WhatsAppComplianceOptions>>().Value;
            return new WhatsAppNumberParser(
                options.DefaultRegion,
                options.AcceptedNumberTypes is { Length: > 0 } types ? types : null);
        });
        services.TryAddSingleton<PhoneNumberRedactor>();

        InMemoryStores.AddDefaults(services);
        services.TryAddSingleton<SendStateChanges>();
        services.TryAddSingleton<ConsentLedger>();

        // Every opt-out and erasure recorded through this instance is announced to sends in flight.
        services.TryAddSingleton<IConsentLedger>(sp => new NotifyingConsentLedger(sp.GetRequiredService<ConsentLedger>(), sp.GetRequiredService<SendStateChanges>()));
        services.TryAddSingleton(sp => new IdentityResolver(sp.GetRequiredService<IIdentityLinkStore>()));
        services.TryAddSingleton<IJurisdictionResolver, JurisdictionResolver>();
        services.TryAddSingleton<IDataSubjectService, DataSubjectService>();
        services.TryAddSingleton<IMessageGatewayRegistry, MessageGatewayRegistry>();
        services.TryAddSingleton<IContentScreener>(_ => new LexiconContentScreener());
        services.TryAddSingleton<ICompliancePolicy>(sp => new CompliancePolicy(
            sp.GetRequiredService<IOptions<WhatsAppComplianceOptions>>(),
            sp.GetRequiredService<IWhatsAppNumberParser>(),
            sp.GetRequiredService<IConsentLedger>(),
            sp.GetRequiredService<ISuppressionList>(),
            sp.GetRequiredService<IConversationWindowStore>(),
            sp.GetRequiredService<ITemplateCatalog>(),
            sp.GetRequiredService<IMessageCounterStore>(),
            sp.GetRequiredService<IJurisdictionOverrideStore>(),
            sp.GetRequiredService<IMessageGatewayRegistry>(),
            sp.GetRequiredService<IContentScreener>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetServices<IComplianceRule>(),
            sp.GetRequiredService<IIdentityLinkStore>()));
        services.TryAddSingleton<IWhatsAppMessenger, WhatsAppMessenger>();
        services.TryAddSingleton<SendRecovery>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SendRecoveryHostedService>());
        services.TryAddSingleton<KeywordClassifier>();
        services.TryAddSingleton<WebhookProcessor>();
        services.TryAddSingleton<WebhookDeadLetters>();
        return new WhatsAppComplianceBuilder(services);
    }

    private static ISubjectKeyProvider CreateSubjectKeyProvider(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<WhatsAppComplianceOptions>>().Value;
        if (!string.IsNullOrEmpty(options.Pepper))
        {
            return new CachingSubjectKeyProvider(new HmacSubjectKeyProvider(options.Pepper));
        }

        if (services.GetService<IHostEnvironment>()?.IsDevelopment() == true)
        {
            var logger = services.GetService<ILoggerFactory>()?.CreateLogger("WaCompliance") ?? NullLogger.Instance;
            Log.DevelopmentPepper(logger);
            return new CachingSubjectKeyProvider(new HmacSubjectKeyProvider(DevelopmentPepper));
        }

        throw new OptionsValidationException(
            Microsoft.Extensions.Options.Options.DefaultName,
            typeof(WhatsAppComplianceOptions),
            ["WhatsAppComplianceOptions.Pepper (WhatsAppCompliance:Pepper) is required outside the Development environment."]);
    }
}
