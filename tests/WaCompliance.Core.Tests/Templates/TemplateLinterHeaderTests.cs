using WaCompliance.Templates;

namespace WaCompliance.Tests.Templates;

public class TemplateLinterHeaderTests
{
    private static MessageTemplate WithTextHeader(string? text, string? example = null) =>
        TemplateSamples.Minimal() with { Header = new TemplateHeader(TemplateHeaderFormat.Text, text) { Example = example } };

    [Theory]
    [InlineData(60, false)]
    [InlineData(61, true)]
    public void Lint_TextHeaderLength_ReportsHeaderTooLongAbove60(int length, bool expected)
    {
        LintAssert.ReportsIf(expected, WithTextHeader(new string('h', length)), TemplateLintCodes.HeaderTooLong);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(null)]
    public void Lint_TextHeaderWithoutText_ReportsHeaderTextRequired(string? text)
    {
        LintAssert.Reports(WithTextHeader(text), TemplateLintCodes.HeaderTextRequired);
    }

    [Fact]
    public void Lint_TextHeaderWithTwoVariables_ReportsHeaderTooManyVariables()
    {
        var issue = LintAssert.Reports(WithTextHeader("Order {{1}} for {{2}}", "x"), TemplateLintCodes.HeaderTooManyVariables);

        Assert.Equal("header", issue.Component);
        Assert.Contains("at most 1", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_TextHeaderWithOneVariableAndExample_Passes()
    {
        LintAssert.Clean(WithTextHeader("Order {{1}} update", "A-1"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Lint_TextHeaderVariableWithoutExample_ReportsHeaderExampleMissing(string? example)
    {
        LintAssert.Reports(WithTextHeader("Order {{1}} update", example), TemplateLintCodes.HeaderExampleMissing);
    }

    [Theory]
    [InlineData("Hello\nthere")]
    [InlineData("Hello\r\nthere")]
    [InlineData("Hello\rthere")]
    public void Lint_TextHeaderWithLineBreak_ReportsHeaderNewline(string text)
    {
        LintAssert.Reports(WithTextHeader(text), TemplateLintCodes.HeaderNewline);
    }

    [Theory]
    [InlineData("Big sale 🎉")]
    [InlineData("Hot ☀ deal")]
    [InlineData("Star ⭐ offer")]
    [InlineData("Shipping to 🇺🇸")]
    [InlineData("We ❤️ you")]
    [InlineData("Press 1️⃣ now")]
    public void Lint_TextHeaderWithEmoji_ReportsHeaderEmoji(string text)
    {
        LintAssert.Reports(WithTextHeader(text), TemplateLintCodes.HeaderEmoji);
    }

    [Theory]
    [InlineData("Café déjà vu")]
    [InlineData("Acme © 2025")]
    [InlineData("Ваш заказ готов")]
    [InlineData("ご注文ありがとうございます")]
    public void Lint_TextHeaderWithoutEmoji_Passes(string text)
    {
        LintAssert.Clean(WithTextHeader(text));
    }

    [Theory]
    [InlineData("*Big* sale")]
    [InlineData("_New_ arrivals")]
    [InlineData("~Old~ price")]
    [InlineData("Use `code`")]
    [InlineData("Five * stars")]
    public void Lint_TextHeaderWithFormattingCharacter_ReportsHeaderFormatting(string text)
    {
        LintAssert.Reports(WithTextHeader(text), TemplateLintCodes.HeaderFormatting);
    }

    [Fact]
    public void Lint_TextHeaderNamedVariableWithUnderscore_IsNotFormatting()
    {
        var template = WithTextHeader("Welcome {{first_name}}", "Alex") with { ParameterFormat = TemplateParameterFormat.Named };

        LintAssert.Clean(template);
    }

    [Fact]
    public void Lint_TextHeaderWithFormattingAfterVariable_ReportsHeaderFormattingWithPosition()
    {
        var issue = LintAssert.Reports(WithTextHeader("Hi {{1}} *now*", "Sam"), TemplateLintCodes.HeaderFormatting);

        Assert.Contains("'*' at character 10", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_TextHeaderVariableNotNumberedFromOne_ReportsSequenceGapOnHeader()
    {
        var issue = LintAssert.Reports(WithTextHeader("Order {{2}} update", "A-1"), TemplateLintCodes.VariableSequenceGap);

        Assert.Equal("header", issue.Component);
    }

    [Fact]
    public void Lint_TextHeaderMalformedVariable_ReportsVariableMalformedOnHeader()
    {
        var issue = LintAssert.Reports(WithTextHeader("Order {{#1}} update"), TemplateLintCodes.VariableMalformed);

        Assert.Equal("header", issue.Component);
    }

    [Theory]
    [InlineData(TemplateHeaderFormat.Image)]
    [InlineData(TemplateHeaderFormat.Video)]
    [InlineData(TemplateHeaderFormat.Document)]
    public void Lint_MediaHeaderWithoutSample_ReportsHeaderMediaExampleMissing(TemplateHeaderFormat format)
    {
        var template = TemplateSamples.Minimal() with { Header = new TemplateHeader(format) };

        var issue = LintAssert.Reports(template, TemplateLintCodes.HeaderMediaExampleMissing);
        Assert.Equal("header", issue.Component);
    }

    [Theory]
    [InlineData(TemplateHeaderFormat.Image)]
    [InlineData(TemplateHeaderFormat.Video)]
    [InlineData(TemplateHeaderFormat.Document)]
    public void Lint_MediaHeaderWithSample_Passes(TemplateHeaderFormat format)
    {
        LintAssert.Clean(TemplateSamples.Minimal() with { Header = new TemplateHeader(format) { Example = "4::aW1hZ2U=" } });
    }

    [Fact]
    public void Lint_LocationHeaderWithoutSample_Passes()
    {
        LintAssert.Clean(TemplateSamples.Minimal() with { Header = new TemplateHeader(TemplateHeaderFormat.Location) });
    }
}
