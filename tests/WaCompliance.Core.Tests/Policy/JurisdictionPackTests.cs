using WaCompliance.Consent;
using WaCompliance.Messaging;
using WaCompliance.Numbers;
using WaCompliance.Policy;
using WaCompliance.Templates;
using static WaCompliance.Tests.ComplianceHarness;

namespace WaCompliance.Tests.Policy;

public sealed class JurisdictionPackTests
{
    private const string OfferWithStop = "Spring sale: 25% off everything. Reply STOP to opt out.";
    private const string OfferWithoutStop = "Spring sale: 25% off everything this week.";

    private static ComplianceHarness Harness(Action<WhatsAppComplianceOptions>? configure = null) =>
        new(o => { o.Policy.QuietHours.International = null; configure?.Invoke(o); });

    private static OutboundMessage Offer(WhatsAppNumber to, string text = OfferWithStop, bool requestsConsent = false) =>
        OutboundMessage.Text(to, text, MessagePurpose.Marketing) with { RequestsConsent = requestsConsent };

    [Fact]
    public async Task Gdpr_ConsentWithoutWording_IsNotDemonstrable()
    {
        await using var h = Harness();
        await h.InboundAsync(Germany);
        await h.OptInAsync(Germany, ConsentPurpose.Marketing, ConsentType.Express, withWording: false);

        PolicyDecisionTests.AssertBlocked(await h.Policy.EvaluateAsync(Offer(Germany)), ViolationCodes.ConsentNotDemonstrable);
    }

    [Fact]
    public async Task Gdpr_ImpliedConsent_IsNotConsent()
    {
        await using var h = Harness();
        await h.InboundAsync(Britain);
        await h.OptInAsync(Britain, ConsentPurpose.Marketing, ConsentType.Implied);

        PolicyDecisionTests.AssertBlocked(await h.Policy.EvaluateAsync(Offer(Britain)), ViolationCodes.ConsentTypeNotAccepted);
    }

    [Fact]
    public async Task Gdpr_ExpressConsentWithWording_IsAllowed()
    {
        await using var h = Harness();
        await h.InboundAsync(Germany);
        await h.OptInAsync(Germany, ConsentPurpose.Marketing, ConsentType.Express);

        Assert.True((await h.Policy.EvaluateAsync(Offer(Germany))).IsAllowed);
    }

    [Fact]
    public async Task SoftOptIn_IsRefusedUnlessEnabledAndThenNeedsAnUnsubscribeNotice()
    {
        await using var off = Harness();
        await off.InboundAsync(Britain);
        await off.OptInAsync(Britain, ConsentPurpose.Marketing, ConsentType.Implied, LawfulBasis.SoftOptIn);
        PolicyDecisionTests.AssertBlocked(await off.Policy.EvaluateAsync(Offer(Britain)), ViolationCodes.SoftOptInNotAllowed);

        await using var on = Harness(o => o.Policy.AllowSoftOptIn = true);
        await on.InboundAsync(Britain);
        await on.OptInAsync(Britain, ConsentPurpose.Marketing, ConsentType.Implied, LawfulBasis.SoftOptIn);
        PolicyDecisionTests.AssertBlocked(await on.Policy.EvaluateAsync(Offer(Britain, OfferWithoutStop)), ViolationCodes.UnsubscribeNoticeMissing);
        Assert.True((await on.Policy.EvaluateAsync(Offer(Britain))).IsAllowed);
    }

    [Fact]
    public async Task Tcpa_UsMarketingWithoutWrittenConsent_IsBlocked()
    {
        await using var h = new ComplianceHarness(start: Local("America/New_York", 2026, 11, 2, 12));
        await h.InboundAsync(NewYork);
        await h.OptInAsync(NewYork, ConsentPurpose.Marketing, ConsentType.Express);

        PolicyDecisionTests.AssertBlocked(await h.Policy.EvaluateAsync(Offer(NewYork)), ViolationCodes.ConsentNotWritten);
    }

    [Fact]
    public async Task Tcpa_WrittenConsentRequirementCanBeTurnedOff()
    {
        await using var h = new ComplianceHarness(o => o.Policy.RequireWrittenConsentForUnitedStatesMarketing = false, start: Local("America/New_York", 2026, 11, 2, 12));
        await h.InboundAsync(NewYork);
        await h.OptInAsync(NewYork, ConsentPurpose.Marketing, ConsentType.Express);

        Assert.True((await h.Policy.EvaluateAsync(Offer(NewYork))).IsAllowed);
    }

    [Theory]
    [InlineData(ConsentType.Inferred, ViolationCodes.ConsentTypeNotAccepted)]
    [InlineData(ConsentType.Deemed, ViolationCodes.ConsentTypeNotAccepted)]
    [InlineData(ConsentType.Implied, ViolationCodes.ImpliedConsentWithoutExpiry)]
    public async Task Casl_ConsentMustBeExpressOrImpliedWithExpiry(ConsentType type, string code)
    {
        await using var h = Harness();
        await h.InboundAsync(Ontario);
        await h.OptInAsync(Ontario, ConsentPurpose.Marketing, type);

        PolicyDecisionTests.AssertBlocked(await h.Policy.EvaluateAsync(Offer(Ontario)), code);
    }

    [Fact]
    public async Task Casl_ImpliedConsentWithExpiryAndNotice_IsAllowed()
    {
        await using var h = Harness();
        await h.InboundAsync(Ontario);
        await h.OptInAsync(Ontario, ConsentPurpose.Marketing, ConsentType.Implied, expiresAt: Start.AddMonths(20));

        Assert.True((await h.Policy.EvaluateAsync(Offer(Ontario))).IsAllowed);
        PolicyDecisionTests.AssertBlocked(await h.Policy.EvaluateAsync(Offer(Ontario, OfferWithoutStop)), ViolationCodes.UnsubscribeNoticeMissing);
    }

    [Fact]
    public async Task Australia_DeemedConsentIsNotEnoughAndTheNoticeIsRequired()
    {
        await using var h = Harness();
        await h.InboundAsync(Australia);
        await h.OptInAsync(Australia, ConsentPurpose.Marketing, ConsentType.Deemed);
        PolicyDecisionTests.AssertBlocked(await h.Policy.EvaluateAsync(Offer(Australia)), ViolationCodes.ConsentTypeNotAccepted);

        await using var inferred = Harness();
        await inferred.InboundAsync(Australia);
        await inferred.OptInAsync(Australia, ConsentPurpose.Marketing, ConsentType.Inferred);
        Assert.True((await inferred.Policy.EvaluateAsync(Offer(Australia))).IsAllowed);
        var without = await inferred.Policy.EvaluateAsync(Offer(Australia, OfferWithoutStop));
        Assert.Equal("AU-SPAM-UNSUB", Assert.Single(without.Violations).RuleId);
    }

    [Fact]
    public async Task NewZealand_MarketingWithoutUnsubscribeNotice_IsBlocked()
    {
        await using var h = Harness();
        await h.InboundAsync(Nz);
        await h.OptInAsync(Nz, ConsentPurpose.Marketing, ConsentType.Deemed);

        var decision = await h.Policy.EvaluateAsync(Offer(Nz, OfferWithoutStop));

        Assert.Equal("NZ-UEMA-UNSUB", Assert.Single(decision.Violations).RuleId);
        Assert.True((await h.Policy.EvaluateAsync(Offer(Nz, "Spring sale! Reply UNSUBSCRIBE to stop these."))).IsAllowed);
    }

    [Theory]
    [InlineData("Réponds ARRÊT pour te désabonner.", true)]
    [InlineData("Spring sale! To opt-out, just tell us.", true)]
    [InlineData("ＳＴＯＰ to end these offers.", true)]
    [InlineData("Grab a stopwatch: the sale ends soon.", false)]
    [InlineData("Unstoppable deals this week.", false)]
    public async Task UnsubscribeNotice_IsFoundAsWholeWordsInAnyCaseAccentOrWidth(string text, bool allowed)
    {
        await using var h = Harness();
        await h.InboundAsync(Nz);
        await h.OptInAsync(Nz, ConsentPurpose.Marketing, ConsentType.Express);

        var decision = await h.Policy.EvaluateAsync(Offer(Nz, text));

        Assert.Equal(allowed, decision.IsAllowed);
    }

    [Fact]
    public async Task UnsubscribeNotice_InTheTemplateFooterOrParameters_Counts()
    {
        await using var h = Harness();
        await h.OptInAsync(Nz, ConsentPurpose.Marketing, ConsentType.Express);
        await h.TemplateAsync("with_footer", TemplateCategory.Marketing, body: "Hi {{1}}, sale code {{2}}.", footer: "Reply STOP to opt out");
        await h.TemplateAsync("without_footer", TemplateCategory.Marketing, body: "Hi {{1}}, sale code {{2}}.");

        Assert.True((await h.Policy.EvaluateAsync(Marketing(Nz, "with_footer"))).IsAllowed);
        var missing = await h.Policy.EvaluateAsync(Marketing(Nz, "without_footer"));
        Assert.Equal("NZ-UEMA-UNSUB", Assert.Single(missing.Violations).RuleId);
        var inParameter = OutboundMessage.Template(Nz, "without_footer", "en", MessagePurpose.Marketing, ["Aroha", "A1 (reply STOP to opt out)"]);
        Assert.True((await h.Policy.EvaluateAsync(inParameter)).IsAllowed);
    }

    [Fact]
    public async Task ConsentRequest_ToAnOptedOutPersonInTheUk_IsBlocked()
    {
        await using var h = Harness();
        await h.InboundAsync(Britain);
        await h.Ledger.RecordAsync(ConsentEvent.OptOut(Britain, ConsentPurpose.Marketing, ConsentMethod.Keyword) with { CapturedAt = Start.AddDays(-400) });
        var request = OutboundMessage.Text(Britain, "Would you like offers from us again? Reply YES.", MessagePurpose.Utility) with { RequestsConsent = true };

        PolicyDecisionTests.AssertBlocked(await h.Policy.EvaluateAsync(request), ViolationCodes.ConsentRequestToOptedOut);
    }

    [Theory]
    [InlineData(90, true)]
    [InlineData(400, false)]
    public async Task ConsentRequest_InCalifornia_WaitsTwelveMonthsAfterAnOptOut(int daysAgo, bool blocked)
    {
        await using var h = new ComplianceHarness(start: Local("America/Los_Angeles", 2026, 11, 2, 12));
        await h.InboundAsync(California);
        await h.Ledger.RecordAsync(ConsentEvent.OptOut(California, ConsentPurpose.Marketing, ConsentMethod.Keyword) with { CapturedAt = h.Time.GetUtcNow().AddDays(-daysAgo) });
        var request = OutboundMessage.Text(California, "Want our offers again? Reply YES.", MessagePurpose.Utility) with { RequestsConsent = true };

        var decision = await h.Policy.EvaluateAsync(request);

        Assert.Equal(blocked, decision.Has(ViolationCodes.ReOptInTooSoon));
    }

    [Fact]
    public async Task ConsentRequest_UnderCasl_NeedsExistingConsent()
    {
        await using var h = Harness();
        await h.InboundAsync(Ontario);
        var request = OutboundMessage.Text(Ontario, "May we send you offers? Reply YES.", MessagePurpose.Utility) with { RequestsConsent = true };

        PolicyDecisionTests.AssertBlocked(await h.Policy.EvaluateAsync(request), ViolationCodes.ConsentRequestNotAllowed);
    }

    [Fact]
    public async Task Packs_Off_TheirRulesDoNotApply()
    {
        await using var h = Harness(o => o.Policy.Packs = RulePacks.WhatsApp | RulePacks.Content);
        await h.InboundAsync(Germany);
        await h.OptInAsync(Germany, ConsentPurpose.Marketing, ConsentType.Implied, withWording: false);

        Assert.True((await h.Policy.EvaluateAsync(Offer(Germany, OfferWithoutStop))).IsAllowed);
        Assert.DoesNotContain(h.Policy.Rules, r => r.Descriptor.Id == "EU-GDPR-ART7");
    }
}
