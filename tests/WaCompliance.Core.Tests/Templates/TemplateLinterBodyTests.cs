using WaCompliance.Templates;

namespace WaCompliance.Tests.Templates;

public class TemplateLinterBodyTests
{
    [Theory]
    [InlineData("")]
    [InlineData("  \n ")]
    [InlineData(null)]
    public void Lint_BodyMissing_ReportsBodyRequired(string? body)
    {
        var issue = LintAssert.Reports(TemplateSamples.Minimal() with { Body = body! }, TemplateLintCodes.BodyRequired);

        Assert.Equal("body", issue.Component);
    }

    [Theory]
    [InlineData(1024, false)]
    [InlineData(1025, true)]
    public void Lint_BodyLength_ReportsBodyTooLongAbove1024(int length, bool expected)
    {
        var body = "Your order is ready. " + new string('x', length - 21);

        LintAssert.ReportsIf(expected, TemplateSamples.Minimal() with { Body = body }, TemplateLintCodes.BodyTooLong);
    }

    [Theory]
    [InlineData("{{1}}, your order has shipped and is on its way.")]
    [InlineData("  \n{{1}}, your order has shipped and is on its way.")]
    public void Lint_BodyStartsWithVariable_ReportsVariableAtStart(string body)
    {
        var issue = LintAssert.Reports(TemplateSamples.WithBody(body), TemplateLintCodes.BodyVariableAtStart);

        Assert.Contains("{{1}}", issue.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Hi {{1}}, your order has shipped and is on its way.")]
    [InlineData("¡{{1}}, your order has shipped and is on its way!")]
    public void Lint_BodyWithTextBeforeFirstVariable_DoesNotReportVariableAtStart(string body)
    {
        LintAssert.DoesNotReport(TemplateSamples.WithBody(body), TemplateLintCodes.BodyVariableAtStart);
    }

    [Theory]
    [InlineData("Your order has shipped and will arrive on {{1}}")]
    [InlineData("Your order has shipped and will arrive on {{1}}  \n")]
    public void Lint_BodyEndsWithVariable_ReportsVariableAtEnd(string body)
    {
        LintAssert.Reports(TemplateSamples.WithBody(body), TemplateLintCodes.BodyVariableAtEnd);
    }

    [Theory]
    [InlineData("Your order has shipped and will arrive on {{1}}.")]
    [InlineData("Your order has shipped and will arrive on {{1}}, thank you")]
    public void Lint_BodyWithTextOrPunctuationAfterLastVariable_DoesNotReportVariableAtEnd(string body)
    {
        LintAssert.DoesNotReport(TemplateSamples.WithBody(body), TemplateLintCodes.BodyVariableAtEnd);
    }

    [Theory]
    [InlineData("Hello {{1}} there.", true)] // 3 words, 1 variable: needs 4
    [InlineData("Hello {{1}} there friend.", false)] // 4 words
    [InlineData("Hi {{1}}, order {{2}} ships soon.", true)] // 6 words, 2 variables: needs 7
    [InlineData("Hi {{1}}, order {{2}} ships very soon.", false)] // 7 words
    public void Lint_BodyWordsPerVariable_WarnsBelowThreeNPlusOne(string body, bool expected)
    {
        var template = TemplateSamples.WithBody(body);

        LintAssert.ReportsIf(expected, template, TemplateLintCodes.BodyTooManyVariables);
        if (expected)
        {
            Assert.Equal(TemplateLintSeverity.Warning, LintAssert.Reports(template, TemplateLintCodes.BodyTooManyVariables).Severity);
        }
    }

    [Fact]
    public void Lint_BodyVariableWithoutExample_ReportsVariableExampleMissingNamingTheVariable()
    {
        var template = TemplateSamples.Minimal() with
        {
            Body = "Hello {{1}}, your order {{2}} is ready for pickup.",
            BodyExamples = new Dictionary<string, string> { ["1"] = "Sam" },
        };

        var issue = Assert.Single(TemplateLinter.Lint(template));

        Assert.Equal(TemplateLintCodes.VariableExampleMissing, issue.Code);
        Assert.Equal(TemplateLintSeverity.Error, issue.Severity);
        Assert.Contains("{{2}}", issue.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void Lint_BodyExamplesMissingOrBlank_ReportsVariableExampleMissing(string? example)
    {
        var template = TemplateSamples.Minimal() with
        {
            Body = "Hello {{1}}, your order is ready for pickup.",
            BodyExamples = example is null ? null : new Dictionary<string, string> { ["1"] = example },
        };

        LintAssert.Reports(template, TemplateLintCodes.VariableExampleMissing);
    }

    [Fact]
    public void Lint_NamedBodyVariableWithExampleByName_Passes()
    {
        LintAssert.Clean(TemplateSamples.WithBody("Hi {{first_name}}, your order is ready for pickup.", TemplateParameterFormat.Named));
    }

    [Theory]
    [InlineData("bit.ly")]
    [InlineData("tinyurl.com")]
    [InlineData("t.co")]
    [InlineData("goo.gl")]
    [InlineData("ow.ly")]
    [InlineData("is.gd")]
    [InlineData("buff.ly")]
    [InlineData("rebrand.ly")]
    [InlineData("cutt.ly")]
    public void Lint_BodyWithShortenedUrl_WarnsUrlShortener(string host)
    {
        var template = TemplateSamples.Minimal() with { Body = $"Track your parcel at https://{host}/abc123 any time." };

        var issue = LintAssert.Reports(template, TemplateLintCodes.UrlShortener);
        Assert.Equal(TemplateLintSeverity.Warning, issue.Severity);
        Assert.Equal("body", issue.Component);
    }

    [Theory]
    [InlineData("Track your parcel at https://www.example.com/track any time.")]
    [InlineData("Track your parcel at https://t.company.example/track any time.")]
    [InlineData("Track your parcel at tinyurl.community/track any time.")]
    [InlineData("Our robot.co team will track your parcel.")]
    public void Lint_BodyWithFullUrl_DoesNotWarnUrlShortener(string body)
    {
        LintAssert.DoesNotReport(TemplateSamples.Minimal() with { Body = body }, TemplateLintCodes.UrlShortener);
    }
}
