using Npgsql;
using WaCompliance.Conformance;
using WaCompliance.Consent;
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

/// <summary>What the PostgreSQL stores guarantee beyond the conformance suite.</summary>
public sealed class PostgreSqlStorageTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private const string Tricky = "O'Brien \"quoted\" '); DROP TABLE templates; -- \\ % _ {a,b} 🇳🇿 Māori 中文 \t end";
    private static readonly ConsentEvidence s_form = new("I agree to receive offers from Acme Ltd on WhatsApp.", "form-v3") { IpAddress = "203.0.113.7" };
    private readonly StoreTestContext _context = new();

    [Fact]
    public async Task LedgerRows_CannotBeUpdatedDeletedOrTruncatedWithPlainSql()
    {
        var storage = database.NewStorage();
        var ledger = Ledger(storage);
        await ledger.RecordAsync(ConsentEvent.OptIn(StoreTestContext.Person(1), ConsentPurpose.Marketing, ConsentMethod.WebForm, s_form));
        var records = storage.Table("consent_records");
        var personal = storage.Table("consent_personal_data");

        foreach (var sql in new[]
        {
            $"UPDATE {records} SET source = 'forged' WHERE sequence = 1",
            $"DELETE FROM {records} WHERE sequence = 1",
            $"TRUNCATE {records} CASCADE",
            $"UPDATE {personal} SET ip_address = '198.51.100.1'",
        })
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => database.ScalarAsync(sql));
            Assert.Equal("WAC01", error.SqlState);
            Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
        }

        Assert.True((await ledger.VerifyAsync()).IsValid);
    }

    [Fact]
    public async Task Erasure_IsTheOneDeletionTheLedgerAllows()
    {
        var storage = database.NewStorage();
        var ledger = Ledger(storage);
        var person = StoreTestContext.Person(1);
        await ledger.RecordAsync(ConsentEvent.OptIn(person, ConsentPurpose.Marketing, ConsentMethod.WebForm, s_form));

        var erasure = await ledger.EraseAsync(person, "dsar-1");

        Assert.Equal(1, erasure.RecordsScrubbed);
        Assert.Equal(0, await database.CountAsync($"SELECT count(*) FROM {storage.Table("consent_personal_data")}"));
        Assert.Equal(2, await database.CountAsync($"SELECT count(*) FROM {storage.Table("consent_records")}"));
        Assert.Equal(ConsentStatus.OptedOut, (await ledger.GetStateAsync(person, ConsentPurpose.Marketing)).Status);
        Assert.True((await ledger.VerifyAsync()).IsValid);
    }

    [Fact]
    public async Task Erasure_OfAPersonKnownByNumberAndUserId_LeavesNeitherAnywhereInTheSchema()
    {
        var schema = PostgresDatabaseFixture.NewSchema();
        await using var instance = AppInstance.Start(database.SeparateConnectionString(), schema);
        var number = StoreTestContext.Person(1);
        var userId = StoreTestContext.UserId(1);
        var other = StoreTestContext.UserId(2);
        var now = DateTimeOffset.UtcNow;
        await instance.Get<IIdentityLinkStore>().LinkAsync(new IdentityLink
        {
            First = number,
            Second = userId,
            Reason = IdentityLinkReason.SameEvent,
            Source = "360dialog:main",
            EventId = "wamid.AAA1",
            LinkedAt = now,
        });
        var ledger = instance.Get<IConsentLedger>();
        await ledger.RecordAsync(ConsentEvent.OptIn(number, ConsentPurpose.Marketing, ConsentMethod.WebForm, s_form));
        await ledger.RecordAsync(ConsentEvent.OptIn(userId, ConsentPurpose.Utility, ConsentMethod.Keyword));
        await ledger.RecordAsync(ConsentEvent.OptIn(other, ConsentPurpose.Utility, ConsentMethod.Keyword));
        await instance.Get<Conversations.IConversationWindowStore>().RecordInboundAsync(StoreTestContext.Business(), userId, now);
        await instance.Get<IMessageCounterStore>().RecordAsync(new MessageCountEntry
        {
            Sender = StoreTestContext.Business(),
            Recipient = userId,
            Purpose = ConsentPurpose.Utility,
            SentAt = now,
            BusinessInitiated = true,
        });
        await instance.Get<IJurisdictionOverrideStore>().SetAsync(userId, new JurisdictionOverride { RegionCode = "BR" });
        await instance.Get<IWebhookDeadLetterStore>().AddAsync(new WebhookDeadLetter
        {
            Id = Guid.CreateVersion7(now),
            Source = "360dialog:main",
            Code = MalformedItemCodes.ItemMalformed,
            Message = "messages[0].timestamp is not a number",
            RawItem = $$"""{"from":"{{number.Digits}}","from_user_id":"{{userId.Value}}","timestamp":"soon"}""",
            Subject = userId,
            ReceivedAt = now,
        });
        Assert.Contains(userId.Value, await DumpSchemaAsync(schema));

        var erasure = await instance.Get<Privacy.IDataSubjectService>().EraseAsync(number, "dsar-44");

        var dump = await DumpSchemaAsync(schema);
        Assert.DoesNotContain(number.Digits, dump, StringComparison.Ordinal);
        Assert.DoesNotContain(userId.Value, dump, StringComparison.Ordinal);
        Assert.Contains(other.Value, dump, StringComparison.Ordinal);
        Assert.Equal((1, 1, 1, 1, true), (erasure.LinksRemoved, erasure.DeadLettersRemoved, erasure.WindowsRemoved, erasure.CounterEntriesRemoved, erasure.OverrideRemoved));
        Assert.Equal(ConsentStatus.OptedOut, (await ledger.GetStateAsync(userId, ConsentPurpose.Utility)).Status);
        Assert.True((await ledger.VerifyAsync()).IsValid);
    }

    [Fact]
    public async Task CampaignPrefetch_ReadsEachStoreInOneRoundTripPerChunk()
    {
        var storage = database.NewStorage();
        var ledger = Ledger(storage);
        var people = Enumerable.Range(0, 2_500).Select(i => (Identities.WhatsAppIdentifier)StoreTestContext.Person(i)).ToArray();
        await ledger.RecordManyAsync(people.Select(p => ConsentEvent.OptIn(p, ConsentPurpose.Marketing, ConsentMethod.WebForm, s_form)));
        var suppression = new PostgreSqlSuppressionList(storage, _context.Keys, _context.Time);
        var windows = new PostgreSqlConversationWindowStore(storage, _context.Options);
        var counters = new PostgreSqlMessageCounterStore(storage, _context.Options, _context.Time);
        var overrides = new PostgreSqlJurisdictionOverrideStore(storage);
        await suppression.AddAsync(people[7], ConsentPurpose.All, SuppressionReason.Manual);
        await windows.RecordInboundAsync(StoreTestContext.Business(), people[8], StoreTestContext.Start);
        await counters.RecordAsync(new MessageCountEntry { Sender = StoreTestContext.Business(), Recipient = people[9], Purpose = ConsentPurpose.Marketing, SentAt = StoreTestContext.Start });
        await overrides.SetAsync(people[10], new JurisdictionOverride { RegionCode = "AU" });

        using var roundTrips = new RoundTripCounter(database.DatabaseName);
        var snapshots = await ledger.GetSnapshotsAsync(people);
        Assert.Equal(3, roundTrips.Count);
        roundTrips.Reset();
        var entries = await suppression.GetEntriesAsync(people);
        Assert.Equal(3, roundTrips.Count);
        roundTrips.Reset();
        var open = await windows.GetManyAsync(StoreTestContext.Business(), people);
        Assert.Equal(3, roundTrips.Count);
        roundTrips.Reset();
        var sent = await counters.GetEntriesAsync(people, StoreTestContext.Start.AddDays(-1));
        Assert.Equal(3, roundTrips.Count);
        roundTrips.Reset();
        var known = await overrides.GetManyAsync(people);
        Assert.Equal(3, roundTrips.Count);

        Assert.Equal(2_500, snapshots.Count);
        Assert.All(snapshots.Values, s => Assert.Equal(ConsentStatus.OptedIn, s.GetState(ConsentPurpose.Marketing, StoreTestContext.Start).Status));
        Assert.Equal(people[7], Assert.Single(entries).Key);
        Assert.Equal(people[8], Assert.Single(open).Key);
        Assert.Equal(people[9], Assert.Single(sent).Key);
        Assert.Equal(people[10], Assert.Single(known).Key);
    }

    [Fact]
    public async Task SingleAppend_IsOneRoundTripOnceTheHeadIsKnown()
    {
        var storage = database.NewStorage();
        var ledger = Ledger(storage);
        await ledger.RecordAsync(ConsentEvent.OptIn(StoreTestContext.Person(1), ConsentPurpose.Marketing, ConsentMethod.WebForm, s_form));

        using var roundTrips = new RoundTripCounter(database.DatabaseName);
        await ledger.RecordAsync(ConsentEvent.OptIn(StoreTestContext.Person(2), ConsentPurpose.Marketing, ConsentMethod.WebForm, s_form));
        await ledger.RecordManyAsync(Enumerable.Range(3, 500).Select(i => ConsentEvent.OptIn(StoreTestContext.Person(i), ConsentPurpose.Marketing, ConsentMethod.WebForm, s_form)));

        Assert.Equal(2, roundTrips.Count);
        Assert.Equal(502, (await ledger.GetHeadAsync()).Sequence);
    }

    [Fact]
    public async Task Templates_WithQuotesSqlAndUnicode_RoundTripExactly()
    {
        var catalog = new PostgreSqlTemplateCatalog(database.NewStorage(), _context.Time);
        var template = new MessageTemplate
        {
            Name = "tricky_template",
            Language = "mi_NZ",
            Category = TemplateCategory.Authentication,
            Status = TemplateStatus.InAppeal,
            Quality = TemplateQuality.Yellow,
            ParameterFormat = TemplateParameterFormat.Named,
            Header = new TemplateHeader(TemplateHeaderFormat.Text, Tricky) { Example = Tricky },
            Body = Tricky + " {{first_name}}",
            Footer = Tricky,
            Buttons = [new TemplateButton(TemplateButtonType.Otp, Tricky) { OtpType = OtpButtonType.ZeroTap, Example = Tricky, Url = Tricky }],
            BodyExamples = new Dictionary<string, string> { ["first_name"] = Tricky, [Tricky] = "key" },
            CodeExpirationMinutes = 10,
            AddSecurityRecommendation = true,
            ProviderTemplateId = Tricky,
            StatusReason = Tricky,
        };

        var stored = await catalog.UpsertAsync(template);
        var read = await catalog.GetAsync(template.Key);

        Assert.NotNull(read);
        Assert.Equal(stored with { Buttons = [], BodyExamples = null }, read with { Buttons = [], BodyExamples = null });
        Assert.Equal(stored.Buttons, read.Buttons);
        Assert.Equal(stored.BodyExamples!.OrderBy(p => p.Key, StringComparer.Ordinal), read.BodyExamples!.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Decisions_WithQuotesBracesAndUnicode_RoundTripExactly()
    {
        var log = new PostgreSqlDecisionLog(database.NewStorage());
        var record = new DecisionRecord
        {
            DecisionId = Guid.CreateVersion7(),
            DecidedAt = StoreTestContext.Start,
            Subject = _context.Keys.GetKey(StoreTestContext.Person(1)),
            Sender = "+14155550100",
            Purpose = ConsentPurpose.Marketing,
            Outcome = DecisionOutcome.Blocked,
            ViolationCodes = ["OPTED_OUT", Tricky, "", "NULL", "a\"b\\c"],
            IdempotencyKey = Tricky,
            CampaignId = Tricky,
            MessageKind = "template",
            TemplateName = Tricky,
        };

        await log.AppendAsync([record]);
        var read = await log.GetAsync(record.DecisionId);
        var byCampaign = new List<DecisionRecord>();
        await foreach (var found in log.QueryAsync(new DecisionQuery { CampaignId = Tricky }))
        {
            byCampaign.Add(found);
        }

        Assert.NotNull(read);
        Assert.Equal(record.ViolationCodes, read.ViolationCodes);
        Assert.Equal(record with { ViolationCodes = read.ViolationCodes }, read);
        Assert.Equal(record.DecisionId, Assert.Single(byCampaign).DecisionId);
    }

    [Fact]
    public async Task Migrate_IsIdempotentAndRecordsTheVersion()
    {
        var migrator = new PostgreSqlMigrator(database.DataSource, PostgresDatabaseFixture.NewSchema());

        Assert.Equal(0, await migrator.GetVersionAsync());
        Assert.Equal(Migrations.All.Count, await migrator.MigrateAsync());
        Assert.Equal(0, await migrator.MigrateAsync());
        Assert.Equal(PostgreSqlMigrator.LatestVersion, await migrator.GetVersionAsync());
    }

    [Fact]
    public async Task WithoutMigrateOnStart_StoresFailClosedUntilMigratedExplicitly()
    {
        var schema = PostgresDatabaseFixture.NewSchema();
        await using var instance = AppInstance.Start(database.SeparateConnectionString(), schema, o => o.MigrateOnStart = false);
        var ledger = instance.Get<IConsentLedger>();
        var person = StoreTestContext.Person(1);

        await Assert.ThrowsAsync<PostgresException>(() => ledger.GetStateAsync(person, ConsentPurpose.Marketing).AsTask());
        await instance.Get<PostgreSqlMigrator>().MigrateAsync();
        await ledger.RecordAsync(ConsentEvent.OptOut(person, ConsentPurpose.All, ConsentMethod.Keyword));

        Assert.Equal(ConsentStatus.OptedOut, (await ledger.GetStateAsync(person, ConsentPurpose.Marketing)).Status);
    }

    [Fact]
    public async Task WithMigrateOnStart_TheFirstOperationMigratesWithoutAHost()
    {
        var schema = PostgresDatabaseFixture.NewSchema();
        await using var instance = AppInstance.Start(database.SeparateConnectionString(), schema);

        Assert.True(await instance.Get<IIdempotencyStore>().TryClaimAsync("k", StoreTestContext.Start) is { IsNew: true });
        Assert.Equal(PostgreSqlMigrator.LatestVersion, await instance.Get<PostgreSqlMigrator>().GetVersionAsync());
    }

    /// <summary>Every row of every table of a schema, as text.</summary>
    private async Task<string> DumpSchemaAsync(string schema)
    {
        var tables = new List<string>();
        await using (var list = database.DataSource.CreateCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = $1"))
        {
            list.Parameters.Add(new NpgsqlParameter<string> { TypedValue = schema });
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var text = new System.Text.StringBuilder();
        foreach (var table in tables)
        {
            text.Append(await database.ScalarAsync($"SELECT coalesce(string_agg(t::text, '|'), '') FROM \"{schema}\".\"{table}\" t")).Append('|');
        }

        return text.ToString();
    }

    private ConsentLedger Ledger(PostgreSqlStorage storage) =>
        new(new PostgreSqlConsentStore(storage, _context.Keys), _context.Keys, _context.Time, _context.Options);
}
