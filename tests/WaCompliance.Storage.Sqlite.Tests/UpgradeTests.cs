using System.Reflection;
using Microsoft.Data.Sqlite;
using WaCompliance.Conformance;
using WaCompliance.Consent;
using WaCompliance.Idempotency;
using WaCompliance.Identities;
using WaCompliance.Storage.Sqlite.Internal;
using WaCompliance.Webhooks;

namespace WaCompliance.Storage.Sqlite.Tests;

/// <summary>
/// A database of schema version 1 upgraded by the current migrator: created with version 1's migration SQL as
/// published (Upgrade/schema-v1.sql, from commit 84e7e7a), filled with the rows version 1's stores wrote
/// (Upgrade/rows-v1.sql), then migrated and read through the identifier API.
/// </summary>
public sealed class UpgradeTests : IDisposable
{
    private static readonly Numbers.WhatsAppNumber s_landline = StoreTestContext.NumberOfKind("fixed_line");

    private readonly TempDatabase _file = new();
    private readonly StoreTestContext _context = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public void Migration1_IsStillTheSqlVersion1Published()
    {
        Assert.Equal(Resource("schema-v1.sql").TrimEnd('\n'), SqliteSchema.Migrations[0].Sql);
    }

    [Fact]
    public async Task Migrate_Version1Database_AppliesVersion2AndKeepsEveryNumberKeyedRowFoundThroughTheNewApi()
    {
        CreateVersion1Database();
        var database = _file.Open(_context.Time);
        Assert.Equal(1, await database.GetSchemaVersionAsync());

        Assert.Equal(SqliteSchema.LatestVersion - 1, await database.MigrateAsync());

        Assert.Equal(SqliteSchema.LatestVersion, await database.GetSchemaVersionAsync());
        _context.Time.Advance(TimeSpan.FromHours(1));
        var links = new SqliteIdentityLinkStore(database);
        var ledger = new ConsentLedger(new SqliteConsentStore(database, _context.Keys), _context.Keys, _context.Time, _context.Options, links: links);
        var now = _context.Time.GetUtcNow();

        // The ledger: intact, and every person's state found by number.
        var verified = await ledger.VerifyAsync();
        Assert.True(verified.IsValid, string.Join("; ", verified.Problems.Select(p => p.Message)));
        Assert.Equal(5, verified.RecordsChecked);
        Assert.Equal(ConsentStatus.OptedIn, (await ledger.GetStateAsync(StoreTestContext.Person(1), ConsentPurpose.Marketing)).Status);
        Assert.Equal(ConsentStatus.OptedOut, (await ledger.GetStateAsync(StoreTestContext.Person(2), ConsentPurpose.Marketing)).Status);
        Assert.Equal(ConsentStatus.OptedOut, (await ledger.GetStateAsync(StoreTestContext.Person(3), ConsentPurpose.Utility)).Status);
        var history = new List<ConsentRecord>();
        await foreach (var record in ledger.GetHistoryAsync(StoreTestContext.Person(1)))
        {
            history.Add(record);
        }

        Assert.Equal("+64211000001", Assert.Single(history).PersonalData!.Identifier);
        var snapshots = await ledger.GetSnapshotsAsync([StoreTestContext.Person(1), StoreTestContext.Person(2)]);
        Assert.Equal(ConsentStatus.OptedOut, snapshots[StoreTestContext.Person(2)].GetState(ConsentPurpose.Utility, now).Status);
        var again = await ledger.RecordAsync(ConsentEvent.OptIn(StoreTestContext.Person(1), ConsentPurpose.Marketing, ConsentMethod.WebForm) with { EventId = "signup-1" });
        Assert.Equal(1, again.Sequence);

        // Suppression, windows (with a mobile and a landline business number), counters and overrides, by number.
        var suppressed = await new SqliteSuppressionList(database, _context.Keys, _context.Time).FindAsync(StoreTestContext.Person(4), ConsentPurpose.Marketing, now);
        Assert.Equal(("import:unsubscribes.csv", StoreTestContext.Start.AddMinutes(4)), (suppressed!.Source, suppressed.AddedAt));
        var windows = new SqliteConversationWindowStore(database, _context.Keys, _context.Options);
        Assert.Equal(StoreTestContext.Start, (await windows.GetAsync(StoreTestContext.Business(), StoreTestContext.Person(1)))!.LastInboundAt);
        Assert.Equal([s_landline, StoreTestContext.Business()], (await windows.GetByUserAsync(StoreTestContext.Person(1))).Select(w => w.Business).Order());
        var counters = new SqliteMessageCounterStore(database, _context.Keys, _context.Time, _context.Options);
        Assert.Equal(2, await counters.CountAsync(StoreTestContext.Person(1), StoreTestContext.Start));
        Assert.Equal(1, await counters.CountAsync(StoreTestContext.Person(1), StoreTestContext.Start, ConsentPurpose.Marketing, "spring sale"));
        Assert.Equal([StoreTestContext.Business(), s_landline], (await counters.GetRecentAsync(StoreTestContext.Person(1), StoreTestContext.Start)).Select(e => e.Sender));
        Assert.Equal((WhatsAppIdentifier)StoreTestContext.Person(1), Assert.Single((await counters.GetEntriesAsync([StoreTestContext.Person(1), StoreTestContext.Person(2)], StoreTestContext.Start)).Keys));
        Assert.Equal(1, await counters.CountUniqueRecipientsAsync(s_landline, StoreTestContext.Start));
        Assert.Equal(StoreTestContext.Start.AddMinutes(6), await counters.GetLastBusinessInitiatedAsync(s_landline, StoreTestContext.Person(1)));
        var jurisdiction = await new SqliteJurisdictionOverrideStore(database, _context.Keys).GetAsync(StoreTestContext.Person(2));
        Assert.Equal(("AU", "AU-NSW"), (jurisdiction!.RegionCode, jurisdiction.Subdivision));

        // The new tables: a user ID linked to the old number finds its consent, and the chain goes on from the old head.
        Assert.True(await links.LinkAsync(new IdentityLink
        {
            First = StoreTestContext.UserId(1),
            Second = StoreTestContext.Person(1),
            Reason = IdentityLinkReason.SameEvent,
            Source = "360dialog:main",
            EventId = "wamid.AAA1",
            LinkedAt = now,
        }));
        Assert.Equal(ConsentStatus.OptedIn, (await ledger.GetStateAsync(StoreTestContext.UserId(1), ConsentPurpose.Marketing)).Status);
        var appended = await ledger.RecordAsync(ConsentEvent.OptOut(StoreTestContext.UserId(2), ConsentPurpose.All, ConsentMethod.Keyword));
        Assert.Equal(6, appended.Sequence);
        Assert.True(await new SqliteWebhookDeadLetterStore(database).AddAsync(new WebhookDeadLetter
        {
            Id = Guid.CreateVersion7(now),
            Source = "360dialog:main",
            Code = MalformedItemCodes.IdentityInvalid,
            Message = "messages[0].from is neither a phone number nor a user ID",
            RawItem = "{}",
            ReceivedAt = now,
        }));
        Assert.True((await ledger.VerifyAsync()).IsValid);
        Assert.Equal(0, await database.MigrateAsync());
    }

    [Fact]
    public async Task Migrate_Version1Database_LeavesTheLedgerTriggersInForce()
    {
        CreateVersion1Database();
        using var database = _file.Open(_context.Time);
        await database.MigrateAsync();

        using var raw = _file.OpenRaw();
        using var command = raw.CreateCommand();
        command.CommandText = "UPDATE consent_personal_data SET number = '+64211000009' WHERE sequence = 1;";

        Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());
    }

    [Fact]
    public async Task Migrate_Version2Database_GivesClaimsInProgressALeaseAndKeepsEverySendRecord()
    {
        CreateVersion2Database("""
            INSERT INTO send_records (key, status, claimed_at, completed_at, gateway, provider_message_id, error_code, error_message, consent_record_id) VALUES
                ('campaign-7:row-1', 'in_progress', 1793610000000000, NULL, NULL, NULL, NULL, NULL, NULL),
                ('campaign-7:row-2', 'sent', 1793610000000000, 1793610001000000, 'twilio:main', 'SM0123456789abcdef0123456789abcdef', NULL, NULL, NULL),
                ('campaign-7:row-3', 'unknown', 1793610000000000, 1793610030000000, '360dialog:eu', NULL, 'Unknown', 'The provider did not answer in time', NULL),
                ('campaign-7:row-4', 'failed', 1793610000000000, 1793610001000000, 'twilio:main', NULL, 'RecipientInvalid', '63003: not on WhatsApp', NULL);
            """);
        var database = _file.Open(_context.Time);
        Assert.Equal(2, await database.GetSchemaVersionAsync());

        Assert.Equal(SqliteSchema.LatestVersion - 2, await database.MigrateAsync());

        var store = new SqliteIdempotencyStore(database);
        var claimedAt = SqliteValues.FromMicros(1793610000000000);
        var inProgress = (await store.GetAsync("campaign-7:row-1"))!;
        Assert.Equal((SendStatus.InProgress, (DateTimeOffset?)claimedAt.AddMinutes(10), (string?)null, 1), (inProgress.Status, inProgress.LeaseExpiresAt, inProgress.Reference, inProgress.Attempt));
        var sent = (await store.GetAsync("campaign-7:row-2"))!;
        Assert.Equal((SendStatus.Sent, "SM0123456789abcdef0123456789abcdef", (DateTimeOffset?)null, 1), (sent.Status, sent.ProviderMessageId, sent.LeaseExpiresAt, sent.Attempt));
        Assert.Equal(sent, await store.FindByProviderMessageIdAsync("SM0123456789abcdef0123456789abcdef"));
        Assert.Equal(["campaign-7:row-3"], (await store.GetByStatusAsync(SendStatus.Unknown, 10)).Select(r => r.Key));

        // Recovery treats the old claim like any other: unknown once its lease ended; the failed key can be resent by choice.
        Assert.Empty(await store.ExpireLeasesAsync(claimedAt.AddMinutes(9), 10));
        Assert.Equal("campaign-7:row-1", Assert.Single(await store.ExpireLeasesAsync(claimedAt.AddMinutes(10), 10)).Key);
        var resend = await store.TryClaimAsync(SendClaim.Create("campaign-7:row-4", claimedAt.AddHours(1), TimeSpan.FromMinutes(10), ResendPolicy.IfFailed));
        Assert.Equal((true, 2, (SendStatus?)SendStatus.Failed), (resend.IsNew, resend.Record.Attempt, resend.Record.PreviousStatus));
        Assert.Equal(resend.Record, await store.FindByReferenceAsync(resend.Record.Reference!));
        Assert.Equal(0, await database.MigrateAsync());
    }

    /// <summary>A database as version 2 left it: migrations 1 and 2 of the code (never edited once published), and send records of then.</summary>
    private void CreateVersion2Database(string rows)
    {
        using var connection = _file.OpenRaw();
        Execute(connection, "PRAGMA journal_mode = WAL;");
        using var transaction = connection.BeginTransaction();
        Execute(connection, SqliteSchema.Migrations[0].Sql, transaction);
        Execute(connection, SqliteSchema.Migrations[1].Sql, transaction);
        Execute(connection, $"""
            CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL);
            INSERT INTO schema_migrations (version, name, applied_at) VALUES
                (1, '{SqliteSchema.Migrations[0].Name}', 1793610000000000),
                (2, '{SqliteSchema.Migrations[1].Name}', 1793610000000000);
            """, transaction);
        Execute(connection, rows, transaction);
        transaction.Commit();
    }

    /// <summary>A database exactly as version 1 left it: its migration, its bookkeeping, its rows.</summary>
    private void CreateVersion1Database()
    {
        using var connection = _file.OpenRaw();
        Execute(connection, "PRAGMA journal_mode = WAL;");
        using var transaction = connection.BeginTransaction();
        Execute(connection, Resource("schema-v1.sql"), transaction);
        Execute(connection, """
            CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL);
            INSERT INTO schema_migrations (version, name, applied_at)
            VALUES (1, 'consent ledger, suppression, windows, templates, counters, idempotency, overrides, decisions, webhook events', 1793610000000000);
            """, transaction);
        Execute(connection, Resource("rows-v1.sql"), transaction);
        transaction.Commit();
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Upgrade/" + name)
            ?? throw new InvalidOperationException($"Upgrade/{name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }
}
