using WaCompliance.Decisions;

namespace WaCompliance.Conformance;

/// <summary>The contract of <see cref="IDecisionLog"/>.</summary>
public abstract class DecisionLogConformanceTests : StoreConformanceBase<IDecisionLog>
{
    private DecisionRecord Decision(int person, DateTimeOffset at, DecisionOutcome outcome = DecisionOutcome.Allowed, string? campaign = null) => new()
    {
        DecisionId = Guid.CreateVersion7(at),
        DecidedAt = at,
        Subject = Context.Keys.GetKey(StoreTestContext.Person(person)),
        Sender = StoreTestContext.Business().E164,
        Purpose = ConsentPurpose.Marketing,
        Outcome = outcome,
        NotBefore = outcome == DecisionOutcome.Deferred ? at.AddHours(10) : null,
        ViolationCodes = outcome == DecisionOutcome.Allowed ? [] : ["QUIET_HOURS", "FREQUENCY_CAP"],
        ConsentRecordId = Guid.NewGuid(),
        IdempotencyKey = $"campaign:{person}",
        CampaignId = campaign,
        MessageKind = "template",
        TemplateName = "spring_sale",
    };

    [Fact]
    public async Task Append_ThenGet_RoundTripsEveryField()
    {
        var record = Decision(1, StoreTestContext.Start, DecisionOutcome.Deferred, "spring");

        await Store.AppendAsync([record]);
        var read = await Store.GetAsync(record.DecisionId);

        Assert.NotNull(read);
        Assert.Equal(record.ViolationCodes, read.ViolationCodes);
        Assert.Equal(record with { ViolationCodes = read.ViolationCodes }, read);
    }

    [Fact]
    public async Task Get_Unknown_ReturnsNull()
    {
        Assert.Null(await Store.GetAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task Query_BySubjectTimeOutcomeAndCampaign_FiltersAndOrdersOldestFirst()
    {
        await Store.AppendAsync([
            Decision(1, StoreTestContext.Start.AddMinutes(3), DecisionOutcome.Blocked, "spring"),
            Decision(1, StoreTestContext.Start.AddMinutes(1), DecisionOutcome.Allowed, "spring"),
            Decision(2, StoreTestContext.Start.AddMinutes(2), DecisionOutcome.Blocked, "spring"),
            Decision(1, StoreTestContext.Start.AddMinutes(5), DecisionOutcome.Blocked, "winter"),
        ]);

        var person1 = await ListAsync(new DecisionQuery { Subject = Context.Keys.GetKey(StoreTestContext.Person(1)) });
        var blockedSpring = await ListAsync(new DecisionQuery { Outcome = DecisionOutcome.Blocked, CampaignId = "spring" });
        var window = await ListAsync(new DecisionQuery { From = StoreTestContext.Start.AddMinutes(2), To = StoreTestContext.Start.AddMinutes(5) });
        var limited = await ListAsync(new DecisionQuery { Limit = 2 });

        Assert.Equal([1, 3, 5], person1.Select(r => r.DecidedAt.Minute));
        Assert.Equal([2, 3], blockedSpring.Select(r => r.DecidedAt.Minute));
        Assert.Equal([2, 3], window.Select(r => r.DecidedAt.Minute));
        Assert.Equal([1, 2], limited.Select(r => r.DecidedAt.Minute));
    }

    [Theory]
    [MemberData(nameof(HostileText.Data), MemberType = typeof(HostileText))]
    public async Task Append_HostileTextInEveryTextField_RoundTripsExactlyAndIsFoundByCampaign(string text)
    {
        var record = Decision(1, StoreTestContext.Start, DecisionOutcome.Blocked, campaign: text) with
        {
            IdempotencyKey = text,
            MessageKind = text,
            TemplateName = text,
            ViolationCodes = [text, "QUIET_HOURS"],
        };

        await Store.AppendAsync([record]);
        var read = await Store.GetAsync(record.DecisionId);

        Assert.NotNull(read);
        Assert.Equal(record.ViolationCodes, read.ViolationCodes);
        Assert.Equal(record with { ViolationCodes = read.ViolationCodes }, read);
        Assert.Equal(record.DecisionId, Assert.Single(await ListAsync(new DecisionQuery { CampaignId = text })).DecisionId);
    }

    [Theory]
    [MemberData(nameof(HostileText.UnkeepableData), MemberType = typeof(HostileText))]
    public async Task Append_NulOrUnpairedSurrogate_IsKeptWithReplacementCharacters(int index)
    {
        var text = HostileText.Unkeepable[index];
        // A decision is never lost for its text: NUL and half surrogate pairs become U+FFFD in every store.
        var record = Decision(1, StoreTestContext.Start, DecisionOutcome.Blocked, campaign: text) with
        {
            IdempotencyKey = text,
            TemplateName = text,
            ViolationCodes = [text],
        };

        await Store.AppendAsync([record]);
        var read = await Store.GetAsync(record.DecisionId);

        var cleaned = HostileText.Cleaned(text);
        Assert.NotNull(read);
        Assert.Equal((cleaned, cleaned, cleaned), (read.CampaignId, read.IdempotencyKey, read.TemplateName));
        Assert.Equal([cleaned], read.ViolationCodes);
    }

    [Fact]
    public async Task Append_SameIdTwice_KeepsOne()
    {
        var record = Decision(1, StoreTestContext.Start);

        await Store.AppendAsync([record]);
        await Store.AppendAsync([record]);

        Assert.Single(await ListAsync(new DecisionQuery()));
    }

    [Fact]
    public async Task Append_DeferredWithoutNotBefore_IsRefused()
    {
        var record = Decision(1, StoreTestContext.Start, DecisionOutcome.Deferred) with { NotBefore = null };

        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendAsync([record]).AsTask());
    }

    [Fact]
    public async Task Append_ConcurrentChunks_KeepsEveryDecision()
    {
        await Task.WhenAll(Enumerable.Range(0, 10).Select(chunk => Store.AppendAsync(
            Enumerable.Range(0, 50).Select(i => Decision((chunk * 50) + i, StoreTestContext.Start.AddSeconds(i))).ToArray()).AsTask()));

        Assert.Equal(500, (await ListAsync(new DecisionQuery { Limit = 10_000 })).Count);
    }

    private async Task<List<DecisionRecord>> ListAsync(DecisionQuery query)
    {
        var list = new List<DecisionRecord>();
        await foreach (var record in Store.QueryAsync(query))
        {
            list.Add(record);
        }

        return list;
    }
}
