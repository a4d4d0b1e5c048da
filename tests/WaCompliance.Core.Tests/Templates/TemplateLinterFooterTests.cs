using WaCompliance.Templates;

namespace WaCompliance.Tests.Templates;

public class TemplateLinterFooterTests
{
    private static MessageTemplate WithFooter(string? footer) => TemplateSamples.Minimal() with { Footer = footer };

    [Theory]
    [InlineData(60, false)]
    [InlineData(61, true)]
    public void Lint_FooterLength_ReportsFooterTooLongAbove60(int length, bool expected)
    {
        LintAssert.ReportsIf(expected, WithFooter(new string('f', length)), TemplateLintCodes.FooterTooLong);
    }

    [Theory]
    [InlineData("Thanks {{1}}")]
    [InlineData("Thanks {{name}}")]
    [InlineData("Thanks {{1}")]
    public void Lint_FooterWithVariable_ReportsFooterVariable(string footer)
    {
        var issue = LintAssert.Reports(WithFooter(footer), TemplateLintCodes.FooterVariable);

        Assert.Equal("footer", issue.Component);
    }

    [Theory]
    [InlineData("Acme\nStore")]
    [InlineData("Acme\r\nStore")]
    public void Lint_FooterWithLineBreak_ReportsFooterNewline(string footer)
    {
        LintAssert.Reports(WithFooter(footer), TemplateLintCodes.FooterNewline);
    }

    [Theory]
    [InlineData("Acme Store 🛒")]
    [InlineData("Made with ❤")]
    public void Lint_FooterWithEmoji_ReportsFooterEmoji(string footer)
    {
        LintAssert.Reports(WithFooter(footer), TemplateLintCodes.FooterEmoji);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("© Acme Store, reply STOP to opt out")]
    public void Lint_FooterAbsentOrPlain_Passes(string? footer)
    {
        LintAssert.Clean(WithFooter(footer));
    }
}
