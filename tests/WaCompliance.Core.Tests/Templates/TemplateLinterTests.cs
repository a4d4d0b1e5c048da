using WaCompliance.Templates;

namespace WaCompliance.Tests.Templates;

public class TemplateLinterTests
{
    public static TheoryData<string> ValidTemplates => ["marketing", "utility", "named utility", "authentication"];

    [Theory]
    [MemberData(nameof(ValidTemplates))]
    public void Lint_RealisticTemplateOfEachCategory_IsClean(string which)
    {
        var template = which switch
        {
            "marketing" => TemplateSamples.Marketing(),
            "utility" => TemplateSamples.Utility(),
            "named utility" => TemplateSamples.NamedUtility(),
            _ => TemplateSamples.Authentication(),
        };

        LintAssert.Clean(template);
        Assert.True(TemplateLinter.IsValid(template));
    }

    [Fact]
    public void Lint_MinimalTemplate_IsClean()
    {
        LintAssert.Clean(TemplateSamples.Minimal());
    }

    [Fact]
    public void Lint_ButtonLabelTooLong_ReportsCodeComponentSeverityAndSpecificMessage()
    {
        var template = TemplateSamples.WithButtons(
            TemplateCategory.Utility,
            TemplateSamples.QuickReply(),
            TemplateSamples.QuickReply("No"),
            TemplateSamples.QuickReply(new string('x', 31)));

        var issue = Assert.Single(TemplateLinter.Lint(template));

        Assert.Equal(TemplateLintCodes.ButtonTextTooLong, issue.Code);
        Assert.Equal("buttons[2]", issue.Component);
        Assert.Equal(TemplateLintSeverity.Error, issue.Severity);
        Assert.Equal("Button 3 label has 31 characters; at most 25.", issue.Message);
    }

    [Fact]
    public void IsValid_OnlyWarnings_ReturnsTrue()
    {
        var template = TemplateSamples.Minimal() with { Body = "Track your parcel at https://bit.ly/parcel whenever you like." };

        var issue = Assert.Single(TemplateLinter.Lint(template));
        Assert.Equal(TemplateLintSeverity.Warning, issue.Severity);
        Assert.True(TemplateLinter.IsValid(template));
    }

    [Fact]
    public void IsValid_AnError_ReturnsFalse()
    {
        Assert.False(TemplateLinter.IsValid(TemplateSamples.Minimal() with { Body = "" }));
    }

    [Fact]
    public void Lint_SeveralProblems_ReportsEachInComponentOrder()
    {
        var template = TemplateSamples.Minimal() with
        {
            Name = "Bad Name",
            Body = "",
            Footer = new string('f', 61),
        };

        var components = TemplateLinter.Lint(template).Select(i => i.Component);

        Assert.Equal(["name", "body", "footer"], components);
    }

    [Fact]
    public void Lint_NullButtonList_IsTreatedAsNoButtons()
    {
        LintAssert.Clean(TemplateSamples.Minimal() with { Buttons = null! });
    }

    [Fact]
    public void Lint_NullTemplate_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => TemplateLinter.Lint(null!));
        Assert.Throws<ArgumentNullException>(() => TemplateLinter.IsValid(null!));
    }
}
