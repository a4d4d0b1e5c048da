using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WaCompliance.Conformance;
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

namespace WaCompliance.Storage.Sqlite.Tests;

public sealed class DependencyInjectionTests : IDisposable
{
    private readonly TempDatabase _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public void UseSqlite_ReplacesEveryInMemoryStoreWithItsSqliteStore()
    {
        using var provider = TwoInstances.Build(_file);

        Assert.IsType<SqliteConsentStore>(provider.GetRequiredService<IConsentStore>());
        Assert.IsType<SqliteSuppressionList>(provider.GetRequiredService<ISuppressionList>());
        Assert.IsType<SqliteConversationWindowStore>(provider.GetRequiredService<IConversationWindowStore>());
        Assert.IsType<SqliteTemplateCatalog>(provider.GetRequiredService<ITemplateCatalog>());
        Assert.IsType<SqliteMessageCounterStore>(provider.GetRequiredService<IMessageCounterStore>());
        Assert.IsType<SqliteIdempotencyStore>(provider.GetRequiredService<IIdempotencyStore>());
        Assert.IsType<SqliteJurisdictionOverrideStore>(provider.GetRequiredService<IJurisdictionOverrideStore>());
        Assert.IsType<SqliteDecisionLog>(provider.GetRequiredService<IDecisionLog>());
        Assert.IsType<SqliteWebhookEventStore>(provider.GetRequiredService<IWebhookEventStore>());
        Assert.IsType<SqliteIdentityLinkStore>(provider.GetRequiredService<IIdentityLinkStore>());
        Assert.IsType<SqliteWebhookDeadLetterStore>(provider.GetRequiredService<IWebhookDeadLetterStore>());
        Assert.Single(provider.GetServices<IIdentityLinkStore>());
        Assert.Single(provider.GetServices<IWebhookDeadLetterStore>());
        Assert.Single(provider.GetServices<IConsentStore>());
        Assert.Same(provider.GetRequiredService<SqliteComplianceDatabase>(), provider.GetRequiredService<SqliteComplianceDatabase>());
    }

    [Fact]
    public async Task UseSqlite_WithoutAHost_MigratesOnFirstUse()
    {
        using var provider = TwoInstances.Build(_file);

        var state = await provider.GetRequiredService<IConsentLedger>().GetStateAsync(StoreTestContext.Person(1), ConsentPurpose.Marketing);

        Assert.Equal(ConsentStatus.None, state.Status);
        Assert.Equal(SqliteComplianceDatabase.LatestSchemaVersion, await provider.GetRequiredService<SqliteComplianceDatabase>().GetSchemaVersionAsync());
    }

    [Fact]
    public async Task HostStart_MigratesBeforeTheFirstOperation()
    {
        using var host = Host(builder => builder.UseSqlite(_file.ConnectionString));

        await host.StartAsync();

        using var raw = _file.OpenRaw();
        using var command = raw.CreateCommand();
        command.CommandText = "SELECT MAX(version) FROM schema_migrations;";
        Assert.Equal((long)SqliteComplianceDatabase.LatestSchemaVersion, command.ExecuteScalar());
        await host.StopAsync();
    }

    [Fact]
    public async Task HostStart_MigrateOnStartOffAndSchemaBehind_FailsAtStartNamingMigrateAsync()
    {
        using var host = Host(builder => builder.UseSqlite(_file.ConnectionString, options => options.MigrateOnStart = false));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("schema version 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("MigrateAsync", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateOnStartOff_AfterAnExplicitMigration_Works()
    {
        using var provider = TwoInstances.Build(_file, configure: options => options.MigrateOnStart = false);
        var ledger = provider.GetRequiredService<IConsentLedger>();
        await Assert.ThrowsAsync<InvalidOperationException>(() => ledger.GetHeadAsync().AsTask());

        Assert.Equal(SqliteComplianceDatabase.LatestSchemaVersion, await provider.GetRequiredService<SqliteComplianceDatabase>().MigrateAsync());

        Assert.Equal(LedgerCheckpoint.Empty, await ledger.GetHeadAsync());
    }

    [Fact]
    public void UseSqlite_FromConfiguration_BindsEverySetting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WhatsAppCompliance:BusinessName"] = "Acme Ltd",
            ["WhatsAppCompliance:Pepper"] = StoreTestContext.Pepper,
            ["WhatsAppCompliance:Storage:Sqlite:DataSource"] = _file.Path,
            ["WhatsAppCompliance:Storage:Sqlite:MigrateOnStart"] = "false",
            ["WhatsAppCompliance:Storage:Sqlite:BusyTimeout"] = "00:00:02",
            ["WhatsAppCompliance:Storage:Sqlite:OperationalSynchronous"] = "Normal",
        }).Build();
        var services = new ServiceCollection();
        services.AddWhatsAppCompliance(configuration.GetSection("WhatsAppCompliance"))
            .UseSqlite(configuration.GetSection(SqliteStorageOptions.SectionName));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<SqliteStorageOptions>>().Value;

        Assert.Equal(_file.Path, options.DataSource);
        Assert.False(options.MigrateOnStart);
        Assert.Equal(TimeSpan.FromSeconds(2), options.BusyTimeout);
        Assert.Equal(SqliteSynchronousMode.Normal, options.OperationalSynchronous);
        Assert.Equal(_file.Path, provider.GetRequiredService<SqliteComplianceDatabase>().DataSource);
    }

    [Fact]
    public void UseSqlite_FromConfigurationWithAMisspeltSetting_IsAnError()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sqlite:DataSource"] = _file.Path,
            ["Sqlite:BusyTimout"] = "00:00:02",
        }).Build();
        var services = new ServiceCollection();
        services.AddWhatsAppCompliance(o => o.BusinessName = "Acme Ltd").UseSqlite(configuration.GetSection("Sqlite"));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IOptions<SqliteStorageOptions>>().Value);

        Assert.Contains("BusyTimout", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, "SqliteStorageOptions.ConnectionString (Sqlite:ConnectionString)", "is required")]
    [InlineData("Data Source=a.db", "b.db", "SqliteStorageOptions.ConnectionString (Sqlite:ConnectionString)", "both set")]
    [InlineData("Data Source=:memory:", null, "SqliteStorageOptions.ConnectionString", "in-memory")]
    [InlineData("Data Source=x;Mode=Memory", null, "SqliteStorageOptions.ConnectionString", "in-memory")]
    [InlineData("Data Source=a.db;Mode=ReadOnly", null, "SqliteStorageOptions.ConnectionString", "read-only")]
    [InlineData("Data Source=a.db;Colour=blue", null, "SqliteStorageOptions.ConnectionString", "not a valid SQLite connection string")]
    public void InvalidOptions_FailValidationNamingTheSetting(string? connectionString, string? dataSource, string setting, string problem)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sqlite:ConnectionString"] = connectionString,
            ["Sqlite:DataSource"] = dataSource,
        }).Build();
        var services = new ServiceCollection();
        services.AddWhatsAppCompliance(o => o.BusinessName = "Acme Ltd").UseSqlite(configuration.GetSection("Sqlite"));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SqliteStorageOptions>>().Value);

        var message = Assert.Single(error.Failures);
        Assert.Contains(setting, message, StringComparison.Ordinal);
        Assert.Contains(problem, message, StringComparison.Ordinal);
    }

    [Fact]
    public void UndefinedOperationalSynchronous_FailsValidationNamingIt()
    {
        var services = new ServiceCollection();
        services.AddWhatsAppCompliance(o => o.BusinessName = "Acme Ltd")
            .UseSqlite(_file.ConnectionString, options => options.OperationalSynchronous = (SqliteSynchronousMode)7);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<SqliteComplianceDatabase>());

        Assert.Contains("SqliteStorageOptions.OperationalSynchronous", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidBusyTimeout_FailsValidationNamingIt()
    {
        var services = new ServiceCollection();
        services.AddWhatsAppCompliance(o => o.BusinessName = "Acme Ltd")
            .UseSqlite(_file.ConnectionString, options => options.BusyTimeout = TimeSpan.FromHours(1));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<SqliteComplianceDatabase>());

        Assert.Contains("SqliteStorageOptions.BusyTimeout (WhatsAppCompliance:Storage:Sqlite:BusyTimeout)", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void ConnectionStringWithAPassword_IsNeverInAValidationMessage()
    {
        var services = new ServiceCollection();
        services.AddWhatsAppCompliance(o => o.BusinessName = "Acme Ltd")
            .UseSqlite("Data Source=:memory:;Password=hunter2-secret");
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SqliteStorageOptions>>().Value);

        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseSqlite_WithAPlainFilePath_UsesThatFile()
    {
        var services = new ServiceCollection();
        services.AddWhatsAppCompliance(o =>
        {
            o.BusinessName = "Acme Ltd";
            o.Pepper = StoreTestContext.Pepper;
        }).UseSqlite(_file.Path);
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IIdempotencyStore>().TryClaimAsync("k1", StoreTestContext.Start);

        Assert.True(File.Exists(_file.Path));
        Assert.Equal(_file.Path, provider.GetRequiredService<SqliteComplianceDatabase>().DataSource);
    }

    private static IHost Host(Action<IWhatsAppComplianceBuilder> storage)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = Environments.Production,
            DisableDefaults = true,
        });
        storage(builder.Services.AddWhatsAppCompliance(o =>
        {
            o.BusinessName = "Acme Ltd";
            o.Pepper = StoreTestContext.Pepper;
        }));
        return builder.Build();
    }
}
