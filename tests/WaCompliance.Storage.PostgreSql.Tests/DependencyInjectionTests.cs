using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using WaCompliance.Conformance;
using WaCompliance.Consent;
using WaCompliance.Conversations;
using WaCompliance.Counters;
using WaCompliance.Decisions;
using WaCompliance.Idempotency;
using WaCompliance.Identities;
using WaCompliance.Jurisdictions;
using WaCompliance.Storage.PostgreSql.Internal;
using WaCompliance.Storage.PostgreSql.Stores;
using WaCompliance.Storage.PostgreSql.Tests.Infrastructure;
using WaCompliance.Suppression;
using WaCompliance.Templates;
using WaCompliance.Webhooks;

namespace WaCompliance.Storage.PostgreSql.Tests;

/// <summary><c>UsePostgreSql</c>: registrations, options binding and validation, migration when the host starts.</summary>
public sealed class DependencyInjectionTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public void UsePostgreSql_ReplacesEveryInMemoryStore()
    {
        using var provider = Build(b => b.UsePostgreSql("Host=127.0.0.1;Database=x;Username=u;Password=secret"));

        Assert.IsType<PostgreSqlConsentStore>(provider.GetRequiredService<IConsentStore>());
        Assert.IsType<PostgreSqlSuppressionList>(provider.GetRequiredService<ISuppressionList>());
        Assert.IsType<PostgreSqlConversationWindowStore>(provider.GetRequiredService<IConversationWindowStore>());
        Assert.IsType<PostgreSqlTemplateCatalog>(provider.GetRequiredService<ITemplateCatalog>());
        Assert.IsType<PostgreSqlMessageCounterStore>(provider.GetRequiredService<IMessageCounterStore>());
        Assert.IsType<PostgreSqlIdempotencyStore>(provider.GetRequiredService<IIdempotencyStore>());
        Assert.IsType<PostgreSqlJurisdictionOverrideStore>(provider.GetRequiredService<IJurisdictionOverrideStore>());
        Assert.IsType<PostgreSqlDecisionLog>(provider.GetRequiredService<IDecisionLog>());
        Assert.IsType<PostgreSqlWebhookEventStore>(provider.GetRequiredService<IWebhookEventStore>());
        Assert.IsType<PostgreSqlIdentityLinkStore>(provider.GetRequiredService<IIdentityLinkStore>());
        Assert.IsType<PostgreSqlWebhookDeadLetterStore>(provider.GetRequiredService<IWebhookDeadLetterStore>());
        Assert.Single(provider.GetServices<IIdentityLinkStore>());
        Assert.Single(provider.GetServices<IWebhookDeadLetterStore>());
        Assert.Single(provider.GetServices<IConsentStore>());
    }

    [Fact]
    public void Options_MissingConnectionStringAndBadSchema_AreReportedByName()
    {
        using var provider = Build(b => b.UsePostgreSql(string.Empty, o =>
        {
            o.Schema = "Bad-Schema";
            o.CommandTimeout = 0;
        }));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PostgreSqlStorageOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains("PostgreSqlStorageOptions.ConnectionString (WhatsAppCompliance:PostgreSql:ConnectionString)", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("PostgreSqlStorageOptions.Schema", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("PostgreSqlStorageOptions.CommandTimeout", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_MalformedConnectionString_IsReportedWithoutEchoingIt()
    {
        using var provider = Build(b => b.UsePostgreSql("Host=db;Password=hunter2;NoSuchKeyword=1"));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PostgreSqlStorageOptions>>().Value);

        var failure = Assert.Single(error.Failures);
        Assert.Contains("ConnectionString", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_BindFromConfigurationAndRefuseUnknownKeys()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WhatsAppCompliance:PostgreSql:ConnectionString"] = "Host=db;Database=app;Username=app",
            ["WhatsAppCompliance:PostgreSql:Schema"] = "compliance",
            ["WhatsAppCompliance:PostgreSql:MigrateOnStart"] = "false",
            ["WhatsAppCompliance:PostgreSql:CommandTimeout"] = "5",
        }).Build();
        using var provider = Build(b => b.UsePostgreSql(configuration.GetSection(PostgreSqlStorageOptions.SectionName)));

        var options = provider.GetRequiredService<IOptions<PostgreSqlStorageOptions>>().Value;

        Assert.Equal(("compliance", false, 5), (options.Schema, options.MigrateOnStart, options.CommandTimeout));

        var misspelt = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PostgreSql:ConnectionString"] = "Host=db",
            ["PostgreSql:Shema"] = "typo",
        }).Build();
        using var bad = Build(b => b.UsePostgreSql(misspelt.GetSection("PostgreSql")));
        Assert.Throws<InvalidOperationException>(() => bad.GetRequiredService<IOptions<PostgreSqlStorageOptions>>().Value);
    }

    [Fact]
    public async Task DataSourceOverload_UsesTheApplicationsDataSourceAndLeavesItOpen()
    {
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var schema = PostgresDatabaseFixture.NewSchema();
        await using (var provider = Build(b => b.UsePostgreSql(dataSource, o => o.Schema = schema)))
        {
            await provider.GetRequiredService<IWebhookEventStore>().TryRecordAsync("twilio:main", "SM1", StoreTestContext.Start);
        }

        // The provider is disposed; the application's data source still works.
        await using var command = dataSource.CreateCommand($"SELECT count(*) FROM \"{schema}\".webhook_events");
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task HostStart_AppliesMigrations()
    {
        var schema = PostgresDatabaseFixture.NewSchema();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddWhatsAppCompliance(o =>
        {
            o.BusinessName = "Acme Ltd";
            o.Pepper = StoreTestContext.Pepper;
        }).UsePostgreSql(database.SeparateConnectionString(), o => o.Schema = schema);
        using var host = builder.Build();

        await host.StartAsync();
        var version = await new PostgreSqlMigrator(database.DataSource, schema).GetVersionAsync();
        await host.StopAsync();

        Assert.Equal(PostgreSqlMigrator.LatestVersion, version);
    }

    [Theory]
    [InlineData("Host=db;Database=app", 32)]
    [InlineData("Host=db;Database=app;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Database=app;maxautoprepare=5", 5)]
    public void OwnedDataSource_PreparesFrequentStatementsUnlessTheConnectionStringSaysOtherwise(string connectionString, int expected)
    {
        using var provider = Build(b => b.UsePostgreSql(connectionString));

        var dataSource = provider.GetRequiredService<PostgreSqlStorage>().DataSource;

        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxAutoPrepare);
    }

    private static ServiceProvider Build(Action<WaCompliance.IWhatsAppComplianceBuilder> storage)
    {
        var services = new ServiceCollection();
        storage(services.AddWhatsAppCompliance(o =>
        {
            o.BusinessName = "Acme Ltd";
            o.Pepper = StoreTestContext.Pepper;
        }));
        return services.BuildServiceProvider();
    }
}
