using Microsoft.Extensions.DependencyInjection;
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

// The Core conformance suite, unchanged, against the SQLite stores: each test on a fresh temporary database file.

public sealed class SqliteConsentStoreConformanceTests : ConsentStoreConformanceTests
{
    private readonly TempDatabase _file = new();

    protected override Task<IConsentStore> CreateStoreAsync(StoreTestContext context) =>
        Task.FromResult<IConsentStore>(new SqliteConsentStore(_file.Open(context.Time), context.Keys));

    protected override IConsentStoreTampering CreateTampering(IConsentStore store) => new SqlTampering(_file);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _file.Dispose();
    }
}

public sealed class SqliteSuppressionListConformanceTests : SuppressionListConformanceTests
{
    private readonly TempDatabase _file = new();

    protected override Task<ISuppressionList> CreateStoreAsync(StoreTestContext context) =>
        Task.FromResult<ISuppressionList>(new SqliteSuppressionList(_file.Open(context.Time), context.Keys, context.Time));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _file.Dispose();
    }
}

public sealed class SqliteConversationWindowStoreConformanceTests : ConversationWindowStoreConformanceTests
{
    private readonly TempDatabase _file = new();

    protected override Task<IConversationWindowStore> CreateStoreAsync(StoreTestContext context) =>
        Task.FromResult<IConversationWindowStore>(new SqliteConversationWindowStore(_file.Open(context.Time), context.Keys, context.Options));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _file.Dispose();
    }
}

public sealed class SqliteTemplateCatalogConformanceTests : TemplateCatalogConformanceTests
{
    private readonly TempDatabase _file = new();

    protected override Task<ITemplateCatalog> CreateStoreAsync(StoreTestContext context) =>
        Task.FromResult<ITemplateCatalog>(new SqliteTemplateCatalog(_file.Open(context.Time), context.Time));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _file.Dispose();
    }
}

public sealed class SqliteMessageCounterStoreConformanceTests : MessageCounterStoreConformanceTests
{
    private readonly TempDatabase _file = new();

    protected override Task<IMessageCounterStore> CreateStoreAsync(StoreTestContext context) =>
        Task.FromResult<IMessageCounterStore>(new SqliteMessageCounterStore(_file.Open(context.Time), context.Keys, context.Time, context.Options));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _file.Dispose();
    }
}

public sealed class SqliteIdempotencyStoreConformanceTests : IdempotencyStoreConformanceTests
{
    private readonly TempDatabase _file = new();

    protected override Task<IIdempotencyStore> CreateStoreAsync(StoreTestContext context) =>
        Task.FromResult<IIdempotencyStore>(new SqliteIdempotencyStore(_file.Open(context.Time)));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _file.Dispose();
    }
}

public sealed class SqliteJurisdictionOverrideStoreConformanceTests : JurisdictionOverrideStoreConformanceTests
{
    private readonly TempDatabase _file = new();

    protected override Task<IJurisdictionOverrideStore> CreateStoreAsync(StoreTestContext context) =>
        Task.FromResult<IJurisdictionOverrideStore>(new SqliteJurisdictionOverrideStore(_file.Open(context.Time), context.Keys));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _file.Dispose();
    }
}

public sealed class SqliteDecisionLogConformanceTests : DecisionLogConformanceTests
{
    private readonly TempDatabase _file = new();

    protected override Task<IDecisionLog> CreateStoreAsync(StoreTestContext context) =>
        Task.FromResult<IDecisionLog>(new SqliteDecisionLog(_file.Open(context.Time)));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _file.Dispose();
    }
}

public sealed class SqliteWebhookEventStoreConformanceTests : WebhookEventStoreConformanceTests
{
    private readonly TempDatabase _file = new();

    protected override Task<IWebhookEventStore> CreateStoreAsync(StoreTestContext context) =>
        Task.FromResult<IWebhookEventStore>(new SqliteWebhookEventStore(_file.Open(context.Time)));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _file.Dispose();
    }
}

public sealed class SqliteIdentityLinkStoreConformanceTests : IdentityLinkStoreConformanceTests
{
    private readonly TempDatabase _file = new();

    protected override Task<IIdentityLinkStore> CreateStoreAsync(StoreTestContext context) =>
        Task.FromResult<IIdentityLinkStore>(new SqliteIdentityLinkStore(_file.Open(context.Time)));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _file.Dispose();
    }
}

public sealed class SqliteWebhookDeadLetterStoreConformanceTests : WebhookDeadLetterStoreConformanceTests
{
    private readonly TempDatabase _file = new();

    protected override Task<IWebhookDeadLetterStore> CreateStoreAsync(StoreTestContext context) =>
        Task.FromResult<IWebhookDeadLetterStore>(new SqliteWebhookDeadLetterStore(_file.Open(context.Time)));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _file.Dispose();
    }
}

/// <summary>The send path over one SQLite file that every instance of a test opens for itself.</summary>
public sealed class SqliteSendPathConformanceTests : SendPathConformanceTests
{
    private readonly TempDatabase _file = new();

    protected override void AddStorage(IWhatsAppComplianceBuilder builder) => builder.UseSqlite(_file.ConnectionString);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _file.Dispose();
    }
}
