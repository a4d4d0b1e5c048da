using WaCompliance.Templates;

namespace WaCompliance.Tests.Templates;

public class TemplateLinterVariableTests
{
    [Theory]
    [InlineData("Hello {{1}, your order is ready for pickup today.")]
    [InlineData("Hello {1}}, your order is ready for pickup today.")]
    [InlineData("Hello {{ }}, your order is ready for pickup today.")]
    [InlineData("Hello {{#1}}, your order is ready for pickup today.")]
    [InlineData("Hello {{$x}}, your order is ready for pickup today.")]
    [InlineData("Hello {{1}}}}, your order is ready for pickup today.")]
    [InlineData("Hello {{, your order is ready for pickup today.")]
    public void Lint_MalformedBraces_ReportsVariableMalformed(string body)
    {
        var issue = LintAssert.Reports(TemplateSamples.WithBody(body), TemplateLintCodes.VariableMalformed);

        Assert.Equal("body", issue.Component);
        Assert.Equal(TemplateLintSeverity.Error, issue.Severity);
    }

    [Fact]
    public void Lint_MalformedVariable_MessageShowsTokenAndPosition()
    {
        var issue = LintAssert.Reports(TemplateSamples.WithBody("Hello {{#1}}, your order is ready."), TemplateLintCodes.VariableMalformed);

        Assert.StartsWith("Body has a malformed variable '{{#1}}' at character 7", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_PositionalAndNamedVariablesMixed_ReportsMixedFormats()
    {
        var template = TemplateSamples.WithBody("Hi {{1}}, your {{item}} is ready for pickup at the store today.");

        LintAssert.Reports(template, TemplateLintCodes.VariableMixedFormats);
    }

    [Fact]
    public void Lint_NamedVariablesInPositionalTemplate_ReportsFormatMismatchOnly()
    {
        var template = TemplateSamples.WithBody("Hi {{first_name}}, your order is ready for pickup.");

        LintAssert.Reports(template, TemplateLintCodes.VariableFormatMismatch);
        LintAssert.DoesNotReport(template, TemplateLintCodes.VariableMixedFormats);
    }

    [Fact]
    public void Lint_PositionalVariablesInNamedTemplate_ReportsFormatMismatch()
    {
        var template = TemplateSamples.WithBody("Hi {{1}}, your order is ready for pickup.", TemplateParameterFormat.Named);

        var issue = LintAssert.Reports(template, TemplateLintCodes.VariableFormatMismatch);
        Assert.Contains("Named", issue.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("First_Name")]
    [InlineData("1st")]
    [InlineData("_name")]
    public void Lint_NamedVariableNotLowerSnakeCase_ReportsVariableNameInvalid(string name)
    {
        var template = TemplateSamples.WithBody($"Hi {{{{{name}}}}}, your order is ready for pickup.", TemplateParameterFormat.Named);

        LintAssert.Reports(template, TemplateLintCodes.VariableNameInvalid);
    }

    [Fact]
    public void Lint_NamedVariableLowerSnakeCaseWithDigits_Passes()
    {
        LintAssert.Clean(TemplateSamples.WithBody("Hi {{first_name2}}, your order is ready for pickup.", TemplateParameterFormat.Named));
    }

    [Theory]
    [InlineData("Hi {{1}}, order {{2}} of {{4}} is ready for pickup at our store.")]
    [InlineData("Hi {{2}}, your order is ready for pickup at our store.")]
    [InlineData("Hi {{0}}, your order is ready for pickup at our store.")]
    public void Lint_PositionalVariablesWithGap_ReportsVariableSequenceGap(string body)
    {
        LintAssert.Reports(TemplateSamples.WithBody(body), TemplateLintCodes.VariableSequenceGap);
    }

    [Fact]
    public void Lint_PositionalVariablesOutOfOrderWithoutGap_Passes()
    {
        LintAssert.Clean(TemplateSamples.WithBody("Hi {{2}}, your order {{1}} is ready for pickup at our store."));
    }

    [Fact]
    public void Lint_RepeatedPositionalVariable_ReportsVariableDuplicate()
    {
        var template = TemplateSamples.WithBody("Hi {{1}}, your order for {{1}} is ready for pickup at our store today.");

        var issue = LintAssert.Reports(template, TemplateLintCodes.VariableDuplicate);
        Assert.Contains("{{1}} 2 times", issue.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Hi {{1}} {{2}}, your order is ready for pickup at our store today.")]
    [InlineData("Hi {{1}}{{2}}, your order is ready for pickup at our store today.")]
    [InlineData("Hi {{1}}\n\t{{2}}, your order is ready for pickup at our store today.")]
    public void Lint_VariablesWithOnlyWhitespaceBetween_ReportsVariableAdjacent(string body)
    {
        LintAssert.Reports(TemplateSamples.WithBody(body), TemplateLintCodes.VariableAdjacent);
    }

    [Fact]
    public void Lint_VariablesSeparatedByText_DoesNotReportVariableAdjacent()
    {
        LintAssert.Clean(TemplateSamples.WithBody("Hi {{1}} and {{2}}, your order is ready for pickup at our store today."));
    }
}
