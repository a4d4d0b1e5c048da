using WaCompliance.Decisions;
using WaCompliance.Messaging;
using WaCompliance.Numbers;
using WaCompliance.Policy;
using WaCompliance.Templates;
using static WaCompliance.Tests.ComplianceHarness;

namespace WaCompliance.Tests.Policy;

public sealed class CapsAndLimitsTests
{
    private const string Offer = "Spring sale: 25% off everything. Reply STOP to opt out.";

    [Fact]
    public async Task Florida_FourthMarketingMessageOnOneSubjectIn24Hours_IsDeferredUntilTheFirstExpires()
    {
        await using var h = new ComplianceHarness(start: Local("America/New_York", 2026, 11, 2, 12));
        await h.OptInAsync(Florida, ConsentPurpose.Marketing);
        await h.InboundAsync(Florida);
        await h.RecordSentAsync(Florida, ConsentPurpose.Marketing, TimeSpan.FromHours(20), "spring sale");
        await h.RecordSentAsync(Florida, ConsentPurpose.Marketing, TimeSpan.FromHours(10), "Spring Sale");
        await h.RecordSentAsync(Florida, ConsentPurpose.Marketing, TimeSpan.FromHours(2), "spring sale");

        var sameTopic = await h.Policy.EvaluateAsync(OutboundMessage.Text(Florida, Offer, MessagePurpose.Marketing) with { Topic = "spring sale" });
        var otherTopic = await h.Policy.EvaluateAsync(OutboundMessage.Text(Florida, "Winter boots are in. Reply STOP to opt out.", MessagePurpose.Marketing) with { Topic = "winter" });

        Assert.Equal(DecisionOutcome.Deferred, sameTopic.Outcome);
        Assert.Equal(("US-FL-FREQ", ViolationCodes.FrequencyCap), (sameTopic.Violations[0].RuleId, sameTopic.Violations[0].Code));
        Assert.Equal(h.Time.GetUtcNow().AddHours(4), sameTopic.NotBefore);
        Assert.True(otherTopic.IsAllowed, otherTopic.ToString());
    }

    [Fact]
    public async Task Florida_MessageWithoutTopic_CountsEveryMarketingMessage()
    {
        await using var h = new ComplianceHarness(start: Local("America/New_York", 2026, 11, 2, 12));
        await h.OptInAsync(Florida, ConsentPurpose.Marketing);
        await h.InboundAsync(Florida);
        foreach (var hours in new[] { 3, 2, 1 })
        {
            await h.RecordSentAsync(Florida, ConsentPurpose.Marketing, TimeSpan.FromHours(hours), $"topic {hours}");
        }

        Assert.True((await h.Policy.EvaluateAsync(OutboundMessage.Text(Florida, Offer, MessagePurpose.Marketing))).Has(ViolationCodes.FrequencyCap));
    }

    [Fact]
    public async Task NewYork_HasNoStateCap()
    {
        await using var h = new ComplianceHarness(start: Local("America/New_York", 2026, 11, 2, 12));
        await h.OptInAsync(NewYork, ConsentPurpose.Marketing);
        await h.InboundAsync(NewYork);
        foreach (var hours in new[] { 5, 4, 3, 2 })
        {
            await h.RecordSentAsync(NewYork, ConsentPurpose.Marketing, TimeSpan.FromHours(hours));
        }

        Assert.True((await h.Policy.EvaluateAsync(OutboundMessage.Text(NewYork, Offer, MessagePurpose.Marketing))).IsAllowed);
    }

    [Fact]
    public async Task ApplicationCap_PerPurposeAndPeriod_Defers()
    {
        await using var h = new ComplianceHarness(o =>
        {
            o.Policy.QuietHours.International = null;
            o.Policy.FrequencyCaps = [new FrequencyCapOptions { Purpose = "utility", Max = 2, Period = TimeSpan.FromDays(7) }];
        });
        await h.OptInAsync(Nz, ConsentPurpose.Utility);
        await h.TemplateAsync("order_shipped", TemplateCategory.Utility);
        await h.RecordSentAsync(Nz, ConsentPurpose.Utility, TimeSpan.FromDays(6), fingerprint: "a");
        await h.RecordSentAsync(Nz, ConsentPurpose.Utility, TimeSpan.FromDays(1), fingerprint: "b");

        var decision = await h.Policy.EvaluateAsync(Utility(Nz));

        Assert.Equal("APP-FREQ-CAP", Assert.Single(decision.Violations).RuleId);
        Assert.Equal(h.Time.GetUtcNow().AddDays(1), decision.NotBefore);
    }

    [Fact]
    public async Task PairRate_SecondMessageWithinSixSeconds_IsDeferred()
    {
        await using var h = new ComplianceHarness(o => o.Policy.QuietHours.International = null);
        await h.InboundAsync(Nz);
        await h.RecordSentAsync(Nz, ConsentPurpose.All, TimeSpan.FromSeconds(2), businessInitiated: false);

        var decision = await h.Policy.EvaluateAsync(Reply(Nz));

        Assert.Equal(ViolationCodes.PairRate, Assert.Single(decision.Violations).Code);
        Assert.Equal(h.Time.GetUtcNow().AddSeconds(4), decision.NotBefore);
    }

    [Fact]
    public async Task PairRate_FromAnotherSender_DoesNotCount()
    {
        await using var h = new ComplianceHarness(o => o.Policy.QuietHours.International = null);
        await h.InboundAsync(Nz);
        await h.RecordSentAsync(Nz, ConsentPurpose.All, TimeSpan.FromSeconds(2), businessInitiated: false, sender: WhatsAppNumber.Parse("+14155550101"));

        Assert.True((await h.Policy.EvaluateAsync(Reply(Nz))).IsAllowed);
    }

    [Fact]
    public async Task Duplicate_SameContentToTheSamePersonWithinTheWindow_IsBlocked()
    {
        await using var h = new ComplianceHarness(o => o.Policy.QuietHours.International = null);
        await h.InboundAsync(Nz);
        var message = Reply(Nz, "Your order A-1042 ships today.");
        await h.RecordSentAsync(Nz, ConsentPurpose.All, TimeSpan.FromHours(3), businessInitiated: false, fingerprint: MessageFingerprint.Of(message));

        Assert.True((await h.Policy.EvaluateAsync(message)).Has(ViolationCodes.Duplicate));
        Assert.True((await h.Policy.EvaluateAsync(Reply(Nz, "Your order A-1043 ships today."))).IsAllowed);
    }

    [Fact]
    public async Task Duplicate_AfterTheWindow_IsAllowed()
    {
        await using var h = new ComplianceHarness(o => { o.Policy.QuietHours.International = null; o.Policy.DuplicateWindow = TimeSpan.FromHours(1); });
        await h.InboundAsync(Nz);
        var message = Reply(Nz);
        await h.RecordSentAsync(Nz, ConsentPurpose.All, TimeSpan.FromHours(2), businessInitiated: false, fingerprint: MessageFingerprint.Of(message));

        Assert.True((await h.Policy.EvaluateAsync(message)).IsAllowed);
    }

    [Fact]
    public async Task MessagingLimit_NewPeopleBeyondTheTier_AreDeferredButPeopleAlreadyReachedAreNot()
    {
        await using var h = new ComplianceHarness(o => { o.Policy.QuietHours.International = null; o.Policy.MessagingLimit = 2; });
        await h.TemplateAsync("order_shipped", TemplateCategory.Utility);
        var reached = WhatsAppNumber.Parse("+64211000001");
        await h.RecordSentAsync(reached, ConsentPurpose.Utility, TimeSpan.FromHours(3));
        await h.RecordSentAsync(WhatsAppNumber.Parse("+64211000002"), ConsentPurpose.Utility, TimeSpan.FromHours(2));
        await h.OptInAsync(Nz, ConsentPurpose.Utility);
        await h.OptInAsync(reached, ConsentPurpose.Utility);

        var newPerson = await h.Policy.EvaluateAsync(Utility(Nz));
        var again = await h.Policy.EvaluateAsync(OutboundMessage.Template(reached, "order_shipped", "en", MessagePurpose.Utility, ["Tama", "A-7"]));

        Assert.Equal(ViolationCodes.MessagingLimit, Assert.Single(newPerson.Violations).Code);
        Assert.Equal(h.Time.GetUtcNow().AddMinutes(15), newPerson.NotBefore);
        Assert.True(again.IsAllowed, again.ToString());
    }

    [Fact]
    public async Task MessagingLimit_DoesNotApplyInsideTheWindow()
    {
        await using var h = new ComplianceHarness(o => { o.Policy.QuietHours.International = null; o.Policy.MessagingLimit = 1; });
        await h.TemplateAsync("order_shipped", TemplateCategory.Utility);
        await h.RecordSentAsync(WhatsAppNumber.Parse("+64211000002"), ConsentPurpose.Utility, TimeSpan.FromHours(2));
        await h.InboundAsync(Nz);

        Assert.True((await h.Policy.EvaluateAsync(Utility(Nz))).IsAllowed);
    }

    [Fact]
    public async Task Deferrals_TheDecisionWaitsForTheLatest()
    {
        await using var h = new ComplianceHarness(start: Local("America/New_York", 2026, 11, 2, 21, 30));
        await h.OptInAsync(Florida, ConsentPurpose.Marketing);
        await h.InboundAsync(Florida);
        await h.RecordSentAsync(Florida, ConsentPurpose.Marketing, TimeSpan.FromHours(1), "s");
        await h.RecordSentAsync(Florida, ConsentPurpose.Marketing, TimeSpan.FromMinutes(50), "s");
        await h.RecordSentAsync(Florida, ConsentPurpose.Marketing, TimeSpan.FromMinutes(40), "s");

        var decision = await h.Policy.EvaluateAsync(OutboundMessage.Text(Florida, Offer, MessagePurpose.Marketing) with { Topic = "s" });

        Assert.Equal(2, decision.Violations.Count);
        Assert.Equal(decision.Violations.Max(v => v.NotBefore), decision.NotBefore);
    }
}
