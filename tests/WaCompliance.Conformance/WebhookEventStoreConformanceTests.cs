using WaCompliance.Webhooks;

namespace WaCompliance.Conformance;

/// <summary>The contract of <see cref="IWebhookEventStore"/>.</summary>
public abstract class WebhookEventStoreConformanceTests : StoreConformanceBase<IWebhookEventStore>
{
    [Fact]
    public async Task TryRecord_FirstTimeTrueThenFalse()
    {
        Assert.True(await Store.TryRecordAsync("twilio:main", "SM123", StoreTestContext.Start));
        Assert.False(await Store.TryRecordAsync("twilio:main", "SM123", StoreTestContext.Start.AddMinutes(1)));
    }

    [Fact]
    public async Task TryRecord_SameIdFromAnotherSource_IsADifferentEvent()
    {
        Assert.True(await Store.TryRecordAsync("twilio:main", "id-1", StoreTestContext.Start));
        Assert.True(await Store.TryRecordAsync("360dialog:eu", "id-1", StoreTestContext.Start));
    }

    [Fact]
    public async Task TryRecord_ConcurrentRedeliveries_ExactlyOneWins()
    {
        using var start = new ManualResetEventSlim();
        var attempts = Enumerable.Range(0, 40).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await Store.TryRecordAsync("meta:waba", "wamid.HBgL", StoreTestContext.Start);
        })).ToArray();
        start.Set();

        Assert.Single(await Task.WhenAll(attempts), first => first);
    }

    [Theory]
    [MemberData(nameof(HostileText.Data), MemberType = typeof(HostileText))]
    public async Task TryRecord_HostileSourceAndEventId_IsOneEventKeptExactly(string text)
    {
        Assert.True(await Store.TryRecordAsync("s" + text, "e" + text, StoreTestContext.Start));

        Assert.False(await Store.TryRecordAsync("s" + text, "e" + text, StoreTestContext.Start.AddMinutes(1)));
        Assert.True(await Store.TryRecordAsync("s" + text, "e" + text + "x", StoreTestContext.Start));
        Assert.True(await Store.TryRecordAsync("s" + text, "e", StoreTestContext.Start));
    }

    [Fact]
    public async Task Prune_ForgetsOnlyOlderEvents()
    {
        await Store.TryRecordAsync("s", "old", StoreTestContext.Start.AddDays(-10));
        await Store.TryRecordAsync("s", "new", StoreTestContext.Start);

        Assert.Equal(1, await Store.PruneAsync(StoreTestContext.Start.AddDays(-1)));

        Assert.True(await Store.TryRecordAsync("s", "old", StoreTestContext.Start));
        Assert.False(await Store.TryRecordAsync("s", "new", StoreTestContext.Start));
    }

    [Theory]
    [InlineData("", "id")]
    [InlineData("source", " ")]
    public async Task TryRecord_EmptyIdentity_IsRefused(string source, string eventId)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.TryRecordAsync(source, eventId, StoreTestContext.Start).AsTask());
    }
}
