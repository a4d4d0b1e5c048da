using WaCompliance.Templates;

namespace WaCompliance.Tests.Templates;

public class TemplateLinterButtonTests
{
    private static MessageTemplate Utility(params TemplateButton[] buttons) => TemplateSamples.WithButtons(TemplateCategory.Utility, buttons);

    private static MessageTemplate Marketing(params TemplateButton[] buttons) => TemplateSamples.WithButtons(TemplateCategory.Marketing, buttons);

    private static TemplateButton[] QuickReplies(int count) =>
        Enumerable.Range(1, count).Select(i => TemplateSamples.QuickReply($"Option {i}")).ToArray();

    [Theory]
    [InlineData(8, false)] // 8 quick replies + URL + phone = 10
    [InlineData(9, true)] // = 11
    public void Lint_ButtonCount_ReportsButtonsTooManyAbove10(int quickReplies, bool expected)
    {
        var template = Utility([TemplateSamples.Url(), TemplateSamples.Phone(), .. QuickReplies(quickReplies)]);

        LintAssert.ReportsIf(expected, template, TemplateLintCodes.ButtonsTooMany);
        LintAssert.DoesNotReport(template, TemplateLintCodes.ButtonsTooManyQuickReply);
    }

    [Theory]
    [InlineData(10, false)]
    [InlineData(11, true)]
    public void Lint_QuickReplyCount_ReportsButtonsTooManyQuickReplyAbove10(int count, bool expected)
    {
        LintAssert.ReportsIf(expected, Utility(QuickReplies(count)), TemplateLintCodes.ButtonsTooManyQuickReply);
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(3, true)]
    public void Lint_UrlButtonCount_ReportsButtonsTooManyUrlAbove2(int count, bool expected)
    {
        var template = Utility(Enumerable.Range(0, count).Select(_ => TemplateSamples.Url()).ToArray());

        LintAssert.ReportsIf(expected, template, TemplateLintCodes.ButtonsTooManyUrl);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    public void Lint_PhoneButtonCount_ReportsButtonsTooManyPhoneAbove1(int count, bool expected)
    {
        var template = Utility(Enumerable.Range(0, count).Select(_ => TemplateSamples.Phone()).ToArray());

        LintAssert.ReportsIf(expected, template, TemplateLintCodes.ButtonsTooManyPhone);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    public void Lint_CopyCodeButtonCount_ReportsButtonsTooManyCopyCodeAbove1(int count, bool expected)
    {
        var template = Marketing(Enumerable.Range(0, count).Select(_ => TemplateSamples.CopyCode()).ToArray());

        LintAssert.ReportsIf(expected, template, TemplateLintCodes.ButtonsTooManyCopyCode);
    }

    [Fact]
    public void Lint_QuickRepliesInterleavedWithOtherButtons_ReportsQuickRepliesNotGrouped()
    {
        var template = Utility(TemplateSamples.QuickReply("Yes"), TemplateSamples.Url(), TemplateSamples.QuickReply("No"));

        var issue = LintAssert.Reports(template, TemplateLintCodes.ButtonsQuickRepliesNotGrouped);
        Assert.Equal("buttons", issue.Component);
        Assert.Contains("1 and 3", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_QuickRepliesGroupedBetweenOtherButtons_Passes()
    {
        LintAssert.Clean(Utility(TemplateSamples.Url(), TemplateSamples.QuickReply("Yes"), TemplateSamples.QuickReply("No"), TemplateSamples.Phone()));
    }

    [Theory]
    [InlineData(25, false)]
    [InlineData(26, true)]
    public void Lint_ButtonLabelLength_ReportsButtonTextTooLongAbove25(int length, bool expected)
    {
        LintAssert.ReportsIf(expected, Utility(TemplateSamples.QuickReply(new string('b', length))), TemplateLintCodes.ButtonTextTooLong);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(null)]
    public void Lint_ButtonWithoutLabel_ReportsButtonTextRequired(string? label)
    {
        var issue = LintAssert.Reports(Utility(TemplateSamples.QuickReply(label!)), TemplateLintCodes.ButtonTextRequired);

        Assert.Equal("buttons[0]", issue.Component);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Lint_UrlButtonWithoutUrl_ReportsButtonUrlRequired(string? url)
    {
        LintAssert.Reports(Utility(TemplateSamples.Url(url!)), TemplateLintCodes.ButtonUrlRequired);
    }

    [Theory]
    [InlineData(2000, false)]
    [InlineData(2001, true)]
    public void Lint_UrlLength_ReportsButtonUrlTooLongAbove2000(int length, bool expected)
    {
        const string Prefix = "https://example.com/";
        var url = Prefix + new string('p', length - Prefix.Length);

        LintAssert.ReportsIf(expected, Utility(TemplateSamples.Url(url)), TemplateLintCodes.ButtonUrlTooLong);
    }

    [Theory]
    [InlineData("example.com/help")]
    [InlineData("www.example.com/help")]
    [InlineData("ftp://example.com/help")]
    [InlineData("/help")]
    [InlineData("mailto:help@example.com")]
    [InlineData("https://")]
    [InlineData("https://exa mple.com/help")]
    public void Lint_UrlNotAbsoluteHttp_ReportsButtonUrlInvalid(string url)
    {
        LintAssert.Reports(Utility(TemplateSamples.Url(url)), TemplateLintCodes.ButtonUrlInvalid);
    }

    [Theory]
    [InlineData("http://example.com")]
    [InlineData("https://example.com/help?topic=orders")]
    public void Lint_UrlAbsoluteHttp_Passes(string url)
    {
        LintAssert.Clean(Utility(TemplateSamples.Url(url)));
    }

    [Fact]
    public void Lint_UrlWithTwoVariables_ReportsButtonUrlTooManyVariables()
    {
        LintAssert.Reports(Utility(TemplateSamples.Url("https://example.com/{{1}}/{{2}}", "a")), TemplateLintCodes.ButtonUrlTooManyVariables);
    }

    [Theory]
    [InlineData("https://example.com/{{1}}/details")]
    [InlineData("https://example.com/track?id={{1}}&ref=wa")]
    public void Lint_UrlVariableNotAtEnd_ReportsButtonUrlVariableNotAtEnd(string url)
    {
        LintAssert.Reports(Utility(TemplateSamples.Url(url, "A-1")), TemplateLintCodes.ButtonUrlVariableNotAtEnd);
    }

    [Theory]
    [InlineData("https://example.com/track/{{1}}")]
    [InlineData("https://example.com/track?id={{1}}")]
    public void Lint_UrlVariableAtEndWithExample_Passes(string url)
    {
        LintAssert.Clean(Utility(TemplateSamples.Url(url, "A-1")));
    }

    [Fact]
    public void Lint_UrlVariableWithoutExample_ReportsButtonUrlExampleMissing()
    {
        LintAssert.Reports(Utility(TemplateSamples.Url("https://example.com/track/{{1}}")), TemplateLintCodes.ButtonUrlExampleMissing);
    }

    [Fact]
    public void Lint_UrlWithMalformedVariable_ReportsVariableMalformedOnButton()
    {
        var template = Utility(TemplateSamples.QuickReply(), TemplateSamples.Url("https://example.com/track/{{#1}}", "A-1"));

        var issue = LintAssert.Reports(template, TemplateLintCodes.VariableMalformed);
        Assert.Equal("buttons[1]", issue.Component);
    }

    [Fact]
    public void Lint_UrlButtonWithShortener_WarnsUrlShortenerOnButton()
    {
        var issue = LintAssert.Reports(Utility(TemplateSamples.Url("https://bit.ly/3abcde")), TemplateLintCodes.UrlShortener);

        Assert.Equal("buttons[0]", issue.Component);
        Assert.Equal(TemplateLintSeverity.Warning, issue.Severity);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void Lint_PhoneButtonWithoutNumber_ReportsButtonPhoneRequired(string? number)
    {
        LintAssert.Reports(Utility(TemplateSamples.Phone(number!)), TemplateLintCodes.ButtonPhoneRequired);
    }

    [Theory]
    [InlineData(20, false)]
    [InlineData(21, true)]
    public void Lint_PhoneNumberLength_ReportsButtonPhoneTooLongAbove20(int length, bool expected)
    {
        var number = "+" + new string('1', length - 1);

        LintAssert.ReportsIf(expected, Utility(TemplateSamples.Phone(number)), TemplateLintCodes.ButtonPhoneTooLong);
    }

    [Theory]
    [InlineData("14155550123")]
    [InlineData("+1 415 555 0123")]
    [InlineData("+1-415-555-0123")]
    [InlineData("+04155550123")]
    [InlineData("+123456")]
    [InlineData("+1234567890123456")]
    public void Lint_PhoneNumberNotE164_ReportsButtonPhoneInvalid(string number)
    {
        LintAssert.Reports(Utility(TemplateSamples.Phone(number)), TemplateLintCodes.ButtonPhoneInvalid);
    }

    [Theory]
    [InlineData("+1234567")]
    [InlineData("+14155550123")]
    [InlineData("+123456789012345")]
    public void Lint_PhoneNumberE164_Passes(string number)
    {
        LintAssert.Clean(Utility(TemplateSamples.Phone(number)));
    }

    [Theory]
    [InlineData(TemplateCategory.Utility)]
    [InlineData(TemplateCategory.Authentication)]
    public void Lint_CopyCodeButtonOutsideMarketing_ReportsButtonCopyCodeNotMarketing(TemplateCategory category)
    {
        LintAssert.Reports(TemplateSamples.WithButtons(category, TemplateSamples.CopyCode()), TemplateLintCodes.ButtonCopyCodeNotMarketing);
    }

    [Fact]
    public void Lint_CopyCodeButtonInMarketing_Passes()
    {
        LintAssert.Clean(Marketing(TemplateSamples.CopyCode()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Lint_CopyCodeButtonWithoutExample_ReportsButtonCopyCodeExampleMissing(string? example)
    {
        LintAssert.Reports(Marketing(TemplateSamples.CopyCode(example)), TemplateLintCodes.ButtonCopyCodeExampleMissing);
    }

    [Theory]
    [InlineData(15, false)]
    [InlineData(16, true)]
    public void Lint_CopyCodeExampleLength_ReportsButtonCopyCodeExampleTooLongAbove15(int length, bool expected)
    {
        LintAssert.ReportsIf(expected, Marketing(TemplateSamples.CopyCode(new string('C', length))), TemplateLintCodes.ButtonCopyCodeExampleTooLong);
    }

    [Theory]
    [InlineData(TemplateCategory.Marketing)]
    [InlineData(TemplateCategory.Utility)]
    public void Lint_OtpButtonOutsideAuthentication_ReportsButtonOtpNotAuthentication(TemplateCategory category)
    {
        LintAssert.Reports(TemplateSamples.WithButtons(category, TemplateSamples.Otp()), TemplateLintCodes.ButtonOtpNotAuthentication);
    }

    [Fact]
    public void Lint_OtpButtonWithoutType_ReportsButtonOtpTypeRequired()
    {
        var template = TemplateSamples.Authentication() with { Buttons = [TemplateSamples.Otp(null)] };

        LintAssert.Reports(template, TemplateLintCodes.ButtonOtpTypeRequired);
    }
}
