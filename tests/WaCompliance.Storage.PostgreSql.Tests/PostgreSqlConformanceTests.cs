using Microsoft.Extensions.DependencyInjection;
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

// The Core conformance suite, unchanged, against a real PostgreSQL server: each class has its own database, each
// test its own freshly migrated schema.

public sealed class PostgreSqlConsentStoreConformanceTests(PostgresDatabaseFixture database)
    : ConsentStoreConformanceTests, IClassFixture<PostgresDatabaseFixture>
{
    private PostgreSqlStorage? _storage;

    protected override Task<IConsentStore> CreateStoreAsync(StoreTestContext context)
    {
        _storage = database.NewStorage();
        return Task.FromResult<IConsentStore>(new PostgreSqlConsentStore(_storage, context.Keys));
    }

    protected override IConsentStoreTampering CreateTampering(IConsentStore store) => new SqlTampering(_storage!);
}

public sealed class PostgreSqlSuppressionListConformanceTests(PostgresDatabaseFixture database)
    : SuppressionListConformanceTests, IClassFixture<PostgresDatabaseFixture>
{
    protected override Task<ISuppressionList> CreateStoreAsync(StoreTestContext context) =>
        Task.FromResult<ISuppressionList>(new PostgreSqlSuppressionList(database.NewStorage(), context.Keys, context.Time));
}

public sealed class PostgreSqlConversationWindowStoreConformanceTests(PostgresDatabaseFixture database)
    : ConversationWindowStoreConformanceTests, IClassFixture<PostgresDatabaseFixture>
{
    protected override Task<IConversationWindowStore> CreateStoreAsync(StoreTestContext context) =>
        Task.FromResult<IConversationWindowStore>(new PostgreSqlConversationWindowStore(database.NewStorage(), context.Options));
}

public sealed class PostgreSqlTemplateCatalogConformanceTests(PostgresDatabaseFixture database)
    : TemplateCatalogConformanceTests, IClassFixture<PostgresDatabaseFixture>
{
    protected override Task<ITemplateCatalog> CreateStoreAsync(StoreTestContext context) =>
        Task.FromResult<ITemplateCatalog>(new PostgreSqlTemplateCatalog(database.NewStorage(), context.Time));
}

public sealed class PostgreSqlMessageCounterStoreConformanceTests(PostgresDatabaseFixture database)
    : MessageCounterStoreConformanceTests, IClassFixture<PostgresDatabaseFixture>
{
    protected override Task<IMessageCounterStore> CreateStoreAsync(StoreTestContext context) =>
        Task.FromResult<IMessageCounterStore>(new PostgreSqlMessageCounterStore(database.NewStorage(), context.Options, context.Time));
}

public sealed class PostgreSqlIdempotencyStoreConformanceTests(PostgresDatabaseFixture database)
    : IdempotencyStoreConformanceTests, IClassFixture<PostgresDatabaseFixture>
{
    protected override Task<IIdempotencyStore> CreateStoreAsync(StoreTestContext context) =>
        Task.FromResult<IIdempotencyStore>(new PostgreSqlIdempotencyStore(database.NewStorage()));
}

public sealed class PostgreSqlJurisdictionOverrideStoreConformanceTests(PostgresDatabaseFixture database)
    : JurisdictionOverrideStoreConformanceTests, IClassFixture<PostgresDatabaseFixture>
{
    protected override Task<IJurisdictionOverrideStore> CreateStoreAsync(StoreTestContext context) =>
        Task.FromResult<IJurisdictionOverrideStore>(new PostgreSqlJurisdictionOverrideStore(database.NewStorage()));
}

public sealed class PostgreSqlDecisionLogConformanceTests(PostgresDatabaseFixture database)
    : DecisionLogConformanceTests, IClassFixture<PostgresDatabaseFixture>
{
    protected override Task<IDecisionLog> CreateStoreAsync(StoreTestContext context) =>
        Task.FromResult<IDecisionLog>(new PostgreSqlDecisionLog(database.NewStorage()));
}

public sealed class PostgreSqlWebhookEventStoreConformanceTests(PostgresDatabaseFixture database)
    : WebhookEventStoreConformanceTests, IClassFixture<PostgresDatabaseFixture>
{
    protected override Task<IWebhookEventStore> CreateStoreAsync(StoreTestContext context) =>
        Task.FromResult<IWebhookEventStore>(new PostgreSqlWebhookEventStore(database.NewStorage()));
}

public sealed class PostgreSqlIdentityLinkStoreConformanceTests(PostgresDatabaseFixture database)
    : IdentityLinkStoreConformanceTests, IClassFixture<PostgresDatabaseFixture>
{
    protected override Task<IIdentityLinkStore> CreateStoreAsync(StoreTestContext context) =>
        Task.FromResult<IIdentityLinkStore>(new PostgreSqlIdentityLinkStore(database.NewStorage()));
}

public sealed class PostgreSqlWebhookDeadLetterStoreConformanceTests(PostgresDatabaseFixture database)
    : WebhookDeadLetterStoreConformanceTests, IClassFixture<PostgresDatabaseFixture>
{
    protected override Task<IWebhookDeadLetterStore> CreateStoreAsync(StoreTestContext context) =>
        Task.FromResult<IWebhookDeadLetterStore>(new PostgreSqlWebhookDeadLetterStore(database.NewStorage()));
}

/// <summary>The send path over one PostgreSQL schema that every instance of a test reaches through its own pool.</summary>
public sealed class PostgreSqlSendPathConformanceTests(PostgresDatabaseFixture database)
    : SendPathConformanceTests, IClassFixture<PostgresDatabaseFixture>
{
    private readonly string _schema = PostgresDatabaseFixture.NewSchema();

    protected override void AddStorage(IWhatsAppComplianceBuilder builder) =>
        builder.UsePostgreSql(database.SeparateConnectionString(), o => o.Schema = _schema);
}
