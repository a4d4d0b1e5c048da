using WaCompliance.Consent;
using WaCompliance.Decisions;
using WaCompliance.Jurisdictions;
using WaCompliance.Messaging;
using WaCompliance.Numbers;
using WaCompliance.Policy;
using static WaCompliance.Tests.ComplianceHarness;

namespace WaCompliance.Tests.Policy;

public sealed class QuietHoursTests
{
    private const string Offer = "Spring sale: 25% off everything. Reply STOP to opt out.";

    public static TheoryData<string, string, int[], string?, int[]?> Cases() => new()
    {
        // number, zone, local time now (y, m, d, h, min), expected rule id (null = allowed), expected local NotBefore
        { "+12125550123", "America/New_York", [2026, 11, 2, 20, 59], null, null },
        { "+12125550123", "America/New_York", [2026, 11, 2, 21, 0], "US-TCPA-QH", [2026, 11, 3, 8, 0] },
        { "+12125550123", "America/New_York", [2026, 11, 2, 7, 59], "US-TCPA-QH", [2026, 11, 2, 8, 0] },
        { "+13055550123", "America/New_York", [2026, 11, 2, 20, 30], "US-FL-QH", [2026, 11, 3, 8, 0] },
        { "+13055550123", "America/New_York", [2026, 11, 2, 19, 59], null, null },
        { "+14055550123", "America/Chicago", [2026, 11, 2, 20, 0], "US-OK-QH", [2026, 11, 3, 8, 0] },
        { "+12035550123", "America/New_York", [2026, 11, 2, 8, 30], "US-CT-QH", [2026, 11, 2, 9, 0] },
        { "+15125550123", "America/Chicago", [2026, 11, 8, 10, 0], "US-TX-QH", [2026, 11, 8, 12, 0] },
        { "+15125550123", "America/Chicago", [2026, 11, 7, 10, 0], null, null },
        { "+15125550123", "America/Chicago", [2026, 11, 8, 12, 0], null, null },
        { "+14015550123", "America/New_York", [2026, 11, 7, 17, 30], "US-RI-QH", [2026, 11, 9, 9, 0] },
        { "+14015550123", "America/New_York", [2026, 11, 8, 11, 0], "US-RI-QH", [2026, 11, 9, 9, 0] },
        { "+12055550123", "America/Chicago", [2026, 11, 8, 11, 0], "US-AL-QH", [2026, 11, 9, 8, 0] },
        { "+15025550123", "America/New_York", [2026, 11, 2, 9, 30], "US-KY-QH", [2026, 11, 2, 10, 0] },

        // Daylight saving: spring forward on 8 March 2026 (02:00 -> 03:00), fall back on 1 November 2026.
        { "+12125550123", "America/New_York", [2026, 3, 8, 7, 30], "US-TCPA-QH", [2026, 3, 8, 8, 0] },
        { "+12125550123", "America/New_York", [2026, 3, 7, 21, 30], "US-TCPA-QH", [2026, 3, 8, 8, 0] },
        { "+12125550123", "America/New_York", [2026, 11, 1, 0, 30], "US-TCPA-QH", [2026, 11, 1, 8, 0] },

        // International default 08:00-21:00 (Brazil: one zone).
        { "+5511912345678", "America/Sao_Paulo", [2026, 11, 2, 21, 5], "INTL-QH-DEFAULT", [2026, 11, 3, 8, 0] },
        { "+5511912345678", "America/Sao_Paulo", [2026, 11, 2, 20, 55], null, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Marketing_IsOnlyAllowedInsideLocalSendingHours(string number, string zone, int[] now, string? ruleId, int[]? notBefore)
    {
        await using var h = new ComplianceHarness(start: Local(zone, now[0], now[1], now[2], now[3], now[4]));
        var recipient = WhatsAppNumber.Parse(number);
        await h.OptInAsync(recipient, ConsentPurpose.Marketing);
        await h.InboundAsync(recipient);

        var decision = await h.Policy.EvaluateAsync(OutboundMessage.Text(recipient, Offer, MessagePurpose.Marketing));

        if (ruleId is null)
        {
            Assert.True(decision.IsAllowed, decision.ToString());
            return;
        }

        Assert.Equal(DecisionOutcome.Deferred, decision.Outcome);
        var violation = Assert.Single(decision.Violations);
        Assert.Equal((ruleId, ViolationCodes.QuietHours), (violation.RuleId, violation.Code));
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var expectedLocal = new DateTime(notBefore![0], notBefore[1], notBefore[2], notBefore[3], notBefore[4], 0, DateTimeKind.Unspecified);
        Assert.Equal(new DateTimeOffset(expectedLocal, tz.GetUtcOffset(expectedLocal)), decision.NotBefore);
    }

    [Fact]
    public async Task SeveralZones_TheWindowIsTheirIntersection()
    {
        // Alaska numbers may be in Anchorage (UTC-9) or Adak (UTC-10): 08:30 in Anchorage is 07:30 in Adak.
        await using var h = new ComplianceHarness();
        await h.OptInAsync(Alaska, ConsentPurpose.Marketing);
        h.SetLocal("America/Anchorage", 2026, 11, 2, 8, 30);
        await h.InboundAsync(Alaska);

        var early = await h.Policy.EvaluateAsync(OutboundMessage.Text(Alaska, Offer, MessagePurpose.Marketing));
        h.SetLocal("America/Anchorage", 2026, 11, 2, 20, 30);
        await h.InboundAsync(Alaska);
        var evening = await h.Policy.EvaluateAsync(OutboundMessage.Text(Alaska, Offer, MessagePurpose.Marketing));

        Assert.Equal(DecisionOutcome.Deferred, early.Outcome);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.FromHours(-10)), early.NotBefore);
        Assert.True(evening.IsAllowed, evening.ToString());
    }

    [Fact]
    public async Task NewZealand_ChathamShiftsTheEveningEnd()
    {
        // Pacific/Chatham is 45 minutes ahead of Auckland: 20:30 in Auckland is 21:15 there.
        await using var h = new ComplianceHarness();
        await h.OptInAsync(Nz, ConsentPurpose.Marketing, ConsentType.Express);
        h.SetLocal("Pacific/Auckland", 2026, 11, 3, 20, 30);
        await h.InboundAsync(Nz);

        var decision = await h.Policy.EvaluateAsync(OutboundMessage.Text(Nz, Offer, MessagePurpose.Marketing));

        Assert.Equal(DecisionOutcome.Deferred, decision.Outcome);
        Assert.Equal(new DateTimeOffset(2026, 11, 4, 8, 0, 0, TimeSpan.FromHours(13)), decision.NotBefore);
    }

    [Fact]
    public async Task DryRun_WouldThisBeAllowedAt2105InSaoPaulo()
    {
        await using var h = new ComplianceHarness();
        await h.OptInAsync(Brazil, ConsentPurpose.Marketing, ConsentType.Express);
        await h.Windows.RecordInboundAsync(Business, Brazil, Start);
        var asOf = new DateTimeOffset(2026, 11, 2, 21, 5, 0, TimeSpan.FromHours(-3));

        var dryRun = await h.Policy.EvaluateAsync(OutboundMessage.Text(Brazil, Offer, MessagePurpose.Marketing), asOf);

        Assert.Equal(DecisionOutcome.Deferred, dryRun.Outcome);
        Assert.Equal(asOf, dryRun.EvaluatedAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 8, 0, 0, TimeSpan.FromHours(-3)), dryRun.NotBefore);
    }

    [Fact]
    public async Task ServiceReplies_IgnoreQuietHours()
    {
        await using var h = new ComplianceHarness();
        h.SetLocal("America/New_York", 2026, 11, 2, 23, 30);
        await h.InboundAsync(NewYork);

        Assert.True((await h.Policy.EvaluateAsync(Reply(NewYork))).IsAllowed);
    }

    [Fact]
    public async Task Override_KnownAddressBeatsTheAreaCode()
    {
        await using var h = new ComplianceHarness();
        await h.OptInAsync(Florida, ConsentPurpose.Marketing);
        await h.Overrides.SetAsync(Florida, new JurisdictionOverride { Subdivision = "US-TX", TimeZoneIds = ["America/Chicago"] });
        h.SetLocal("America/Chicago", 2026, 11, 8, 11, 0);
        await h.InboundAsync(Florida);

        var decision = await h.Policy.EvaluateAsync(OutboundMessage.Text(Florida, Offer, MessagePurpose.Marketing));

        Assert.Equal("US-TX-QH", Assert.Single(decision.Violations).RuleId);
        Assert.Equal(new DateTimeOffset(2026, 11, 8, 12, 0, 0, TimeSpan.FromHours(-6)), decision.NotBefore);
        Assert.Equal(JurisdictionSource.Override, decision.Jurisdiction!.Source);
    }

    [Theory]
    [InlineData(UnknownTimeZoneAction.Block, DecisionOutcome.Blocked)]
    [InlineData(UnknownTimeZoneAction.Defer, DecisionOutcome.Deferred)]
    public async Task UnknownZone_BlocksOrDefersAsConfigured(UnknownTimeZoneAction action, DecisionOutcome expected)
    {
        await using var h = new ComplianceHarness(o =>
        {
            o.AcceptedNumberTypes = [WhatsAppNumberType.Mobile, WhatsAppNumberType.TollFree];
            o.Policy.QuietHours.UnknownTimeZone = action;
        });
        var nonGeographic = h.Get<IWhatsAppNumberParser>().Parse("+800 1234 5678").Number;
        await h.OptInAsync(nonGeographic, ConsentPurpose.Marketing, ConsentType.Express);
        await h.InboundAsync(nonGeographic);

        var decision = await h.Policy.EvaluateAsync(OutboundMessage.Text(nonGeographic, Offer, MessagePurpose.Marketing));

        Assert.Equal(expected, decision.Outcome);
        Assert.True(decision.Has(ViolationCodes.TimeZoneUnknown));
        if (expected == DecisionOutcome.Deferred)
        {
            Assert.Equal(h.Time.GetUtcNow().AddDays(1), decision.NotBefore);
        }
    }

    [Fact]
    public async Task InternationalHours_Off_LeaveOtherCountriesUnrestricted()
    {
        await using var h = new ComplianceHarness(o => o.Policy.QuietHours.International = null);
        await h.OptInAsync(Brazil, ConsentPurpose.Marketing, ConsentType.Express);
        h.SetLocal("America/Sao_Paulo", 2026, 11, 2, 23, 30);
        await h.InboundAsync(Brazil);

        Assert.True((await h.Policy.EvaluateAsync(OutboundMessage.Text(Brazil, Offer, MessagePurpose.Marketing))).IsAllowed);
    }

    [Fact]
    public async Task UsPacksOff_LeaveUsNumbersUnrestricted()
    {
        await using var h = new ComplianceHarness(o => o.Policy.Packs = RulePacks.WhatsApp);
        await h.OptInAsync(Florida, ConsentPurpose.Marketing, ConsentType.Express);
        h.SetLocal("America/New_York", 2026, 11, 2, 23, 30);
        await h.InboundAsync(Florida);

        Assert.True((await h.Policy.EvaluateAsync(OutboundMessage.Text(Florida, Offer, MessagePurpose.Marketing))).IsAllowed);
    }

    [Fact]
    public async Task ConfiguredStateWindow_ReplacesTheDefault()
    {
        await using var h = new ComplianceHarness(o => o.Policy.QuietHours.States["US-NY"] = "10:00-18:00");
        await h.OptInAsync(NewYork, ConsentPurpose.Marketing);
        h.SetLocal("America/New_York", 2026, 11, 2, 9, 30);
        await h.InboundAsync(NewYork);

        var decision = await h.Policy.EvaluateAsync(OutboundMessage.Text(NewYork, Offer, MessagePurpose.Marketing));

        Assert.Equal("US-NY-QH", Assert.Single(decision.Violations).RuleId);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.FromHours(-5)), decision.NotBefore);
    }
}
