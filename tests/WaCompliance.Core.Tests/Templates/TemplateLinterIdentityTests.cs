using WaCompliance.Templates;

namespace WaCompliance.Tests.Templates;

public class TemplateLinterIdentityTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Lint_NameMissing_ReportsNameRequired(string? name)
    {
        var issue = LintAssert.Reports(TemplateSamples.Minimal() with { Name = name! }, TemplateLintCodes.NameRequired);

        Assert.Equal("name", issue.Component);
    }

    [Theory]
    [InlineData(512, false)]
    [InlineData(513, true)]
    public void Lint_NameLength_ReportsNameTooLongAbove512(int length, bool expected)
    {
        LintAssert.ReportsIf(expected, TemplateSamples.Minimal() with { Name = new string('a', length) }, TemplateLintCodes.NameTooLong);
    }

    [Theory]
    [InlineData("Order_update")]
    [InlineData("1order")]
    [InlineData("_order")]
    [InlineData("order-update")]
    [InlineData("order update")]
    [InlineData("ordér")]
    public void Lint_NameNotLowerSnakeCase_ReportsNameInvalid(string name)
    {
        LintAssert.Reports(TemplateSamples.Minimal() with { Name = name }, TemplateLintCodes.NameInvalid);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("order_update_2")]
    [InlineData("a_1_")]
    public void Lint_NameLowerSnakeCase_Passes(string name)
    {
        LintAssert.Clean(TemplateSamples.Minimal() with { Name = name });
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(null)]
    public void Lint_LanguageMissing_ReportsLanguageRequired(string? language)
    {
        var issue = LintAssert.Reports(TemplateSamples.Minimal() with { Language = language! }, TemplateLintCodes.LanguageRequired);

        Assert.Equal("language", issue.Component);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("en_US")]
    [InlineData("pt_BR")]
    [InlineData("fil")]
    [InlineData("en-us")]
    public void Lint_LanguageCode_Passes(string language)
    {
        LintAssert.Clean(TemplateSamples.Minimal() with { Language = language });
    }

    [Theory]
    [InlineData("english")]
    [InlineData("e")]
    [InlineData("en_USA")]
    [InlineData("en_U")]
    [InlineData("12")]
    [InlineData("en_US_x")]
    public void Lint_LanguageNotACode_ReportsLanguageInvalid(string language)
    {
        LintAssert.Reports(TemplateSamples.Minimal() with { Language = language }, TemplateLintCodes.LanguageInvalid);
    }
}
