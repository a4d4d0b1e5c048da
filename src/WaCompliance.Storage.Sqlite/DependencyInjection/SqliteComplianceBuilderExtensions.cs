using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WaCompliance;
using WaCompliance.Consent;
using WaCompliance.Conversations;
using WaCompliance.Counters;
using WaCompliance.Decisions;
using WaCompliance.Idempotency;
using WaCompliance.Identities;
using WaCompliance.Jurisdictions;
using WaCompliance.Storage.Sqlite;
using WaCompliance.Storage.Sqlite.Internal;
using WaCompliance.Suppression;
using WaCompliance.Templates;
using WaCompliance.Webhooks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Stores the compliance data in one SQLite database file.</summary>
public static class SqliteComplianceBuilderExtensions
{
    /// <summary>
    /// Replaces every in-memory store with its SQLite store: consent ledger, suppression list, conversation windows,
    /// template catalog, message counters, idempotency records, jurisdiction overrides, decision log, webhook
    /// events, identity links and webhook dead letters. Options are validated when the application starts; the schema is migrated then too (see
    /// <see cref="SqliteStorageOptions.MigrateOnStart"/>).
    /// </summary>
    /// <param name="builder">The compliance builder.</param>
    /// <param name="connectionString">A connection string such as <c>Data Source=compliance.db</c>, or a file path.</param>
    /// <param name="configure">Adjusts the other options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The connection string is empty.</exception>
    public static IWhatsAppComplianceBuilder UseSqlite(
        this IWhatsAppComplianceBuilder builder,
        string connectionString,
        Action<SqliteStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        builder.Services.AddOptions<SqliteStorageOptions>().Configure(options =>
        {
            options.ConnectionString = connectionString;
            configure?.Invoke(options);
        });
        return AddStores(builder, SqliteStorageOptions.SectionName);
    }

    /// <summary>
    /// Replaces every in-memory store with its SQLite store, with options bound from a configuration section (usually
    /// <see cref="SqliteStorageOptions.SectionName"/>): <c>ConnectionString</c> or <c>DataSource</c>,
    /// <c>MigrateOnStart</c>, <c>BusyTimeout</c>. Unknown keys are errors.
    /// </summary>
    /// <param name="builder">The compliance builder.</param>
    /// <param name="section">The configuration section.</param>
    /// <param name="configure">Adjusts the bound options.</param>
    /// <returns>The builder.</returns>
    public static IWhatsAppComplianceBuilder UseSqlite(
        this IWhatsAppComplianceBuilder builder,
        IConfigurationSection section,
        Action<SqliteStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        var options = builder.Services.AddOptions<SqliteStorageOptions>()
            .Bind(section, binder => binder.ErrorOnUnknownConfiguration = true);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return AddStores(builder, section.Path);
    }

    private static IWhatsAppComplianceBuilder AddStores(IWhatsAppComplianceBuilder builder, string sectionPath)
    {
        var services = builder.Services;
        services.AddOptions<SqliteStorageOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStorageOptions>>(new SqliteStorageOptionsValidator(sectionPath)));
        services.TryAddSingleton(sp => new SqliteComplianceDatabase(
            sp.GetRequiredService<IOptions<SqliteStorageOptions>>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetService<ILogger<SqliteComplianceDatabase>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SqliteMigrationHostedService>());

        Replace<IConsentStore, SqliteConsentStore>(services);
        Replace<ISuppressionList, SqliteSuppressionList>(services);
        Replace<IConversationWindowStore, SqliteConversationWindowStore>(services);
        Replace<ITemplateCatalog, SqliteTemplateCatalog>(services);
        Replace<IMessageCounterStore, SqliteMessageCounterStore>(services);
        Replace<IIdempotencyStore, SqliteIdempotencyStore>(services);
        Replace<IJurisdictionOverrideStore, SqliteJurisdictionOverrideStore>(services);
        Replace<IDecisionLog, SqliteDecisionLog>(services);
        Replace<IWebhookEventStore, SqliteWebhookEventStore>(services);
        Replace<IIdentityLinkStore, SqliteIdentityLinkStore>(services);
        Replace<IWebhookDeadLetterStore, SqliteWebhookDeadLetterStore>(services);
        return builder;
    }

    private static void Replace<TService, TImplementation>(IServiceCollection services)
        where TService : class
        where TImplementation : class, TService
    {
        services.RemoveAll<TService>();
        services.AddSingleton<TService, TImplementation>();
    }
}
