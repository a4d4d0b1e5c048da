using WaCompliance.Consent;
using WaCompliance.Identities;
using WaCompliance.Numbers;
using WaCompliance.Policy;
using WaCompliance.Templates;
using static WaCompliance.Tests.ComplianceHarness;

namespace WaCompliance.Tests.Policy;

/// <summary>
/// A line type is a hint with evidence: a landline or toll-free number is a number, sends to it are allowed, and
/// without evidence that it is on WhatsApp they carry NUMBER_LINE_TYPE_UNVERIFIED (a block when configured).
/// </summary>
public sealed class LineTypeRuleTests
{
    private static readonly WhatsAppNumber s_landline = WhatsAppNumber.Parse("+6493001234");
    private static readonly WhatsAppNumber s_tollFree = WhatsAppNumber.Parse("+18005550199");

    private static async Task<ComplianceHarness> HarnessAsync(bool block = false)
    {
        var h = new ComplianceHarness(o => { o.Policy.QuietHours.International = null; o.Policy.BlockUnverifiedLineTypes = block; });
        await h.TemplateAsync("order_shipped", TemplateCategory.Utility);
        return h;
    }

    [Fact]
    public async Task Landline_NoEvidence_AllowedWithTheWarning()
    {
        await using var h = await HarnessAsync();
        await h.OptInAsync(s_landline, ConsentPurpose.Utility);

        var decision = await h.Policy.EvaluateAsync(Utility(s_landline));

        Assert.True(decision.IsAllowed, decision.ToString());
        var warning = Assert.Single(decision.Violations, v => v.Code == ViolationCodes.LineTypeUnverified);
        Assert.Equal(ViolationSeverity.Warning, warning.Severity);
        Assert.Contains("fixed-line", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("3001234", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Landline_ThatMessagedTheSender_AllowedWithoutTheWarning()
    {
        await using var h = await HarnessAsync(block: true);
        await h.OptInAsync(s_landline, ConsentPurpose.Utility);
        await h.InboundAsync(s_landline);

        var decision = await h.Policy.EvaluateAsync(Utility(s_landline));

        Assert.True(decision.IsAllowed, decision.ToString());
        Assert.DoesNotContain(decision.Violations, v => v.Code == ViolationCodes.LineTypeUnverified);
    }

    [Fact]
    public async Task TollFree_WithAUserIdWhatsAppReported_AllowedWithoutTheWarning()
    {
        await using var h = await HarnessAsync(block: true);
        var person = new WhatsAppIdentity(s_tollFree, BusinessScopedUserId.Parse("US.1234567890123456"));
        await h.OptInAsync(s_tollFree, ConsentPurpose.Utility);

        var decision = await h.Policy.EvaluateAsync(Utility(person));

        Assert.DoesNotContain(decision.Violations, v => v.Code == ViolationCodes.LineTypeUnverified);
    }

    [Fact]
    public async Task Landline_NoEvidence_OptionSet_Blocked()
    {
        await using var h = await HarnessAsync(block: true);
        await h.OptInAsync(s_landline, ConsentPurpose.Utility);

        var decision = await h.Policy.EvaluateAsync(Utility(s_landline));

        Assert.False(decision.IsAllowed);
        Assert.Contains(ViolationCodes.LineTypeUnverified, decision.Codes());
    }

    [Fact]
    public async Task Mobile_NoEvidence_NoWarning()
    {
        await using var h = await HarnessAsync(block: true);
        await h.OptInAsync(Nz, ConsentPurpose.Utility);

        var decision = await h.Policy.EvaluateAsync(Utility(Nz));

        Assert.True(decision.IsAllowed, decision.ToString());
        Assert.DoesNotContain(decision.Violations, v => v.Code == ViolationCodes.LineTypeUnverified);
    }

    [Fact]
    public async Task Landline_OptOut_IsRecordedAndBlocksLikeAnyNumber()
    {
        await using var h = await HarnessAsync();
        await h.OptInAsync(s_landline, ConsentPurpose.Marketing);
        await h.Ledger.RecordAsync(ConsentEvent.OptOut(s_landline, ConsentPurpose.All, ConsentMethod.Keyword));

        var decision = await h.Policy.EvaluateAsync(Marketing(s_landline));

        Assert.False(decision.IsAllowed);
        Assert.Contains(ViolationCodes.OptedOut, decision.Codes());
    }
}
