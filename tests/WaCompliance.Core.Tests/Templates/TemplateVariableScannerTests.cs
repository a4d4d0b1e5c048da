using WaCompliance.Templates;

namespace WaCompliance.Tests.Templates;

public class TemplateVariableScannerTests
{
    [Fact]
    public void Scan_PositionalVariable_ReturnsNumberAndPosition()
    {
        var variable = Assert.Single(TemplateVariableScanner.Scan("Hi {{12}}!"));

        Assert.Equal(TemplateVariableKind.Positional, variable.Kind);
        Assert.Equal(12, variable.Number);
        Assert.Equal(3, variable.Start);
        Assert.Equal(6, variable.Length);
        Assert.Equal("{{12}}", variable.Display);
    }

    [Fact]
    public void Scan_NamedVariable_ReturnsNameAsKey()
    {
        var variable = Assert.Single(TemplateVariableScanner.Scan("Hi {{first_name}}, welcome."));

        Assert.Equal(TemplateVariableKind.Named, variable.Kind);
        Assert.Equal("first_name", variable.Key);
    }

    [Fact]
    public void Scan_SeveralVariables_ReturnsThemInOrder()
    {
        var variables = TemplateVariableScanner.Scan("{{2}} and {{1}} and {{name}}");

        Assert.Equal(["2", "1", "name"], variables.Select(v => v.Key));
    }

    [Theory]
    [InlineData("Hello {{1} there")]
    [InlineData("Hello {1}} there")]
    [InlineData("Hello {{ }} there")]
    [InlineData("Hello {{}} there")]
    [InlineData("Hello {{#1}} there")]
    [InlineData("Hello {{$x}} there")]
    [InlineData("Hello {{%1}} there")]
    [InlineData("Hello {{ 1 }} there")]
    [InlineData("Hello {{first name}} there")]
    [InlineData("Hello {{first-name}} there")]
    [InlineData("Hello {{01}} there")]
    [InlineData("Hello {{1234567890}} there")]
    [InlineData("Hello {{{1}}} there")]
    [InlineData("Hello {{ there")]
    [InlineData("Hello }} there")]
    public void Scan_MalformedToken_ReturnsMalformedWithProblem(string text)
    {
        var malformed = TemplateVariableScanner.Scan(text).Where(v => v.Kind == TemplateVariableKind.Malformed).ToList();

        Assert.NotEmpty(malformed);
        Assert.All(malformed, v => Assert.False(string.IsNullOrEmpty(v.Problem)));
    }

    [Fact]
    public void Scan_OpenWithoutCloseBeforeNextOpen_ReportsUnclosedThenTheVariable()
    {
        var variables = TemplateVariableScanner.Scan("{{1 and {{2}}");

        Assert.Collection(
            variables,
            v => Assert.Equal((TemplateVariableKind.Malformed, 0, 2), (v.Kind, v.Start, v.Length)),
            v => Assert.Equal((TemplateVariableKind.Positional, 2), (v.Kind, v.Number)));
    }

    [Theory]
    [InlineData("Use {curly} braces")]
    [InlineData("A { and a } alone")]
    [InlineData("No variables here")]
    [InlineData("")]
    [InlineData(null)]
    public void Scan_TextWithoutDoubleBraces_ReturnsNothing(string? text)
    {
        Assert.Empty(TemplateVariableScanner.Scan(text));
    }
}
