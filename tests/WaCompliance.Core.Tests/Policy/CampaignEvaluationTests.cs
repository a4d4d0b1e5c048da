using System.Globalization;
using WaCompliance.Decisions;
using WaCompliance.Messaging;
using WaCompliance.Numbers;
using WaCompliance.Policy;
using WaCompliance.Templates;
using static WaCompliance.Tests.ComplianceHarness;

namespace WaCompliance.Tests.Policy;

public sealed class CampaignEvaluationTests
{
    private static WhatsAppNumber Person(int i) => WhatsAppNumber.Parse(string.Create(CultureInfo.InvariantCulture, $"+6421{2_000_000 + i}"));

    private static async Task<List<ComplianceDecision>> ListAsync(IAsyncEnumerable<ComplianceDecision> decisions)
    {
        var list = new List<ComplianceDecision>();
        await foreach (var decision in decisions)
        {
            list.Add(decision);
        }

        return list;
    }

    [Fact]
    public async Task EvaluateMany_StreamsOneDecisionPerMessageInInputOrder_AcrossChunks()
    {
        await using var h = new ComplianceHarness(o => { o.Policy.QuietHours.International = null; o.Policy.MessagingLimit = null; });
        await h.TemplateAsync("order_shipped", TemplateCategory.Utility);
        var messages = Enumerable.Range(0, 2_500).Select(i => Utility(Person(i))).ToList();
        for (var i = 0; i < 2_500; i += 2)
        {
            await h.OptInAsync(Person(i), ConsentPurpose.Utility);
        }

        var decisions = await ListAsync(h.Policy.EvaluateManyAsync(messages));

        Assert.Equal(2_500, decisions.Count);
        for (var i = 0; i < decisions.Count; i++)
        {
            Assert.Same(messages[i], decisions[i].Message);
            Assert.Equal(i % 2 == 0 ? DecisionOutcome.Allowed : DecisionOutcome.Blocked, decisions[i].Outcome);
        }
    }

    [Fact]
    public async Task EvaluateMany_AgreesWithSingleEvaluations()
    {
        await using var h = new ComplianceHarness(o => o.Policy.QuietHours.International = null);
        await h.TemplateAsync("order_shipped", TemplateCategory.Utility);
        await h.OptInAsync(Person(1), ConsentPurpose.Utility);
        await h.Suppressions.AddAsync(Person(2), ConsentPurpose.All, Suppression.SuppressionReason.Manual);
        await h.InboundAsync(Person(3));
        var messages = new[] { Utility(Person(1)), Utility(Person(2)), Reply(Person(3)), Reply(Person(4)), OutboundMessage.Text("garbage", "x") };

        var many = await ListAsync(h.Policy.EvaluateManyAsync(messages));
        var single = new List<ComplianceDecision>();
        foreach (var message in messages)
        {
            single.Add(await h.Policy.EvaluateAsync(message));
        }

        Assert.Equal(single.Select(d => d.ToString()), many.Select(d => d.ToString()));
    }

    [Fact]
    public async Task EvaluateMany_RepeatedIdempotencyKey_IsADuplicate()
    {
        await using var h = new ComplianceHarness(o => o.Policy.QuietHours.International = null);
        await h.InboundAsync(Person(1));
        await h.InboundAsync(Person(2));

        var decisions = await ListAsync(h.Policy.EvaluateManyAsync([
            Reply(Person(1), "A") with { IdempotencyKey = "row-1" },
            Reply(Person(2), "B") with { IdempotencyKey = "row-1" },
        ]));

        Assert.True(decisions[0].IsAllowed);
        Assert.True(decisions[1].Has(ViolationCodes.Duplicate));
    }

    [Fact]
    public async Task EvaluateMany_SameContentTwiceToOnePerson_IsADuplicateAndPairRated()
    {
        await using var h = new ComplianceHarness(o => o.Policy.QuietHours.International = null);
        await h.InboundAsync(Person(1));

        var decisions = await ListAsync(h.Policy.EvaluateManyAsync([Reply(Person(1), "Same"), Reply(Person(1), "Same")]));

        Assert.True(decisions[0].IsAllowed);
        Assert.True(decisions[1].Has(ViolationCodes.Duplicate));
        Assert.True(decisions[1].Has(ViolationCodes.PairRate));
    }

    [Fact]
    public async Task EvaluateMany_RemembersEveryEarlierMessageToOnePerson_NotOnlyTheFirst()
    {
        await using var h = new ComplianceHarness(o =>
        {
            o.Policy.QuietHours.International = null;
            o.Policy.PairRateInterval = TimeSpan.Zero;
        });
        await h.InboundAsync(Person(1));

        var decisions = await ListAsync(h.Policy.EvaluateManyAsync(
            [Reply(Person(1), "First"), Reply(Person(1), "Second"), Reply(Person(1), "Third"), Reply(Person(1), "Second"), Reply(Person(1), "First")]));

        Assert.All(decisions[..3], d => Assert.True(d.IsAllowed));
        Assert.True(decisions[3].Has(ViolationCodes.Duplicate));
        Assert.True(decisions[4].Has(ViolationCodes.Duplicate));
    }

    [Fact]
    public async Task EvaluateMany_CountsPeopleReachedEarlierInTheRunTowardTheLimit()
    {
        await using var h = new ComplianceHarness(o => { o.Policy.QuietHours.International = null; o.Policy.MessagingLimit = 3; });
        await h.TemplateAsync("order_shipped", TemplateCategory.Utility);
        for (var i = 0; i < 5; i++)
        {
            await h.OptInAsync(Person(i), ConsentPurpose.Utility);
        }

        var decisions = await ListAsync(h.Policy.EvaluateManyAsync(Enumerable.Range(0, 5).Select(i => Utility(Person(i)))));

        Assert.Equal(
            [DecisionOutcome.Allowed, DecisionOutcome.Allowed, DecisionOutcome.Allowed, DecisionOutcome.Deferred, DecisionOutcome.Deferred],
            decisions.Select(d => d.Outcome));
    }

    [Fact]
    public async Task EvaluateMany_AsOfAnotherInstant_DecidesForThatInstant()
    {
        await using var h = new ComplianceHarness();
        await h.OptInAsync(Brazil, ConsentPurpose.Marketing, WaCompliance.Consent.ConsentType.Express);
        await h.Windows.RecordInboundAsync(Business, Brazil, Start);
        var asOf = new DateTimeOffset(2026, 11, 2, 21, 5, 0, TimeSpan.FromHours(-3));
        var offer = OutboundMessage.Text(Brazil, "Sale today. Reply STOP to opt out.", MessagePurpose.Marketing);

        var decision = Assert.Single(await ListAsync(h.Policy.EvaluateManyAsync([offer], asOf)));

        Assert.Equal(DecisionOutcome.Deferred, decision.Outcome);
        Assert.Equal(asOf, decision.EvaluatedAt);
    }
}
