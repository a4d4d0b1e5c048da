using System.Reflection;
using Npgsql;
using WaCompliance.Conformance;
using WaCompliance.Consent;
using WaCompliance.Idempotency;
using WaCompliance.Identities;
using WaCompliance.Storage.PostgreSql.Internal;
using WaCompliance.Storage.PostgreSql.Stores;
using WaCompliance.Storage.PostgreSql.Tests.Infrastructure;
using WaCompliance.Webhooks;

namespace WaCompliance.Storage.PostgreSql.Tests;

/// <summary>
/// A schema of version 1 upgraded by the current migrator: created with version 1's migration SQL as published
/// (Upgrade/schema-v1.sql, from commit 84e7e7a), filled with the rows version 1's stores wrote (Upgrade/rows-v1.sql),
/// then migrated and read through the identifier API.
/// </summary>
public sealed class UpgradeTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private static readonly Numbers.WhatsAppNumber s_landline = StoreTestContext.NumberOfKind("fixed_line");

    private readonly StoreTestContext _context = new();

    [Fact]
    public void Migration1_IsStillTheSqlVersion1Published()
    {
        Assert.Equal(Resource("schema-v1.sql").TrimEnd('\n'), Migrations.All[0].Sql);
    }

    [Fact]
    public async Task Migrate_Version1Schema_AppliesVersion2AndKeepsEveryNumberKeyedRowFoundThroughTheNewApi()
    {
        var schema = await CreateVersion1SchemaAsync();
        var migrator = new PostgreSqlMigrator(database.DataSource, schema);
        Assert.Equal(1, await migrator.GetVersionAsync());

        Assert.Equal(Migrations.Latest - 1, await migrator.MigrateAsync());

        Assert.Equal(Migrations.Latest, await migrator.GetVersionAsync());
        var storage = new PostgreSqlStorage(database.DataSource, ownsDataSource: false, schema, commandTimeout: 60, migrateBeforeFirstUse: false);
        _context.Time.Advance(TimeSpan.FromHours(1));
        var links = new PostgreSqlIdentityLinkStore(storage);
        var ledger = new ConsentLedger(new PostgreSqlConsentStore(storage, _context.Keys), _context.Keys, _context.Time, _context.Options, links: links);
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
        var suppressed = await new PostgreSqlSuppressionList(storage, _context.Keys, _context.Time).FindAsync(StoreTestContext.Person(4), ConsentPurpose.Marketing, now);
        Assert.Equal(("import:unsubscribes.csv", StoreTestContext.Start.AddMinutes(4)), (suppressed!.Source, suppressed.AddedAt));
        var windows = new PostgreSqlConversationWindowStore(storage, _context.Options);
        Assert.Equal(StoreTestContext.Start, (await windows.GetAsync(StoreTestContext.Business(), StoreTestContext.Person(1)))!.LastInboundAt);
        Assert.Equal([s_landline, StoreTestContext.Business()], (await windows.GetByUserAsync(StoreTestContext.Person(1))).Select(w => w.Business).Order());
        var counters = new PostgreSqlMessageCounterStore(storage, _context.Options, _context.Time);
        Assert.Equal(2, await counters.CountAsync(StoreTestContext.Person(1), StoreTestContext.Start));
        Assert.Equal(1, await counters.CountAsync(StoreTestContext.Person(1), StoreTestContext.Start, ConsentPurpose.Marketing, "spring sale"));
        Assert.Equal([StoreTestContext.Business(), s_landline], (await counters.GetRecentAsync(StoreTestContext.Person(1), StoreTestContext.Start)).Select(e => e.Sender));
        Assert.Equal((WhatsAppIdentifier)StoreTestContext.Person(1), Assert.Single((await counters.GetEntriesAsync([StoreTestContext.Person(1), StoreTestContext.Person(2)], StoreTestContext.Start)).Keys));
        Assert.Equal(1, await counters.CountUniqueRecipientsAsync(s_landline, StoreTestContext.Start));
        Assert.Equal(StoreTestContext.Start.AddMinutes(6), await counters.GetLastBusinessInitiatedAsync(s_landline, StoreTestContext.Person(1)));
        var jurisdiction = await new PostgreSqlJurisdictionOverrideStore(storage).GetAsync(StoreTestContext.Person(2));
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
        await counters.RecordAsync(new Counters.MessageCountEntry
        {
            Sender = StoreTestContext.Business(),
            Recipient = StoreTestContext.UserId(1),
            Purpose = ConsentPurpose.Utility,
            SentAt = now,
            BusinessInitiated = true,
        });
        Assert.Equal(1, await counters.CountAsync(StoreTestContext.UserId(1), StoreTestContext.Start));
        Assert.True(await new PostgreSqlWebhookDeadLetterStore(storage).AddAsync(new WebhookDeadLetter
        {
            Id = Guid.CreateVersion7(now),
            Source = "360dialog:main",
            Code = MalformedItemCodes.IdentityInvalid,
            Message = "messages[0].from is neither a phone number nor a user ID",
            RawItem = "{}",
            ReceivedAt = now,
        }));
        Assert.True((await ledger.VerifyAsync()).IsValid);
        Assert.Equal(0, await migrator.MigrateAsync());
    }

    [Fact]
    public async Task Migrate_Version1Schema_LeavesTheLedgerTriggersInForce()
    {
        var schema = await CreateVersion1SchemaAsync();
        await new PostgreSqlMigrator(database.DataSource, schema).MigrateAsync();

        await using var update = database.DataSource.CreateCommand($"UPDATE \"{schema}\".consent_personal_data SET number = '+64211000009'");
        var error = await Assert.ThrowsAsync<PostgresException>(() => update.ExecuteNonQueryAsync());

        Assert.Equal("WAC01", error.SqlState);
    }

    [Fact]
    public async Task Migrate_Version2Schema_GivesClaimsInProgressALeaseAndKeepsEverySendRecord()
    {
        var claimedAt = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        var schema = await CreateVersion2SchemaAsync("""
            INSERT INTO {schema}.send_records (idempotency_key, status, claimed_at, completed_at, gateway, provider_message_id, error_code, error_message) VALUES
                ('campaign-7:row-1', 'in_progress', '2026-11-02T09:00:00Z', NULL, NULL, NULL, NULL, NULL),
                ('campaign-7:row-2', 'sent', '2026-11-02T09:00:00Z', '2026-11-02T09:00:01Z', 'twilio:main', 'SM0123456789abcdef0123456789abcdef', NULL, NULL),
                ('campaign-7:row-3', 'unknown', '2026-11-02T09:00:00Z', '2026-11-02T09:00:30Z', '360dialog:eu', NULL, 'Unknown', 'The provider did not answer in time'),
                ('campaign-7:row-4', 'failed', '2026-11-02T09:00:00Z', '2026-11-02T09:00:01Z', 'twilio:main', NULL, 'RecipientInvalid', '63003: not on WhatsApp');
            """);
        var migrator = new PostgreSqlMigrator(database.DataSource, schema);
        Assert.Equal(2, await migrator.GetVersionAsync());

        Assert.Equal(Migrations.Latest - 2, await migrator.MigrateAsync());

        var storage = new PostgreSqlStorage(database.DataSource, ownsDataSource: false, schema, commandTimeout: 60, migrateBeforeFirstUse: false);
        var store = new PostgreSqlIdempotencyStore(storage);
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
        Assert.Equal(0, await migrator.MigrateAsync());
    }

    /// <summary>A schema as version 2 left it: migrations 1 and 2 of the code (never edited once published), and send records of then.</summary>
    private async Task<string> CreateVersion2SchemaAsync(string rows)
    {
        var schema = PostgresDatabaseFixture.NewSchema();
        var quoted = $"\"{schema}\"";
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var sql in new[]
        {
            $"CREATE SCHEMA {quoted}",
            Migrations.All[0].Sql.Replace("{schema}", quoted, StringComparison.Ordinal),
            Migrations.All[1].Sql.Replace("{schema}", quoted, StringComparison.Ordinal),
            $"CREATE TABLE {quoted}.schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
            rows.Replace("{schema}", quoted, StringComparison.Ordinal),
        })
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await command.ExecuteNonQueryAsync();
        }

        await using (var record = new NpgsqlCommand($"INSERT INTO {quoted}.schema_version (version, name) VALUES (1, $1), (2, $2)", connection, transaction))
        {
            record.Parameters.Add(new NpgsqlParameter { Value = Migrations.All[0].Name });
            record.Parameters.Add(new NpgsqlParameter { Value = Migrations.All[1].Name });
            await record.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        return schema;
    }

    /// <summary>A schema exactly as version 1 left it: its migration, its bookkeeping, its rows, in one transaction.</summary>
    private async Task<string> CreateVersion1SchemaAsync()
    {
        var schema = PostgresDatabaseFixture.NewSchema();
        var quoted = $"\"{schema}\"";
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var sql in new[]
        {
            $"CREATE SCHEMA {quoted}",
            Resource("schema-v1.sql").Replace("{schema}", quoted, StringComparison.Ordinal),
            $"""
            CREATE TABLE {quoted}.schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
            INSERT INTO {quoted}.schema_version (version, name)
            VALUES (1, 'consent ledger, suppression, windows, templates, counters, send records, overrides, decisions, webhook events');
            """,
            Resource("rows-v1.sql").Replace("{schema}", quoted, StringComparison.Ordinal),
        })
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        return schema;
    }

    private static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Upgrade/" + name)
            ?? throw new InvalidOperationException($"Upgrade/{name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }
}
