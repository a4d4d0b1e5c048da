using WaCompliance.Consent;
using WaCompliance.Decisions;
using WaCompliance.Messaging;
using WaCompliance.Numbers;
using WaCompliance.Policy;
using WaCompliance.Suppression;
using WaCompliance.Templates;
using static WaCompliance.Tests.ComplianceHarness;

namespace WaCompliance.Tests.Policy;

public sealed class PolicyDecisionTests : IAsyncLifetime
{
    private readonly ComplianceHarness _h = new(o => o.Policy.QuietHours.International = null);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task ServiceReply_InsideTheWindow_IsAllowedWithoutConsent()
    {
        await _h.InboundAsync(Nz);

        var decision = await _h.Policy.EvaluateAsync(Reply(Nz));

        Assert.Equal(DecisionOutcome.Allowed, decision.Outcome);
        Assert.Empty(decision.Violations);
        Assert.Null(decision.ConsentPurpose);
        Assert.Null(decision.ConsentRelied);
        Assert.Equal(Business, decision.Sender);
    }

    [Fact]
    public async Task FreeForm_OutsideTheWindow_NeedsATemplate()
    {
        await _h.InboundAsync(Nz, TimeSpan.FromHours(25));

        var decision = await _h.Policy.EvaluateAsync(Reply(Nz));

        AssertBlocked(decision, ViolationCodes.WindowClosedTemplateRequired);
    }

    [Fact]
    public async Task FreeForm_PersonNeverWrote_NeedsATemplate()
    {
        AssertBlocked(await _h.Policy.EvaluateAsync(Reply(Nz)), ViolationCodes.WindowClosedTemplateRequired);
    }

    [Fact]
    public async Task Template_NotInTheCatalog_IsBlocked()
    {
        await _h.OptInAsync(Nz, ConsentPurpose.Utility);

        AssertBlocked(await _h.Policy.EvaluateAsync(Utility(Nz, "no_such_template")), ViolationCodes.TemplateNotFound);
    }

    [Theory]
    [InlineData(TemplateStatus.Pending)]
    [InlineData(TemplateStatus.Paused)]
    [InlineData(TemplateStatus.Disabled)]
    [InlineData(TemplateStatus.Rejected)]
    [InlineData(TemplateStatus.InAppeal)]
    public async Task Template_NotApproved_IsBlocked(TemplateStatus status)
    {
        await _h.OptInAsync(Nz, ConsentPurpose.Utility);
        await _h.TemplateAsync("order_shipped", TemplateCategory.Utility, status);

        var decision = await _h.Policy.EvaluateAsync(Utility(Nz));

        AssertBlocked(decision, ViolationCodes.TemplateNotApproved);
        Assert.Contains(status.ToString().ToUpperInvariant(), decision.Violations[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Template_ApprovedWithRedQuality_IsAllowedWithAWarning()
    {
        await _h.OptInAsync(Nz, ConsentPurpose.Utility);
        var template = await _h.TemplateAsync("order_shipped", TemplateCategory.Utility);
        await _h.Templates.UpsertAsync(template with { Quality = TemplateQuality.Red });

        var decision = await _h.Policy.EvaluateAsync(Utility(Nz));

        Assert.Equal(DecisionOutcome.Allowed, decision.Outcome);
        Assert.True(decision.Has(ViolationCodes.TemplateQualityLow));
    }

    [Fact]
    public async Task MarketingTemplate_DeclaredAsUtility_IsBlockedAsCategoryMismatch()
    {
        await _h.OptInAsync(Nz, ConsentPurpose.Marketing);
        await _h.OptInAsync(Nz, ConsentPurpose.Utility);
        await _h.TemplateAsync("spring_sale", TemplateCategory.Marketing);

        var decision = await _h.Policy.EvaluateAsync(Utility(Nz, "spring_sale"));

        AssertBlocked(decision, ViolationCodes.TemplateCategoryMismatch);
        Assert.Equal(ConsentPurpose.Marketing, decision.ConsentPurpose);
    }

    [Fact]
    public async Task AuthenticationPurpose_WithAUtilityTemplate_IsBlockedAsCategoryMismatch()
    {
        await _h.OptInAsync(Nz, ConsentPurpose.Authentication);
        await _h.TemplateAsync("order_shipped", TemplateCategory.Utility);

        var message = OutboundMessage.Template(Nz, "order_shipped", "en", MessagePurpose.Authentication, ["Aroha", "A-1042"]);

        AssertBlocked(await _h.Policy.EvaluateAsync(message), ViolationCodes.TemplateCategoryMismatch);
    }

    [Fact]
    public async Task Template_WithTheWrongParameterCount_IsBlocked()
    {
        await _h.OptInAsync(Nz, ConsentPurpose.Utility);
        await _h.TemplateAsync("order_shipped", TemplateCategory.Utility);

        var decision = await _h.Policy.EvaluateAsync(OutboundMessage.Template(Nz, "order_shipped", "en", MessagePurpose.Utility, ["Aroha"]));

        AssertBlocked(decision, ViolationCodes.TemplateParametersInvalid);
        Assert.DoesNotContain("Aroha", decision.Violations[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BusinessInitiatedTemplate_WithoutConsent_IsBlocked()
    {
        await _h.TemplateAsync("order_shipped", TemplateCategory.Utility);

        AssertBlocked(await _h.Policy.EvaluateAsync(Utility(Nz)), ViolationCodes.ConsentMissing);
    }

    [Fact]
    public async Task BusinessInitiatedTemplate_WithConsentForItsPurpose_IsAllowedAndReliesOnTheRecord()
    {
        var record = await _h.OptInAsync(Nz, ConsentPurpose.Utility);
        await _h.TemplateAsync("order_shipped", TemplateCategory.Utility);

        var decision = await _h.Policy.EvaluateAsync(Utility(Nz));

        Assert.True(decision.IsAllowed, decision.ToString());
        Assert.Equal(record.RecordId, decision.ConsentRelied!.RecordId);
        Assert.Equal(ConsentPurpose.Utility, decision.ConsentPurpose);
    }

    [Fact]
    public async Task GlobalConsent_CoversATemplatePurpose()
    {
        await _h.OptInAsync(Nz, ConsentPurpose.All);
        await _h.TemplateAsync("order_shipped", TemplateCategory.Utility);

        Assert.True((await _h.Policy.EvaluateAsync(Utility(Nz))).IsAllowed);
    }

    [Fact]
    public async Task MarketingInsideTheWindow_StillNeedsMarketingConsent()
    {
        await _h.InboundAsync(Nz);
        var marketingText = OutboundMessage.Text(Nz, "Spring sale: 25% off everything today. Reply STOP to opt out.", MessagePurpose.Marketing);

        AssertBlocked(await _h.Policy.EvaluateAsync(marketingText), ViolationCodes.ConsentMissing);

        await _h.OptInAsync(Nz, ConsentPurpose.Marketing);
        Assert.True((await _h.Policy.EvaluateAsync(marketingText)).IsAllowed);
    }

    [Fact]
    public async Task Consent_NamingAnotherBusiness_IsBlockedUnlessListed()
    {
        await _h.OptInAsync(Nz, ConsentPurpose.Utility, businessName: "Other Brand");
        await _h.TemplateAsync("order_shipped", TemplateCategory.Utility);

        AssertBlocked(await _h.Policy.EvaluateAsync(Utility(Nz)), ViolationCodes.ConsentOtherBusiness);

        await using var listed = new ComplianceHarness(o => o.Policy.AdditionalBusinessNames = ["other brand"]);
        await listed.OptInAsync(Nz, ConsentPurpose.Utility, businessName: "Other Brand");
        await listed.TemplateAsync("order_shipped", TemplateCategory.Utility);
        Assert.True((await listed.Policy.EvaluateAsync(Utility(Nz))).IsAllowed);
    }

    [Fact]
    public async Task Consent_Expired_IsBlocked()
    {
        await _h.OptInAsync(Nz, ConsentPurpose.Utility, ConsentType.Implied, expiresAt: Start.AddHours(-1));
        await _h.TemplateAsync("order_shipped", TemplateCategory.Utility);

        AssertBlocked(await _h.Policy.EvaluateAsync(Utility(Nz)), ViolationCodes.ConsentExpired);
    }

    [Fact]
    public async Task GlobalOptOut_BlocksEveryPurposeAndServiceReplies()
    {
        await _h.OptInAsync(Nz, ConsentPurpose.All);
        await _h.TemplateAsync("order_shipped", TemplateCategory.Utility);
        await _h.InboundAsync(Nz, TimeSpan.FromMinutes(10));
        await _h.Ledger.RecordAsync(ConsentEvent.OptOut(Nz, ConsentPurpose.All, ConsentMethod.Keyword) with { CapturedAt = Start.AddMinutes(-10) });

        AssertBlocked(await _h.Policy.EvaluateAsync(Utility(Nz)), ViolationCodes.OptedOut);
        AssertBlocked(await _h.Policy.EvaluateAsync(Reply(Nz)), ViolationCodes.OptedOut);
    }

    [Fact]
    public async Task MarketingOptOut_LeavesUtilityAndRepliesAlone()
    {
        await _h.OptInAsync(Nz, ConsentPurpose.All);
        await _h.TemplateAsync("order_shipped", TemplateCategory.Utility);
        await _h.TemplateAsync("spring_sale", TemplateCategory.Marketing);
        await _h.InboundAsync(Nz);
        await _h.Ledger.RecordAsync(ConsentEvent.OptOut(Nz, ConsentPurpose.Marketing, ConsentMethod.PlatformSignal));

        AssertBlocked(await _h.Policy.EvaluateAsync(Marketing(Nz)), ViolationCodes.OptedOut);
        Assert.True((await _h.Policy.EvaluateAsync(Utility(Nz))).IsAllowed);
        Assert.True((await _h.Policy.EvaluateAsync(Reply(Nz))).IsAllowed);
    }

    [Fact]
    public async Task ServiceReply_AfterOptOut_IsAllowedWhenThePersonWroteAgainLater()
    {
        await _h.Ledger.RecordAsync(ConsentEvent.OptOut(Nz, ConsentPurpose.All, ConsentMethod.Keyword) with { CapturedAt = Start.AddHours(-3) });
        await _h.InboundAsync(Nz, TimeSpan.FromMinutes(1));

        Assert.True((await _h.Policy.EvaluateAsync(Reply(Nz, "Your refund was issued."))).IsAllowed);
    }

    [Fact]
    public async Task OptOutConfirmation_RightAfterAKeywordOptOut_IsAllowedOnce()
    {
        await _h.InboundAsync(Nz, TimeSpan.Zero);
        var optOut = await _h.Ledger.RecordAsync(ConsentEvent.OptOut(Nz, ConsentPurpose.All, ConsentMethod.Keyword));
        var confirmation = Reply(Nz, "You will get no more messages from Acme Ltd.") with { IsOptOutConfirmation = true };
        _h.Time.Advance(TimeSpan.FromMinutes(2));

        var decision = await _h.Policy.EvaluateAsync(confirmation);

        Assert.True(decision.IsAllowed, decision.ToString());
        Assert.Equal(optOut.RecordId, decision.ConsentRelied!.RecordId);
        Assert.False((await _h.Policy.EvaluateAsync(Reply(Nz))).IsAllowed);
    }

    [Fact]
    public async Task OptOutConfirmation_AfterTheConfirmationWindow_IsBlocked()
    {
        await _h.InboundAsync(Nz, TimeSpan.Zero);
        await _h.Ledger.RecordAsync(ConsentEvent.OptOut(Nz, ConsentPurpose.All, ConsentMethod.Keyword));
        _h.Time.Advance(TimeSpan.FromMinutes(6));

        var decision = await _h.Policy.EvaluateAsync(Reply(Nz, "You are unsubscribed.") with { IsOptOutConfirmation = true });

        AssertBlocked(decision, ViolationCodes.OptOutConfirmationNotAllowed);
    }

    [Fact]
    public async Task OptOutConfirmation_WithoutAnyOptOut_IsBlocked()
    {
        await _h.InboundAsync(Nz);

        AssertBlocked(await _h.Policy.EvaluateAsync(Reply(Nz) with { IsOptOutConfirmation = true }), ViolationCodes.OptOutConfirmationNotAllowed);
    }

    [Fact]
    public async Task OptOutConfirmation_AsMarketing_IsBlocked()
    {
        await _h.InboundAsync(Nz, TimeSpan.Zero);
        await _h.Ledger.RecordAsync(ConsentEvent.OptOut(Nz, ConsentPurpose.All, ConsentMethod.Keyword));
        var confirmation = OutboundMessage.Text(Nz, "Sorry to see you go! 20% off if you stay.", MessagePurpose.Marketing) with { IsOptOutConfirmation = true };

        Assert.True((await _h.Policy.EvaluateAsync(confirmation)).Has(ViolationCodes.OptOutConfirmationNotAllowed));
    }

    [Theory]
    [InlineData(SuppressionReason.Erased, ViolationCodes.Erased)]
    [InlineData(SuppressionReason.NotOnWhatsApp, ViolationCodes.NotOnWhatsApp)]
    [InlineData(SuppressionReason.DoNotContactList, ViolationCodes.Suppressed)]
    [InlineData(SuppressionReason.OptedOut, ViolationCodes.Suppressed)]
    [InlineData(SuppressionReason.Manual, ViolationCodes.Suppressed)]
    public async Task Suppressed_ForEveryPurpose_IsBlockedWithTheReasonsCode(SuppressionReason reason, string code)
    {
        await _h.OptInAsync(Nz, ConsentPurpose.Utility);
        await _h.TemplateAsync("order_shipped", TemplateCategory.Utility);
        await _h.Suppressions.AddAsync(Nz, ConsentPurpose.All, reason);

        AssertBlocked(await _h.Policy.EvaluateAsync(Utility(Nz)), code);
    }

    [Fact]
    public async Task MarketingBackoff_DefersMarketingUntilItExpires()
    {
        await _h.InboundAsync(Nz);
        await _h.OptInAsync(Nz, ConsentPurpose.Marketing);
        var until = Start.AddHours(20);
        await _h.Suppressions.AddAsync(Nz, ConsentPurpose.Marketing, SuppressionReason.ProviderBackoff, "131049", until);
        var offer = OutboundMessage.Text(Nz, "Spring sale: 25% off. Reply STOP to opt out.", MessagePurpose.Marketing);

        var decision = await _h.Policy.EvaluateAsync(offer);

        Assert.Equal(DecisionOutcome.Deferred, decision.Outcome);
        Assert.Equal(until, decision.NotBefore);
        Assert.Equal(ViolationCodes.MarketingBackoff, Assert.Single(decision.Violations).Code);
        Assert.True((await _h.Policy.EvaluateAsync(Reply(Nz))).IsAllowed);
    }

    [Fact]
    public async Task InvalidRecipientText_IsBlockedWithTheRejectReason()
    {
        var decision = await _h.Policy.EvaluateAsync(OutboundMessage.Text("0800 838 383", "Hi"));

        AssertBlocked(decision, ViolationCodes.NumberInvalid);
        Assert.StartsWith("NUMBER_UNKNOWN_REGION", decision.Violations[0].Message, StringComparison.Ordinal);
        Assert.True(decision.Recipient.IsEmpty);
    }

    [Fact]
    public async Task RecipientText_IsParsedWithTheDefaultRegion()
    {
        await using var nz = new ComplianceHarness(o => { o.DefaultRegion = "NZ"; o.Policy.QuietHours.International = null; });
        await nz.InboundAsync(Nz);

        var decision = await nz.Policy.EvaluateAsync(OutboundMessage.Text("021 123 4567", "Your order ships today."));

        Assert.True(decision.IsAllowed, decision.ToString());
        Assert.Equal(Nz, decision.Recipient);
    }

    [Fact]
    public async Task Sender_UnknownNumber_IsBlocked()
    {
        await _h.InboundAsync(Nz);

        var decision = await _h.Policy.EvaluateAsync(Reply(Nz) with { From = WhatsAppNumber.Parse("+14155550199") });

        Assert.True(decision.Has(ViolationCodes.SenderUnknown));
        Assert.False(decision.IsAllowed);
    }

    [Fact]
    public async Task MarketingTemplate_ToAUsNumber_IsBlockedByTheUsPause()
    {
        await _h.OptInAsync(NewYork, ConsentPurpose.Marketing);
        await _h.TemplateAsync("spring_sale", TemplateCategory.Marketing);

        Assert.True((await _h.Policy.EvaluateAsync(Marketing(NewYork))).Has(ViolationCodes.UsMarketingPaused));
    }

    [Fact]
    public async Task MarketingTemplate_ToACanadianNumber_IsNotPaused()
    {
        await _h.OptInAsync(Ontario, ConsentPurpose.Marketing);
        await _h.TemplateAsync("spring_sale", TemplateCategory.Marketing);
        _h.SetLocal("America/Toronto", 2026, 11, 2, 12);

        Assert.False((await _h.Policy.EvaluateAsync(Marketing(Ontario))).Has(ViolationCodes.UsMarketingPaused));
    }

    [Fact]
    public async Task Content_Prohibited_IsBlockedNamingTheCategory()
    {
        await _h.InboundAsync(Nz);

        var decision = await _h.Policy.EvaluateAsync(Reply(Nz, "We have cheap CIGARETTES and vapes in stock!"));

        AssertBlocked(decision, ViolationCodes.ContentProhibited);
        Assert.Contains("COM-TOBACCO", decision.Violations[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Content_InATemplateParameter_IsScreenedToo()
    {
        await _h.OptInAsync(Nz, ConsentPurpose.Utility);
        await _h.TemplateAsync("order_shipped", TemplateCategory.Utility);

        var message = OutboundMessage.Template(Nz, "order_shipped", "en", MessagePurpose.Utility, ["Aroha", "your online casino bonus"]);

        Assert.True((await _h.Policy.EvaluateAsync(message)).Has(ViolationCodes.ContentProhibited));
    }

    [Fact]
    public async Task Content_ForReview_WarnsWhenReviewIsSetToWarn()
    {
        await using var warn = new ComplianceHarness(o => { o.Policy.ReviewContent = ReviewContentAction.Warn; o.Policy.QuietHours.International = null; });
        await warn.InboundAsync(Nz);

        var decision = await warn.Policy.EvaluateAsync(Reply(Nz, "Please renew your subscription this week."));

        Assert.True(decision.IsAllowed);
        Assert.Equal(ViolationSeverity.Warning, Assert.Single(decision.Violations).Severity);
        AssertBlocked(await _h.Policy.EvaluateAsync(Reply(Nz, "Please renew your subscription this week.")), ViolationCodes.ContentReview);
    }

    [Fact]
    public async Task CustomRule_RegisteredInDi_IsEvaluated()
    {
        await using var custom = new ComplianceHarness(
            o => o.Policy.QuietHours.International = null,
            services => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<IComplianceRule, NoWeekendsRule>(services));
        await custom.InboundAsync(Nz);
        custom.Time.SetUtcNow(new DateTimeOffset(2026, 11, 7, 12, 0, 0, TimeSpan.Zero));
        await custom.InboundAsync(Nz);

        var decision = await custom.Policy.EvaluateAsync(Reply(Nz));

        AssertBlocked(decision, "NO_WEEKENDS");
        Assert.Contains(custom.Policy.Rules, r => r.Descriptor.Id == "APP-NO-WEEKENDS");
    }

    internal static void AssertBlocked(ComplianceDecision decision, string code)
    {
        Assert.Equal(DecisionOutcome.Blocked, decision.Outcome);
        Assert.True(decision.Has(code), $"expected {code}, got {decision}");
        Assert.All(decision.Violations.Where(v => v.Code == code), v => Assert.False(string.IsNullOrWhiteSpace(v.Message)));
    }

    private sealed class NoWeekendsRule : IComplianceRule
    {
        public RuleDescriptor Descriptor { get; } = new("APP-NO-WEEKENDS", RulePacks.None, "No messages on Saturdays (UTC).", ["NO_WEEKENDS"], "Application policy");

        public void Evaluate(EvaluationContext context, ref ViolationSet violations)
        {
            if (context.Now.DayOfWeek == DayOfWeek.Saturday)
            {
                violations.Block(Descriptor, "NO_WEEKENDS", "No messages on Saturdays.");
            }
        }
    }
}
