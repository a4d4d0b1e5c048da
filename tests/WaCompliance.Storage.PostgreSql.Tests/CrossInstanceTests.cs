using WaCompliance.Conformance;
using WaCompliance.Consent;
using WaCompliance.Counters;
using WaCompliance.Idempotency;
using WaCompliance.Identities;
using WaCompliance.Storage.PostgreSql.Internal;
using WaCompliance.Storage.PostgreSql.Tests.Infrastructure;
using WaCompliance.Suppression;
using WaCompliance.Webhooks;

namespace WaCompliance.Storage.PostgreSql.Tests;

/// <summary>
/// Two application instances (separate service providers, separate connection pools) sharing one database: what one
/// records, the other sees, and concurrent writes from both keep every invariant.
/// </summary>
public sealed class CrossInstanceTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private static readonly ConsentEvidence s_form = new("I agree to receive offers from Acme Ltd on WhatsApp.", "form-v3") { IpAddress = "203.0.113.7" };
    private readonly string _schema = PostgresDatabaseFixture.NewSchema();
    private AppInstance _a = null!;
    private AppInstance _b = null!;

    public async Task InitializeAsync()
    {
        _a = AppInstance.Start(database.SeparateConnectionString(), _schema);
        _b = AppInstance.Start(database.SeparateConnectionString(), _schema);
        await Task.WhenAll(_a.Get<PostgreSqlMigrator>().MigrateAsync(), _b.Get<PostgreSqlMigrator>().MigrateAsync());
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task OptOutRecordedByOneInstance_BlocksTheStateReadByTheOther()
    {
        var person = StoreTestContext.Person(1);
        await _b.Get<IConsentLedger>().RecordAsync(ConsentEvent.OptIn(person, ConsentPurpose.Marketing, ConsentMethod.WebForm, s_form));
        Assert.Equal(ConsentStatus.OptedIn, (await _a.Get<IConsentLedger>().GetStateAsync(person, ConsentPurpose.Marketing)).Status);

        await _a.Get<IConsentLedger>().RecordAsync(ConsentEvent.OptOut(person, ConsentPurpose.All, ConsentMethod.Keyword));

        Assert.Equal(ConsentStatus.OptedOut, (await _b.Get<IConsentLedger>().GetStateAsync(person, ConsentPurpose.Marketing)).Status);
        var snapshots = await _b.Get<IConsentLedger>().GetSnapshotsAsync([person]);
        Assert.Equal(ConsentStatus.OptedOut, snapshots[person].GetState(ConsentPurpose.Utility, DateTimeOffset.UtcNow).Status);
    }

    [Fact]
    public async Task SuppressionAddedByOneInstance_BlocksLookupsOnTheOther()
    {
        var person = StoreTestContext.Person(2);
        await _a.Get<ISuppressionList>().AddAsync(person, ConsentPurpose.All, SuppressionReason.DoNotContactList, "dnc");

        var found = await _b.Get<ISuppressionList>().FindAsync(person, ConsentPurpose.Marketing, DateTimeOffset.UtcNow);

        Assert.Equal(SuppressionReason.DoNotContactList, found!.Reason);
    }

    [Fact]
    public async Task ConcurrentClaimsOfOneKeyFromBothInstances_ExactlyOneWins()
    {
        const int PerInstance = 25;
        var stores = new[] { _a.Get<IIdempotencyStore>(), _b.Get<IIdempotencyStore>() };
        using var start = new ManualResetEventSlim();
        var claims = Enumerable.Range(0, 2 * PerInstance).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await stores[i % 2].TryClaimAsync("campaign-42:row-17", DateTimeOffset.UtcNow);
        })).ToArray();
        start.Set();

        var results = await Task.WhenAll(claims);

        Assert.Single(results, r => r.IsNew);
        Assert.All(results, r => Assert.Equal("campaign-42:row-17", r.Record.Key));
        Assert.Single(results.Select(r => r.Record.ClaimedAt).Distinct());
    }

    [Fact]
    public async Task ConcurrentAppendsFromBothInstances_KeepOneGaplessVerifiableChain()
    {
        const int TasksPerInstance = 4;
        const int PerTask = 20;
        var ledgers = new[] { _a.Get<IConsentLedger>(), _b.Get<IConsentLedger>() };
        await Task.WhenAll(Enumerable.Range(0, 2 * TasksPerInstance).Select(t => Task.Run(async () =>
        {
            var ledger = ledgers[t % 2];
            for (var i = 0; i < PerTask; i++)
            {
                var person = StoreTestContext.Person(1_000 + (t * PerTask) + i);
                if (i % 5 == 0)
                {
                    // Batches interleave with single appends.
                    await ledger.RecordManyAsync([
                        ConsentEvent.OptIn(person, ConsentPurpose.Utility, ConsentMethod.WebForm, s_form),
                        ConsentEvent.OptIn(person, ConsentPurpose.Marketing, ConsentMethod.WebForm, s_form),
                    ]);
                }
                else
                {
                    await ledger.RecordAsync(ConsentEvent.OptIn(person, ConsentPurpose.Marketing, ConsentMethod.WebForm, s_form));
                }
            }
        })));

        var expected = 2 * TasksPerInstance * (PerTask + (PerTask / 5));
        var fromA = await _a.Get<IConsentLedger>().VerifyAsync();
        var fromB = await _b.Get<IConsentLedger>().VerifyAsync();
        var sequences = new List<long>();
        await foreach (var record in _b.Get<IConsentStore>().ReadAsync())
        {
            sequences.Add(record.Sequence);
        }

        Assert.True(fromA.IsValid, string.Join("; ", fromA.Problems.Select(p => p.Message)));
        Assert.True(fromB.IsValid);
        Assert.Equal(Enumerable.Range(1, expected).Select(i => (long)i), sequences);
        Assert.Equal(fromA.Head, await _b.Get<IConsentLedger>().GetHeadAsync());
    }

    [Fact]
    public async Task SameEventRecordedByBothInstancesAtOnce_IsStoredOnce()
    {
        var person = StoreTestContext.Person(3);
        var stop = ConsentEvent.OptOut(person, ConsentPurpose.All, ConsentMethod.Keyword) with { EventId = "wamid.same-webhook-delivered-twice" };

        var records = await Task.WhenAll(
            Task.Run(async () => await _a.Get<IConsentLedger>().RecordAsync(stop)),
            Task.Run(async () => await _b.Get<IConsentLedger>().RecordAsync(stop)));

        Assert.Equal(records[0].RecordId, records[1].RecordId);
        Assert.Equal(1, await database.CountAsync($"SELECT count(*) FROM \"{_schema}\".consent_records WHERE event_id = 'wamid.same-webhook-delivered-twice'"));
    }

    [Fact]
    public async Task CountersFromBothInstances_AddUp()
    {
        var person = StoreTestContext.Person(4);
        var stores = new[] { _a.Get<IMessageCounterStore>(), _b.Get<IMessageCounterStore>() };
        var start = StoreTestContext.Start;

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
            await stores[i % 2].RecordAsync(new MessageCountEntry
            {
                Sender = StoreTestContext.Business(),
                Recipient = i < 100 ? person : StoreTestContext.Person(100 + i),
                Purpose = ConsentPurpose.Marketing,
                SentAt = start.AddSeconds(i),
                BusinessInitiated = true,
            }))));

        Assert.Equal(100, await _a.Get<IMessageCounterStore>().CountAsync(person, start));
        Assert.Equal(100, await _b.Get<IMessageCounterStore>().CountAsync(person, start));
        Assert.Equal(101, await _b.Get<IMessageCounterStore>().CountUniqueRecipientsAsync(StoreTestContext.Business(), start));
    }

    [Fact]
    public async Task MigrationsFromTwoInstancesStartingAtOnce_ApplyOnceWithoutError()
    {
        var schema = PostgresDatabaseFixture.NewSchema();
        await using var first = AppInstance.Start(database.SeparateConnectionString(), schema);
        await using var second = AppInstance.Start(database.SeparateConnectionString(), schema);
        using var go = new ManualResetEventSlim();

        var migrations = new[]
        {
            Task.Run(async () => { go.Wait(); return await first.Get<PostgreSqlMigrator>().MigrateAsync(); }),
            Task.Run(async () => { go.Wait(); return await second.Get<PostgreSqlMigrator>().MigrateAsync(); }),
            Task.Run(async () => { go.Wait(); return await second.Get<PostgreSqlMigrator>().MigrateAsync(); }),
        };
        go.Set();
        var applied = await Task.WhenAll(migrations);

        Assert.Single(applied, a => a > 0);
        Assert.Equal(Migrations.All.Count, applied.Sum());
        Assert.Equal(PostgreSqlMigrator.LatestVersion, await second.Get<PostgreSqlMigrator>().GetVersionAsync());
        Assert.Equal(PostgreSqlMigrator.LatestVersion, await database.CountAsync($"SELECT count(*) FROM \"{schema}\".schema_version"));
    }

    [Fact]
    public async Task SameLinkAndDeadLetterFromBothInstancesAtOnce_AreStoredOnceAndChangesAreSeenByBoth()
    {
        const int PerInstance = 10;
        var links = new[] { _a.Get<IIdentityLinkStore>(), _b.Get<IIdentityLinkStore>() };
        var letters = new[] { _a.Get<IWebhookDeadLetterStore>(), _b.Get<IWebhookDeadLetterStore>() };
        var link = new IdentityLink
        {
            First = StoreTestContext.Person(5),
            Second = StoreTestContext.UserId(5),
            Reason = IdentityLinkReason.SameEvent,
            Source = "360dialog:main",
            EventId = "wamid.same-contact-delivered-twice",
            LinkedAt = StoreTestContext.Start,
        };
        using var start = new ManualResetEventSlim();
        var linking = Enumerable.Range(0, 2 * PerInstance).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await links[i % 2].LinkAsync(link);
        })).ToArray();
        var dead = Enumerable.Range(0, 2 * PerInstance).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await letters[i % 2].AddAsync(new WebhookDeadLetter
            {
                Id = Guid.NewGuid(),
                Source = "360dialog:main",
                Code = MalformedItemCodes.ItemMalformed,
                Message = "messages[0].timestamp is not a number",
                EventId = "wamid.same-item-delivered-twice",
                RawItem = "{}",
                Subject = StoreTestContext.UserId(5),
                ReceivedAt = StoreTestContext.Start,
            });
        })).ToArray();
        start.Set();

        Assert.Single(await Task.WhenAll(linking), added => added);
        Assert.Single(await Task.WhenAll(dead), added => added);

        Assert.Equal(1, await links[1].RevokeAsync(StoreTestContext.UserId(5), StoreTestContext.Person(5), StoreTestContext.Start.AddHours(1)));
        Assert.False(Assert.Single(await links[0].GetLinksAsync(StoreTestContext.Person(5))).IsActive);
        var letter = Assert.Single(await ListAsync(letters[1]));
        Assert.True(await letters[0].RecordAttemptAsync(letter.Id, StoreTestContext.Start.AddHours(1)));
        Assert.Empty(await ListAsync(letters[1]));
    }

    private static async Task<List<WebhookDeadLetter>> ListAsync(IWebhookDeadLetterStore store)
    {
        var letters = new List<WebhookDeadLetter>();
        await foreach (var letter in store.ListAsync())
        {
            letters.Add(letter);
        }

        return letters;
    }
}
