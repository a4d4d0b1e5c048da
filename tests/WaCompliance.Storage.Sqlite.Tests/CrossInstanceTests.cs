using Microsoft.Extensions.DependencyInjection;
using WaCompliance.Conformance;
using WaCompliance.Consent;
using WaCompliance.Counters;
using WaCompliance.Idempotency;
using WaCompliance.Identities;
using WaCompliance.Suppression;
using WaCompliance.Webhooks;

namespace WaCompliance.Storage.Sqlite.Tests;

/// <summary>The semantics that must hold between application instances sharing one database, under concurrency.</summary>
public sealed class CrossInstanceTests : IDisposable
{
    private static readonly ConsentEvidence s_form = new("I agree to receive offers from Acme Ltd on WhatsApp.", "form-v3")
    {
        IpAddress = "203.0.113.7",
    };

    private readonly TempDatabase _file = new();
    private readonly TwoInstances _instances;

    public CrossInstanceTests()
    {
        _instances = new TwoInstances(_file);
    }

    private ServiceProvider A => _instances.A;

    private ServiceProvider B => _instances.B;

    public void Dispose()
    {
        _instances.Dispose();
        _file.Dispose();
    }

    [Fact]
    public async Task OptOutRecordedThroughOneInstance_IsTheStateTheOtherInstanceReadsNext()
    {
        var person = StoreTestContext.Person(1);
        var ledgerA = A.GetRequiredService<IConsentLedger>();
        var ledgerB = B.GetRequiredService<IConsentLedger>();
        await ledgerA.RecordAsync(ConsentEvent.OptIn(person, ConsentPurpose.Marketing, ConsentMethod.WebForm, s_form));
        Assert.Equal(ConsentStatus.OptedIn, (await ledgerB.GetStateAsync(person, ConsentPurpose.Marketing)).Status);

        await ledgerA.RecordAsync(ConsentEvent.OptOut(person, ConsentPurpose.All, ConsentMethod.Keyword));

        Assert.Equal(ConsentStatus.OptedOut, (await ledgerB.GetStateAsync(person, ConsentPurpose.Marketing)).Status);
        var snapshots = await ledgerB.GetSnapshotsAsync([person, StoreTestContext.Person(2)]);
        Assert.Equal(ConsentStatus.OptedOut, snapshots[person].GetState(ConsentPurpose.Utility, DateTimeOffset.MaxValue).Status);
    }

    [Fact]
    public async Task SuppressionAddedThroughOneInstance_BlocksLookupsThroughTheOther()
    {
        var person = StoreTestContext.Person(1);

        await A.GetRequiredService<ISuppressionList>().AddAsync(person, ConsentPurpose.All, SuppressionReason.NotOnWhatsApp, "twilio:main 63003");

        var found = await B.GetRequiredService<ISuppressionList>().FindAsync(person, ConsentPurpose.Marketing, DateTimeOffset.MaxValue.AddDays(-1));
        Assert.Equal(SuppressionReason.NotOnWhatsApp, found!.Reason);
    }

    [Fact]
    public async Task IdempotencyClaims_25FromEachInstanceAtOnce_ExactlyOneWins()
    {
        var stores = new[] { A.GetRequiredService<IIdempotencyStore>(), B.GetRequiredService<IIdempotencyStore>() };
        var at = StoreTestContext.Start;
        using var start = new ManualResetEventSlim();
        var claims = Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await stores[i % 2].TryClaimAsync("campaign-42:row-17", at.AddMilliseconds(i));
        })).ToArray();
        start.Set();

        var results = await Task.WhenAll(claims);

        var winner = Assert.Single(results, r => r.IsNew);
        Assert.All(results, r => Assert.Equal(winner.Record.ClaimedAt, r.Record.ClaimedAt));
    }

    [Fact]
    public async Task LedgerAppends_FromBothInstancesAtOnce_KeepOneGaplessVerifiableChain()
    {
        const int ThreadsPerInstance = 4;
        const int PerThread = 25;
        const int BatchesPerInstance = 3;
        const int BatchSize = 40;
        var ledgers = new[] { A.GetRequiredService<IConsentLedger>(), B.GetRequiredService<IConsentLedger>() };
        var singles = Enumerable.Range(0, 2 * ThreadsPerInstance).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                var person = StoreTestContext.Person((t * PerThread) + i);
                await ledgers[t % 2].RecordAsync(ConsentEvent.OptIn(person, ConsentPurpose.Marketing, ConsentMethod.WebForm, s_form));
            }
        }));
        var batches = Enumerable.Range(0, 2 * BatchesPerInstance).Select(b => Task.Run(async () =>
        {
            var events = Enumerable.Range(0, BatchSize)
                .Select(i => ConsentEvent.OptOut(StoreTestContext.Person(10_000 + (b * BatchSize) + i), ConsentPurpose.Marketing, ConsentMethod.Keyword));
            var result = await ledgers[b % 2].RecordManyAsync(events);
            Assert.True(result.AllRecorded);
        }));

        await Task.WhenAll(singles.Concat(batches));

        const int Total = (2 * ThreadsPerInstance * PerThread) + (2 * BatchesPerInstance * BatchSize);
        foreach (var ledger in ledgers)
        {
            var result = await ledger.VerifyAsync();
            Assert.True(result.IsValid, string.Join("; ", result.Problems.Select(p => p.Message)));
            Assert.Equal(Total, result.RecordsChecked);
        }

        var sequences = new List<long>();
        await foreach (var record in B.GetRequiredService<IConsentStore>().ReadAsync())
        {
            sequences.Add(record.Sequence);
        }

        Assert.Equal(Enumerable.Range(1, Total).Select(i => (long)i), sequences);
    }

    [Fact]
    public async Task Counters_RecordedThroughBothInstancesAtOnce_AddUp()
    {
        var counters = new[] { A.GetRequiredService<IMessageCounterStore>(), B.GetRequiredService<IMessageCounterStore>() };
        var person = StoreTestContext.Person(1);

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => counters[i % 2].RecordAsync(new MessageCountEntry
        {
            Sender = StoreTestContext.Business(),
            Recipient = i < 100 ? person : StoreTestContext.Person(2 + i),
            Purpose = ConsentPurpose.Marketing,
            SentAt = StoreTestContext.Start.AddSeconds(i),
            BusinessInitiated = true,
        }).AsTask())));

        foreach (var store in counters)
        {
            Assert.Equal(100, await store.CountAsync(person, StoreTestContext.Start));
            Assert.Equal(101, await store.CountUniqueRecipientsAsync(StoreTestContext.Business(), StoreTestContext.Start));
        }
    }

    [Fact]
    public async Task WebhookRedeliveries_ToBothInstancesAtOnce_AreAppliedOnce()
    {
        var stores = new[] { A.GetRequiredService<IWebhookEventStore>(), B.GetRequiredService<IWebhookEventStore>() };
        using var start = new ManualResetEventSlim();
        var attempts = Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await stores[i % 2].TryRecordAsync("meta:waba", "wamid.HBgLMTY0NjcwNDM1OTUVAgASGBQzQTJBNzBEQkE3", StoreTestContext.Start);
        })).ToArray();
        start.Set();

        Assert.Single(await Task.WhenAll(attempts), first => first);
    }

    [Fact]
    public async Task SameLinkAndDeadLetterFromBothInstancesAtOnce_AreStoredOnceAndChangesAreSeenByBoth()
    {
        const int PerInstance = 10;
        var links = new[] { A.GetRequiredService<IIdentityLinkStore>(), B.GetRequiredService<IIdentityLinkStore>() };
        var letters = new[] { A.GetRequiredService<IWebhookDeadLetterStore>(), B.GetRequiredService<IWebhookDeadLetterStore>() };
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
