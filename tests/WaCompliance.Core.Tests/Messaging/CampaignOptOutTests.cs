using Microsoft.Extensions.DependencyInjection;
using WaCompliance.Conformance;
using WaCompliance.Consent;
using WaCompliance.Gateways;
using WaCompliance.Identities;
using WaCompliance.Messaging;
using WaCompliance.Numbers;
using WaCompliance.Privacy;
using WaCompliance.Suppression;
using WaCompliance.Templates;
using static WaCompliance.Tests.ComplianceHarness;

namespace WaCompliance.Tests.Messaging;

/// <summary>
/// Campaigns honour opt-outs at once: the state a chunk was decided on is read again before each group of provider
/// calls, and an opt-out recorded through this instance reaches every call not yet started. Races are held at gates.
/// </summary>
public sealed class CampaignOptOutTests
{
    private static readonly WhatsAppNumber[] s_people = [.. Enumerable.Range(0, 6).Select(i => WhatsAppNumber.Parse($"+6421{5_000_000 + i}"))];

    [Fact]
    public async Task OptOutRecordedWhileTheCampaignIsSending_NoMessageToThatPersonStartsAfterIt()
    {
        // Regression: state was read once per chunk, so a person who opted out was still sent a message seconds later.
        await using var h = await ReadyAsync();
        var first = new Gate();
        h.Gateway.Then(async (_, _) =>
        {
            await first.PassAsync();
            return GatewaySendResult.Accepted("first");
        });

        var run = CollectAsync(h.Messenger.SendManyAsync(s_people.Select((p, i) => Utility(p) with { IdempotencyKey = $"c:{i}" }), new SendManyOptions { MaxConcurrency = 1 }));
        await first.Entered;
        await h.Ledger.RecordAsync(ConsentEvent.OptOut(s_people[3], ConsentPurpose.All, ConsentMethod.Keyword));
        first.Release();
        var results = await run;

        Assert.Equal(SendResultStatus.Blocked, results.Single(r => r.IdempotencyKey == "c:3").Status);
        Assert.DoesNotContain(h.Gateway.Sent, m => m.To.Phone == s_people[3]);
        Assert.Equal(5, h.Gateway.CallCount);
        Assert.Equal(5, results.Count(r => r.IsSent));
    }

    [Fact]
    public async Task OptOutCommittedAfterTheGroupWasReadAgain_TheInProcessNoticeStopsTheCallStill()
    {
        // The group's re-read is held after the ledger part and before the suppression part; the opt-out commits in
        // between, so the re-read itself misses it: only the notice the ledger published can stop the call.
        var reread = new Gate();
        var suppressions = new HeldSecondBatchRead(reread);
        await using var h = await ReadyAsync(s => s.AddSingleton<ISuppressionList>(sp => suppressions.Over(
            new InMemorySuppressionList(sp.GetRequiredService<ISubjectKeyProvider>(), sp.GetRequiredService<TimeProvider>()))));

        var run = CollectAsync(h.Messenger.SendManyAsync(s_people.Take(2).Select((p, i) => Utility(p) with { IdempotencyKey = $"c:{i}" }), new SendManyOptions { MaxConcurrency = 2 }));
        await reread.Entered;
        await h.Ledger.RecordAsync(ConsentEvent.OptOut(s_people[1], ConsentPurpose.All, ConsentMethod.Keyword));
        reread.Release();
        var results = await run;

        Assert.Equal((SendResultStatus.Sent, SendResultStatus.Blocked), (results.Single(r => r.IdempotencyKey == "c:0").Status, results.Single(r => r.IdempotencyKey == "c:1").Status));
        Assert.True(results.Single(r => r.IdempotencyKey == "c:1").Decision!.Has("OPTED_OUT"));
        Assert.Equal(1, h.Gateway.CallCount);
    }

    [Fact]
    public async Task SuppressionAddedElsewhereWhileTheCampaignIsSending_IsSeenByTheNextGroupsRead()
    {
        await using var h = await ReadyAsync();
        var first = new Gate();
        h.Gateway.Then(async (_, _) =>
        {
            await first.PassAsync();
            return GatewaySendResult.Accepted("first");
        });

        var run = CollectAsync(h.Messenger.SendManyAsync(s_people.Select((p, i) => Utility(p) with { IdempotencyKey = $"c:{i}" }), new SendManyOptions { MaxConcurrency = 1 }));
        await first.Entered;
        await h.Suppressions.AddAsync(s_people[4], ConsentPurpose.All, SuppressionReason.DoNotContactList, "dnc-import");
        first.Release();
        var results = await run;

        var stopped = results.Single(r => r.IdempotencyKey == "c:4");
        Assert.Equal(SendResultStatus.Blocked, stopped.Status);
        Assert.True(stopped.Decision!.Has("SUPPRESSED"));
        Assert.Equal(5, h.Gateway.CallCount);
    }

    [Fact]
    public async Task OptOutConfirmation_IsNotStoppedByTheOptOutItConfirms()
    {
        await using var h = await ReadyAsync();
        await h.InboundAsync(s_people[0], TimeSpan.Zero);
        await h.Ledger.RecordAsync(ConsentEvent.OptOut(s_people[0], ConsentPurpose.All, ConsentMethod.Keyword));

        var results = await CollectAsync(h.Messenger.SendManyAsync([Reply(s_people[0], "You are unsubscribed from Acme Ltd.") with { IsOptOutConfirmation = true }]));

        Assert.Equal(SendResultStatus.Sent, Assert.Single(results).Status);
    }

    [Fact]
    public void Notices_NameOnlyTheIdentifiersThatChangedAfterTheVersionRead()
    {
        var changes = new SendStateChanges();
        var before = changes.Version;
        changes.Publish(s_people[0]);
        var between = changes.Version;
        changes.Publish([s_people[1], s_people[2]]);

        Assert.True(changes.ChangedSince([s_people[0]], before));
        Assert.False(changes.ChangedSince([s_people[0]], between));
        Assert.True(changes.ChangedSince([s_people[5], s_people[2]], between));
        Assert.False(changes.ChangedSince([s_people[5]], before));
        Assert.False(changes.ChangedSince([s_people[0]], changes.Version));
    }

    [Fact]
    public async Task Ledger_AsRegistered_PublishesOptOutsAndErasuresButNotOptIns()
    {
        await using var h = await ReadyAsync();
        var changes = h.Get<SendStateChanges>();
        var start = changes.Version;

        await h.OptInAsync(s_people[5], ConsentPurpose.Marketing);
        Assert.False(changes.ChangedSince([s_people[5]], start));
        await h.Ledger.RecordManyAsync([ConsentEvent.OptOut(s_people[5], ConsentPurpose.Marketing, ConsentMethod.Import)]);
        Assert.True(changes.ChangedSince([s_people[5]], start));
        var afterOptOut = changes.Version;
        await h.Ledger.EraseAsync(s_people[4]);
        Assert.True(changes.ChangedSince([s_people[4]], afterOptOut));
    }

    private static async Task<ComplianceHarness> ReadyAsync(Action<IServiceCollection>? services = null)
    {
        var h = new ComplianceHarness(o =>
        {
            o.Policy.QuietHours.International = null;
            o.Policy.MessagingLimit = null;
            o.Sending.MessagesPerSecondPerSender = 0;
        }, services);
        await h.TemplateAsync("order_shipped", TemplateCategory.Utility);
        foreach (var person in s_people)
        {
            await h.OptInAsync(person, ConsentPurpose.Utility);
        }

        return h;
    }

    private static async Task<List<SendResult>> CollectAsync(IAsyncEnumerable<SendResult> results)
    {
        var list = new List<SendResult>();
        await foreach (var result in results)
        {
            list.Add(result);
        }

        return list;
    }

    /// <summary>A suppression list whose second batch read (the campaign's re-read, after the chunk's prefetch) waits at a gate.</summary>
    private sealed class HeldSecondBatchRead(Gate gate)
    {
        private int _reads;

        public ISuppressionList Over(ISuppressionList inner)
        {
            var mock = new Moq.Mock<ISuppressionList>(Moq.MockBehavior.Strict);
            mock.Setup(x => x.GetEntriesAsync(Moq.It.IsAny<IReadOnlyCollection<WhatsAppIdentifier>>(), Moq.It.IsAny<CancellationToken>()))
                .Returns(async (IReadOnlyCollection<WhatsAppIdentifier> ids, CancellationToken ct) =>
                {
                    if (Interlocked.Increment(ref _reads) == 2)
                    {
                        await gate.PassAsync();
                    }

                    return await inner.GetEntriesAsync(ids, ct);
                });
            return mock.Object;
        }
    }
}
