using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WaCompliance.Conformance;
using WaCompliance.Consent;
using WaCompliance.Messaging;
using WaCompliance.Policy;
using WaCompliance.Storage.PostgreSql.Tests.Infrastructure;
using WaCompliance.Templates;
using WaCompliance.Testing;

namespace WaCompliance.Storage.PostgreSql.Tests;

/// <summary>The send path when the PostgreSQL store fails: the failure names the store, and nothing is sent without a durable claim.</summary>
public sealed class SendPathTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private readonly string _schema = PostgresDatabaseFixture.NewSchema();
    private readonly RecordingMessageGateway _gateway = new("main", [Numbers.WhatsAppNumber.Parse("+14155550100")]);
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddWhatsAppCompliance(o =>
        {
            o.BusinessName = "Acme Ltd";
            o.Pepper = StoreTestContext.Pepper;
            o.Policy.QuietHours.International = null;
        }).AddRecordingGateway(_gateway).UsePostgreSql(database.SeparateConnectionString(), o => o.Schema = _schema);
        _services = services.BuildServiceProvider();
        await _services.GetRequiredService<PostgreSqlMigrator>().MigrateAsync();
        await _services.GetRequiredService<ITemplateCatalog>().UpsertAsync(new MessageTemplate
        {
            Name = "order_shipped",
            Language = "en",
            Category = TemplateCategory.Utility,
            Status = TemplateStatus.Approved,
            Body = "Hi {{1}}, your order {{2}} has shipped. Reply STOP to opt out.",
            BodyExamples = new Dictionary<string, string> { ["1"] = "Aroha", ["2"] = "A-1042" },
            ProviderTemplateId = "HX" + new string('0', 32),
        });
        await _services.GetRequiredService<IConsentLedger>().RecordAsync(ConsentEvent.OptIn(StoreTestContext.Person(1), ConsentPurpose.Utility, ConsentMethod.WebForm,
            new ConsentEvidence("Yes, send me WhatsApp messages from Acme Ltd. Reply STOP to opt out.", "form-v3"), DateTimeOffset.UtcNow.AddDays(-1)) with
        {
            ConsentType = ConsentType.ExpressWritten,
        });
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task ClaimFailingWithAPostgresError_IsComplianceStateUnavailableNamingTheStore_AndNothingIsSent()
    {
        // Regression: a failing claim surfaced as a raw PostgresException.
        await database.ScalarAsync($"ALTER TABLE \"{_schema}\".send_records RENAME TO send_records_gone");

        var error = await Assert.ThrowsAsync<ComplianceStateUnavailableException>(() => _services.GetRequiredService<IWhatsAppMessenger>()
            .SendAsync(OutboundMessage.Template(StoreTestContext.Person(1), "order_shipped", "en", MessagePurpose.Utility, ["Aroha", "A-1042"])).AsTask());

        Assert.Equal("idempotency store", error.Store);
        Assert.IsType<PostgresException>(error.InnerException);
        Assert.Equal(0, _gateway.CallCount);
    }

    [Fact]
    public async Task UsedKeyLookupFailingWithAPostgresError_IsComplianceStateUnavailableNamingTheStore()
    {
        await database.ScalarAsync($"ALTER TABLE \"{_schema}\".send_records RENAME TO send_records_gone");

        var error = await Assert.ThrowsAsync<ComplianceStateUnavailableException>(() => _services.GetRequiredService<IWhatsAppMessenger>()
            .SendAsync(OutboundMessage.Template(StoreTestContext.Person(1), "order_shipped", "en", MessagePurpose.Utility, ["Aroha", "A-1042"], "k1")).AsTask());

        Assert.Equal("idempotency store", error.Store);
        Assert.IsType<PostgresException>(error.InnerException);
        Assert.Equal(0, _gateway.CallCount);
    }

    [Fact]
    public async Task RecoveryFailingWithAPostgresError_IsComplianceStateUnavailableNamingTheStore()
    {
        await database.ScalarAsync($"ALTER TABLE \"{_schema}\".send_records RENAME TO send_records_gone");

        var error = await Assert.ThrowsAsync<ComplianceStateUnavailableException>(() => _services.GetRequiredService<SendRecovery>().RecoverAsync().AsTask());

        Assert.Equal("idempotency store", error.Store);
        Assert.IsType<PostgresException>(error.InnerException);
    }
}
