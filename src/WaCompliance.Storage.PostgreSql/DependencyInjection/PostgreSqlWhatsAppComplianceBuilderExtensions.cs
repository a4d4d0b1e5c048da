using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using WaCompliance;
using WaCompliance.Consent;
using WaCompliance.Conversations;
using WaCompliance.Counters;
using WaCompliance.Decisions;
using WaCompliance.Idempotency;
using WaCompliance.Identities;
using WaCompliance.Jurisdictions;
using WaCompliance.Storage.PostgreSql;
using WaCompliance.Storage.PostgreSql.Internal;
using WaCompliance.Storage.PostgreSql.Stores;
using WaCompliance.Suppression;
using WaCompliance.Templates;
using WaCompliance.Webhooks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// <c>UsePostgreSql</c>: keeps every WaCompliance store (consent ledger, suppression, windows, templates, counters,
/// send records, jurisdiction overrides, decisions, webhook events, identity links, webhook dead letters) in PostgreSQL, shared by every application
/// instance that points at the same database and schema. Replaces the in-memory stores.
/// </summary>
public static class PostgreSqlWhatsAppComplianceBuilderExtensions
{
    /// <summary>Stores everything in PostgreSQL, connecting with a connection string.</summary>
    /// <param name="builder">The compliance builder.</param>
    /// <param name="connectionString">The Npgsql connection string (validated at start; it is never logged).</param>
    /// <param name="configure">Adjusts the other options (schema, migration at start, command timeout).</param>
    /// <returns>The builder.</returns>
    public static IWhatsAppComplianceBuilder UsePostgreSql(
        this IWhatsAppComplianceBuilder builder,
        string connectionString,
        Action<PostgreSqlStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<PostgreSqlStorageOptions>().Configure(options =>
        {
            options.ConnectionString = connectionString;
            configure?.Invoke(options);
        });
        return AddStores(builder, dataSource: null);
    }

    /// <summary>
    /// Stores everything in PostgreSQL through a data source the application built (for example with
    /// <c>NpgsqlDataSourceBuilder</c>, to add logging, a password provider or pool settings). The application owns the
    /// data source and disposes it; <see cref="PostgreSqlStorageOptions.ConnectionString"/> is not used.
    /// </summary>
    /// <param name="builder">The compliance builder.</param>
    /// <param name="dataSource">The data source.</param>
    /// <param name="configure">Adjusts the options (schema, migration at start, command timeout).</param>
    /// <returns>The builder.</returns>
    public static IWhatsAppComplianceBuilder UsePostgreSql(
        this IWhatsAppComplianceBuilder builder,
        NpgsqlDataSource dataSource,
        Action<PostgreSqlStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dataSource);
        var options = builder.Services.AddOptions<PostgreSqlStorageOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return AddStores(builder, dataSource);
    }

    /// <summary>
    /// Stores everything in PostgreSQL with options bound from configuration (usually <c>WhatsAppCompliance:PostgreSql</c>:
    /// <c>ConnectionString</c>, <c>Schema</c>, <c>MigrateOnStart</c>, <c>CommandTimeout</c>). Unknown keys are errors.
    /// </summary>
    /// <param name="builder">The compliance builder.</param>
    /// <param name="section">The configuration section.</param>
    /// <param name="configure">Adjusts the bound options.</param>
    /// <returns>The builder.</returns>
    public static IWhatsAppComplianceBuilder UsePostgreSql(
        this IWhatsAppComplianceBuilder builder,
        IConfigurationSection section,
        Action<PostgreSqlStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        var options = builder.Services.AddOptions<PostgreSqlStorageOptions>()
            .Bind(section, binder => binder.ErrorOnUnknownConfiguration = true);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return AddStores(builder, dataSource: null);
    }

    private static IWhatsAppComplianceBuilder AddStores(IWhatsAppComplianceBuilder builder, NpgsqlDataSource? dataSource)
    {
        var services = builder.Services;
        services.AddOptions<PostgreSqlStorageOptions>().ValidateOnStart();
        services.RemoveAll<IValidateOptions<PostgreSqlStorageOptions>>();
        services.AddSingleton<IValidateOptions<PostgreSqlStorageOptions>>(new PostgreSqlStorageOptionsValidator(dataSource is not null));

        services.RemoveAll<PostgreSqlStorage>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<PostgreSqlStorageOptions>>().Value;
            var source = dataSource ?? DataSources.Create(options.ConnectionString!);
            var migrator = new PostgreSqlMigrator(source, options.Schema, options.CommandTimeout, sp.GetService<ILogger<PostgreSqlMigrator>>());
            return new PostgreSqlStorage(source, ownsDataSource: dataSource is null, options.Schema, options.CommandTimeout, options.MigrateOnStart, migrator);
        });
        services.RemoveAll<PostgreSqlMigrator>();
        services.AddSingleton(sp => sp.GetRequiredService<PostgreSqlStorage>().Migrator);

        Replace<IConsentStore, PostgreSqlConsentStore>(services);
        Replace<ISuppressionList, PostgreSqlSuppressionList>(services);
        Replace<IConversationWindowStore, PostgreSqlConversationWindowStore>(services);
        Replace<ITemplateCatalog, PostgreSqlTemplateCatalog>(services);
        Replace<IMessageCounterStore, PostgreSqlMessageCounterStore>(services);
        Replace<IIdempotencyStore, PostgreSqlIdempotencyStore>(services);
        Replace<IJurisdictionOverrideStore, PostgreSqlJurisdictionOverrideStore>(services);
        Replace<IDecisionLog, PostgreSqlDecisionLog>(services);
        Replace<IWebhookEventStore, PostgreSqlWebhookEventStore>(services);
        Replace<IIdentityLinkStore, PostgreSqlIdentityLinkStore>(services);
        Replace<IWebhookDeadLetterStore, PostgreSqlWebhookDeadLetterStore>(services);

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PostgreSqlMigrationHostedService>());
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
