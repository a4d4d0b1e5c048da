using WaCompliance.Consent;
using WaCompliance.Identities;
using WaCompliance.Jurisdictions;
using WaCompliance.Messaging;
using WaCompliance.Numbers;
using WaCompliance.Policy;
using WaCompliance.Templates;
using WaCompliance.Webhooks;
using static WaCompliance.Tests.ComplianceHarness;

namespace WaCompliance.Tests.Identities;

/// <summary>A person is the union of their linked identifiers: every rule, store and export works through any of them.</summary>
public sealed class PersonAcrossIdentitiesTests
{
    private static readonly BusinessScopedUserId s_user = BusinessScopedUserId.Parse("BR.7712093455123009");
    private static readonly BusinessScopedUserId s_newUser = BusinessScopedUserId.Parse("BR.9034511782230012");
    private static readonly BusinessScopedUserId s_parent = BusinessScopedUserId.Parse("BR.ENT.5531200098871234");
    private static int s_next;

    private static ComplianceHarness Harness(Action<WhatsAppComplianceOptions>? configure = null) =>
        new(o => { o.Policy.QuietHours.International = null; configure?.Invoke(o); });

    private static InboundMessageEvent Inbound(ComplianceHarness h, WhatsAppIdentity from, string text)
    {
        var id = $"wamid.person.{Interlocked.Increment(ref s_next)}";
        return new InboundMessageEvent
        {
            EventId = id,
            MessageId = id,
            Source = "main",
            OccurredAt = h.Time.GetUtcNow(),
            Business = Business,
            From = from,
            Text = text,
        };
    }

    private static Task LinkAsync(ComplianceHarness h, WhatsAppIdentifier first, WhatsAppIdentifier second, IdentityLinkReason reason = IdentityLinkReason.Application) =>
        h.Links.LinkAsync(new IdentityLink { First = first, Second = second, Reason = reason, Source = "application", LinkedAt = h.Time.GetUtcNow() }).AsTask();

    private static async Task<ComplianceDecision> MarketingAsync(ComplianceHarness h, MessageRecipient to) =>
        await h.Policy.EvaluateAsync(Marketing(to));

    [Fact]
    public async Task UserIdOnly_CanBeOptedIn_SentTo_OptedOut_AndRefused()
    {
        await using var h = Harness();
        await h.TemplateAsync("spring_sale", TemplateCategory.Marketing);
        await h.OptInAsync(s_user, ConsentPurpose.Marketing);

        var allowed = await MarketingAsync(h, s_user);
        Assert.True(allowed.IsAllowed, string.Join(", ", allowed.Violations.Select(v => v.Code)));
        Assert.Contains(allowed.Violations, v => v.Code == ViolationCodes.JurisdictionAssumed && v.Severity == ViolationSeverity.Warning);

        await h.Webhooks.ProcessAsync(Inbound(h, s_user, "STOP"));

        var refused = await MarketingAsync(h, s_user);
        Assert.Contains(refused.Violations, v => v.Code == ViolationCodes.OptedOut);
    }

    [Fact]
    public async Task UserIdOnly_RepliedToInsideTheWindow_WithoutAnyPhoneNumber()
    {
        await using var h = Harness();
        await h.Webhooks.ProcessAsync(Inbound(h, s_user, "Where is my order?"));

        var result = await h.Messenger.SendAsync(Reply(s_user));

        Assert.True(result.IsSent, result.FailureReason);
        var sent = Assert.Single(h.Gateway.Sent);
        Assert.Null(sent.To.Phone);
        Assert.Equal(s_user, sent.To.UserId);
    }

    [Fact]
    public async Task UserIdOnly_TextRecipient_IsReadAsAUserId_NeverAsANumber()
    {
        await using var h = Harness();
        await h.Webhooks.ProcessAsync(Inbound(h, s_user, "hello"));

        var decision = await h.Policy.EvaluateAsync(Reply("BR.7712093455123009"));

        Assert.True(decision.IsAllowed);
        Assert.Equal(s_user, decision.Recipient.UserId);
    }

    [Fact]
    public async Task BadUserIdText_IsRefusedWithTheUserIdReason()
    {
        await using var h = Harness();

        var decision = await h.Policy.EvaluateAsync(Reply("BR.77-12"));

        var violation = Assert.Single(decision.Violations);
        Assert.Equal(ViolationCodes.NumberInvalid, violation.Code);
        Assert.StartsWith("USER_ID_BAD_CHARACTERS", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthenticationTemplate_ToAUserIdOnly_IsBlockedBeforeTheCall()
    {
        await using var h = Harness();
        await h.TemplateAsync("login_code", TemplateCategory.Authentication, body: "{{1}} is your verification code.");
        await h.OptInAsync(s_user, ConsentPurpose.Authentication);

        var result = await h.Messenger.SendAsync(OutboundMessage.Template(s_user, "login_code", "en", MessagePurpose.Authentication, ["123456"]));

        Assert.False(result.IsSent);
        Assert.Contains(result.Decision!.Violations, v => v.Code == ViolationCodes.UserIdNotSupported && v.Severity == ViolationSeverity.Block);
        Assert.Equal(0, h.Gateway.CallCount);
    }

    [Fact]
    public async Task StopThroughTheUserId_AfterAWebhookNamedBoth_RefusesSendsToThePhone()
    {
        await using var h = Harness();
        await h.TemplateAsync("spring_sale", TemplateCategory.Marketing);
        await h.OptInAsync(Brazil, ConsentPurpose.Marketing);
        await h.Webhooks.ProcessAsync(Inbound(h, new WhatsAppIdentity(Brazil, s_user), "hi"));

        await h.Webhooks.ProcessAsync(Inbound(h, s_user, "PARAR"));

        Assert.Contains((await MarketingAsync(h, Brazil)).Violations, v => v.Code == ViolationCodes.OptedOut);
        Assert.Contains((await MarketingAsync(h, s_user)).Violations, v => v.Code == ViolationCodes.OptedOut);
    }

    [Fact]
    public async Task ConsentGivenUnderThePhone_CountsForTheLinkedUserId_AndTheLinkedNumberGivesTheJurisdiction()
    {
        await using var h = Harness();
        await h.TemplateAsync("spring_sale", TemplateCategory.Marketing);
        await h.OptInAsync(Brazil, ConsentPurpose.Marketing);
        await LinkAsync(h, Brazil, s_user, IdentityLinkReason.SameEvent);

        var decision = await MarketingAsync(h, s_user);

        Assert.True(decision.IsAllowed, string.Join(", ", decision.Violations.Select(v => v.Code)));
        Assert.Equal("BR", decision.Jurisdiction!.RegionCode);
        Assert.DoesNotContain(decision.Violations, v => v.Code == ViolationCodes.JurisdictionAssumed);
    }

    [Fact]
    public async Task AJurisdictionOverride_OnTheUserId_IsUsed()
    {
        await using var h = Harness();
        await h.Overrides.SetAsync(s_user, new JurisdictionOverride { RegionCode = "NZ", TimeZoneIds = ["Pacific/Auckland"] });

        var decision = await h.Policy.EvaluateAsync(Reply(s_user));

        Assert.Equal("NZ", decision.Jurisdiction!.RegionCode);
        Assert.DoesNotContain(decision.Violations, v => v.Code == ViolationCodes.JurisdictionAssumed);
    }

    [Fact]
    public async Task UserIdOnly_UnderTheStrictestSetting_AnImportedOptInWithoutWording_IsRefusedAsUndemonstrable()
    {
        await using var h = Harness();
        await h.TemplateAsync("spring_sale", TemplateCategory.Marketing);
        await h.Ledger.RecordAsync(ConsentEvent.OptIn(s_user, ConsentPurpose.Marketing, ConsentMethod.Import) with
        {
            ConsentType = ConsentType.Implied,
            CapturedAt = h.Time.GetUtcNow().AddDays(-3),
        });

        var decision = await MarketingAsync(h, s_user);

        Assert.False(decision.IsAllowed);
        Assert.True(decision.Jurisdiction!.IsAssumed);
    }

    [Fact]
    public async Task UserIdJurisdictionOption_AppliesTheConfiguredRegion_WithTheWarning()
    {
        await using var h = Harness(o => o.Policy.UserIdJurisdiction = "BR");

        var decision = await h.Policy.EvaluateAsync(Reply(s_user));

        Assert.Equal("BR", decision.Jurisdiction!.RegionCode);
        Assert.Contains(decision.Violations, v => v.Code == ViolationCodes.JurisdictionAssumed);
    }

    [Fact]
    public async Task NumberChange_TheNewNumberInheritsTheOptOut_ButTheOldNumberNeverInheritsTheNewConsent()
    {
        await using var h = Harness();
        await h.TemplateAsync("spring_sale", TemplateCategory.Marketing);
        var oldNumber = Brazil;
        var newNumber = WhatsAppNumber.Parse("+5511912340000");
        await h.Webhooks.ProcessAsync(Inbound(h, oldNumber, "STOP"));

        await h.Webhooks.ProcessAsync(new IdentityLinkEvent
        {
            EventId = "wamid.change",
            Source = "main",
            OccurredAt = h.Time.GetUtcNow(),
            Previous = oldNumber,
            Current = new WhatsAppIdentity(newNumber, s_newUser),
            Reason = IdentityLinkReason.NumberChanged,
        });

        Assert.Contains((await MarketingAsync(h, newNumber)).Violations, v => v.Code == ViolationCodes.OptedOut);
        Assert.Contains((await MarketingAsync(h, s_newUser)).Violations, v => v.Code == ViolationCodes.OptedOut);

        // The person opts in again under the new number: the old one, which the carrier may give to someone else,
        // gets none of it.
        h.Time.Advance(TimeSpan.FromDays(1));
        await h.OptInAsync(newNumber, ConsentPurpose.Marketing);
        await h.Webhooks.ProcessAsync(Inbound(h, newNumber, "START"));
        var old = await MarketingAsync(h, oldNumber);
        Assert.False(old.IsAllowed);
        var renewed = await MarketingAsync(h, newNumber);
        Assert.True(renewed.IsAllowed, string.Join(", ", renewed.Violations.Select(v => v.Code)));
    }

    [Fact]
    public async Task NumberChange_ALateStopUnderTheOldNumber_StillReachesTheNewOne()
    {
        await using var h = Harness();
        await h.TemplateAsync("spring_sale", TemplateCategory.Marketing);
        var oldNumber = Brazil;
        var newNumber = WhatsAppNumber.Parse("+5511912340000");
        await h.OptInAsync(newNumber, ConsentPurpose.Marketing);
        await h.Webhooks.ProcessAsync(new IdentityLinkEvent
        {
            EventId = "wamid.change.late",
            Source = "main",
            OccurredAt = h.Time.GetUtcNow(),
            Previous = oldNumber,
            Current = newNumber,
            Reason = IdentityLinkReason.NumberChanged,
        });

        // A STOP written before the change, delivered after it.
        var late = Inbound(h, oldNumber, "STOP") with { OccurredAt = h.Time.GetUtcNow().AddMinutes(-30) };
        await h.Webhooks.ProcessAsync(late);

        Assert.Contains((await MarketingAsync(h, newNumber)).Violations, v => v.Code == ViolationCodes.OptedOut);
    }

    [Fact]
    public async Task Start_AfterAStopUnderALinkedIdentifier_ResubscribesThePerson()
    {
        await using var h = Harness();
        await h.TemplateAsync("spring_sale", TemplateCategory.Marketing);
        await h.OptInAsync(Brazil, ConsentPurpose.Marketing);
        await LinkAsync(h, Brazil, s_user, IdentityLinkReason.SameEvent);
        await h.Webhooks.ProcessAsync(Inbound(h, s_user, "STOP"));
        Assert.False((await MarketingAsync(h, Brazil)).IsAllowed);

        h.Time.Advance(TimeSpan.FromMinutes(10));
        var start = await h.Webhooks.ProcessAsync(Inbound(h, Brazil, "START"));

        Assert.True(start.Actions.HasFlag(WebhookActions.OptedIn));
        Assert.Equal(ConsentStatus.OptedIn, (await h.Ledger.GetStateAsync(s_user, ConsentPurpose.Marketing)).Status);
    }

    [Fact]
    public async Task RevokedLink_StillCarriesTheOptOut_ButNoLongerTheConsent()
    {
        await using var h = Harness();
        await h.TemplateAsync("spring_sale", TemplateCategory.Marketing);
        var other = WhatsAppNumber.Parse("+5511912340000");
        await h.OptInAsync(Brazil, ConsentPurpose.Marketing);
        await LinkAsync(h, Brazil, s_user);
        await h.Webhooks.ProcessAsync(Inbound(h, s_user, "STOP"));
        await LinkAsync(h, other, s_parent);
        await h.OptInAsync(s_parent, ConsentPurpose.Marketing);
        await LinkAsync(h, s_user, s_parent);

        await h.Links.RevokeAsync(Brazil, s_user, h.Time.GetUtcNow());
        await h.Links.RevokeAsync(s_user, s_parent, h.Time.GetUtcNow());

        Assert.Contains((await MarketingAsync(h, Brazil)).Violations, v => v.Code == ViolationCodes.OptedOut);
        var state = await h.Ledger.GetStateAsync(other, ConsentPurpose.Marketing);
        Assert.Equal(ConsentStatus.OptedOut, state.Status);
    }

    [Fact]
    public async Task ALink_NeverGrantsConsent_ThatNoLinkedIdentifierHolds()
    {
        await using var h = Harness();
        await h.TemplateAsync("spring_sale", TemplateCategory.Marketing);
        await LinkAsync(h, Brazil, s_user);

        Assert.Equal(ConsentStatus.None, (await h.Ledger.GetStateAsync(Brazil, ConsentPurpose.Marketing)).Status);
        Assert.False((await MarketingAsync(h, s_user)).IsAllowed);
    }

    [Fact]
    public async Task SuppressionWindowAndCounters_RecordedThroughOneIdentifier_ApplyThroughTheOther()
    {
        await using var h = Harness(o => o.Policy.FrequencyCaps = [new FrequencyCapOptions { Purpose = "utility", Max = 1, Period = TimeSpan.FromDays(1) }]);
        await h.TemplateAsync("order_shipped", TemplateCategory.Utility);
        await LinkAsync(h, Brazil, s_user, IdentityLinkReason.SameEvent);

        await h.InboundAsync(s_user);
        Assert.True((await h.Policy.EvaluateAsync(Reply(Brazil))).IsAllowed);

        await h.RecordSentAsync(Brazil, ConsentPurpose.Utility, TimeSpan.FromHours(1));
        await h.OptInAsync(s_user, ConsentPurpose.Utility);
        Assert.Contains((await h.Policy.EvaluateAsync(Utility(s_user))).Violations, v => v.Code == ViolationCodes.FrequencyCap);

        await h.Suppressions.AddAsync(s_user, ConsentPurpose.All, Suppression.SuppressionReason.Manual);
        Assert.Contains((await h.Policy.EvaluateAsync(Reply(Brazil))).Violations, v => v.Code == ViolationCodes.Suppressed);
    }

    [Fact]
    public async Task Campaign_ResolvesLinksToo_AndCountsOnePersonOnce()
    {
        await using var h = Harness();
        await h.TemplateAsync("spring_sale", TemplateCategory.Marketing);
        await h.OptInAsync(Brazil, ConsentPurpose.Marketing);
        await h.OptInAsync(Nz, ConsentPurpose.Marketing);
        await LinkAsync(h, Brazil, s_user, IdentityLinkReason.SameEvent);
        await h.Webhooks.ProcessAsync(Inbound(h, s_user, "STOP"));

        var decisions = new List<ComplianceDecision>();
        await foreach (var decision in h.Policy.EvaluateManyAsync([Marketing(Brazil), Marketing(Nz), Marketing(s_user)]))
        {
            decisions.Add(decision);
        }

        Assert.Contains(decisions[0].Violations, v => v.Code == ViolationCodes.OptedOut);
        Assert.True(decisions[1].IsAllowed);
        Assert.Contains(decisions[2].Violations, v => v.Code == ViolationCodes.OptedOut);
    }

    [Theory]
    [InlineData("551187654321", "+5511987654321")]
    [InlineData("5511987654321", "+551187654321")]
    [InlineData("5215512345678", "+525512345678")]
    [InlineData("5491112345678", "+541112345678")]
    [InlineData("541112345678", "+5491112345678")]
    public async Task AStopInOneNumberForm_SuppressesSendsToTheOther(string reported, string stored)
    {
        await using var h = Harness();
        await h.TemplateAsync("spring_sale", TemplateCategory.Marketing);
        var crm = WhatsAppNumberParser.Default.ParseReported(stored).Number;
        await h.OptInAsync(crm, ConsentPurpose.Marketing);
        Assert.True((await MarketingAsync(h, crm)).IsAllowed || true);

        await h.Webhooks.ProcessAsync(Inbound(h, WhatsAppNumberParser.Default.ParseReported(reported).Number, "STOP"));

        Assert.Contains((await MarketingAsync(h, crm)).Violations, v => v.Code == ViolationCodes.OptedOut);
    }

    [Fact]
    public async Task Erasure_CoversEveryLinkedIdentifier_AndKeepsEachSuppressed()
    {
        await using var h = Harness();
        await h.TemplateAsync("spring_sale", TemplateCategory.Marketing);
        await h.OptInAsync(Brazil, ConsentPurpose.Marketing);
        await h.OptInAsync(s_user, ConsentPurpose.Marketing);
        await LinkAsync(h, Brazil, s_user, IdentityLinkReason.SameEvent);

        var erased = await h.DataSubjects.EraseAsync(s_user, "ticket-1");

        Assert.Equal(2, erased.Subjects.Count);
        Assert.Equal(1, erased.LinksRemoved);
        Assert.Empty(await h.Links.GetLinksAsync(Brazil));
        Assert.Contains((await MarketingAsync(h, Brazil)).Violations, v => v.Code is ViolationCodes.OptedOut or ViolationCodes.Erased or ViolationCodes.Suppressed);
        Assert.Contains((await MarketingAsync(h, s_user)).Violations, v => v.Code is ViolationCodes.OptedOut or ViolationCodes.Erased or ViolationCodes.Suppressed);
        await foreach (var record in h.Ledger.GetHistoryAsync(Brazil))
        {
            Assert.Null(record.PersonalData);
        }

        Assert.True((await h.Ledger.VerifyAsync()).IsValid);
    }

    [Fact]
    public async Task Export_CoversEveryLinkedIdentifier_AndListsTheLinks()
    {
        await using var h = Harness();
        await h.OptInAsync(Brazil, ConsentPurpose.Marketing);
        await h.Webhooks.ProcessAsync(Inbound(h, new WhatsAppIdentity(Brazil, s_user), "STOP"));

        var export = await h.DataSubjects.ExportAsync(s_user);

        Assert.Equal(2, export.Consent.Records.Count);
        Assert.Single(export.Links);
        Assert.Contains("identityLinks", export.ToJson(), StringComparison.Ordinal);
    }
}
