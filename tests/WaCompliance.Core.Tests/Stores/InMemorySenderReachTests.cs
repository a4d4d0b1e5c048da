using Microsoft.Extensions.Options;
using WaCompliance.Conformance;
using WaCompliance.Counters;
using WaCompliance.Numbers;

namespace WaCompliance.Tests.Stores;

/// <summary>
/// The in-memory count of people a sender reached, checked against a plain model over thousands of random sends:
/// people reached again (so their earlier time moves), sends out of time order, pruning behind the retention, and
/// people forgotten by erasure.
/// </summary>
public sealed class InMemorySenderReachTests
{
    private static readonly WhatsAppNumber Sender = StoreTestContext.Business();

    [Theory]
    [InlineData(1, 400, 35 * 24)]
    [InlineData(2, 3_000, 35 * 24)]
    [InlineData(3, 3_000, 6)]
    [InlineData(4, 50, 2)]
    public async Task UniqueRecipients_AgreeWithAModel_UnderRandomSendsRepeatsAndPruning(int seed, int people, int retentionHours)
    {
        var retention = TimeSpan.FromHours(retentionHours);
        var store = new InMemoryMessageCounterStore(Options.Create(new WhatsAppComplianceOptions
        {
            BusinessName = "Acme Ltd",
            Pepper = StoreTestContext.Pepper,
            MessageCounterRetention = retention,
        }));
        var model = new Dictionary<WhatsAppNumber, DateTimeOffset>();
        var random = new Random(seed);
        var now = StoreTestContext.Start;
        for (var step = 0; step < 6_000; step++)
        {
            now += TimeSpan.FromSeconds(random.Next(0, 40));
            var person = StoreTestContext.Person(random.Next(people));
            var roll = random.Next(100);
            if (roll < 3)
            {
                await store.RemoveRecipientAsync(person);
                model.Remove(person);
            }
            else
            {
                // Mostly now; sometimes late-arriving records from up to two hours ago.
                var at = roll < 15 ? now - TimeSpan.FromMinutes(random.Next(0, 120)) : now;
                await store.RecordAsync(new MessageCountEntry
                {
                    Sender = Sender,
                    Recipient = person,
                    Purpose = ConsentPurpose.Marketing,
                    SentAt = at,
                    BusinessInitiated = true,
                });
                if (!model.TryGetValue(person, out var last) || last < at)
                {
                    model[person] = at;
                }

                var horizon = model.Values.Max() - retention;
                foreach (var stale in model.Where(p => p.Value < horizon).Select(p => p.Key).ToList())
                {
                    model.Remove(stale);
                }
            }

            if (step % 50 == 0)
            {
                var since = now - TimeSpan.FromMinutes(random.Next(0, 30 * 60));
                Assert.Equal(model.Count(p => p.Value >= since), await store.CountUniqueRecipientsAsync(Sender, since));
                Assert.Equal(model.TryGetValue(person, out var expected) ? expected : null, await store.GetLastBusinessInitiatedAsync(Sender, person));
            }
        }
    }
}
