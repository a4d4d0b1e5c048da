using WaCompliance.Templates;

namespace WaCompliance.Tests.Templates;

public class TemplateLinterCheckParametersTests
{
    private const string Secret = "SECRET-42";

    /// <summary>Values for the utility sample: header {{1}}, body {{1}} to {{3}}, URL button 0 with a variable, phone button 1.</summary>
    private static TemplateParameters Valid(string?[]? body = null, string? header = "A-1042", string?[]? buttons = null) =>
        TemplateParameters.Positional((body ?? ["Sam", "A-1042", "Friday"])!)
            .WithHeaderText(header)
            .WithButtonValues(buttons ?? ["A-1042"]);

    private static TemplateParameters Parameters(TemplateParameters parameters, string? header, params string?[] buttons) =>
        parameters.WithHeaderText(header).WithButtonValues(buttons);

    [Fact]
    public void CheckParameters_MatchingPositionalValues_ReportsNothing()
    {
        Assert.Empty(TemplateLinter.CheckParameters(TemplateSamples.Utility(), Valid()));
    }

    [Fact]
    public void CheckParameters_MatchingNamedValues_ReportsNothing()
    {
        var parameters = TemplateParameters.Named(new Dictionary<string, string> { ["first_name"] = "Alex", ["date"] = "3 June" });

        var issues = TemplateLinter.CheckParameters(TemplateSamples.NamedUtility(), Parameters(parameters, "Alex"));

        Assert.Empty(issues);
    }

    [Fact]
    public void CheckParameters_TemplateWithoutVariablesAndNoValues_ReportsNothing()
    {
        Assert.Empty(TemplateLinter.CheckParameters(TemplateSamples.Minimal(), TemplateParameters.Positional()));
        Assert.Empty(TemplateLinter.CheckParameters(TemplateSamples.Minimal(), TemplateParameters.Named(new Dictionary<string, string>())));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void CheckParameters_WrongNumberOfPositionalValues_ReportsCountMismatch(int count)
    {
        var values = Enumerable.Range(1, count).Select(i => $"value {i}").ToArray();

        var issue = LintAssert.Reports(TemplateLinter.CheckParameters(TemplateSamples.Utility(), Valid(values)), TemplateLintCodes.ParameterCountMismatch);

        Assert.Equal($"Body has 3 variables but {count} values were supplied.", issue.Message);
    }

    [Fact]
    public void CheckParameters_NamedValuesForPositionalTemplate_ReportsFormatMismatch()
    {
        var parameters = Parameters(TemplateParameters.Named(new Dictionary<string, string> { ["name"] = "Sam" }), "A-1042", "A-1042");

        var issues = TemplateLinter.CheckParameters(TemplateSamples.Utility(), parameters);

        LintAssert.Reports(issues, TemplateLintCodes.ParameterFormatMismatch);
        LintAssert.DoesNotReport(issues, TemplateLintCodes.ParameterCountMismatch);
    }

    [Fact]
    public void CheckParameters_PositionalValuesForNamedTemplate_ReportsFormatMismatch()
    {
        var issues = TemplateLinter.CheckParameters(TemplateSamples.NamedUtility(), Parameters(TemplateParameters.Positional("Alex", "3 June"), "Alex"));

        LintAssert.Reports(issues, TemplateLintCodes.ParameterFormatMismatch);
    }

    [Fact]
    public void CheckParameters_NamedValueTheBodyDoesNotUse_ReportsUnknownName()
    {
        var parameters = TemplateParameters.Named(new Dictionary<string, string> { ["first_name"] = "Alex", ["date"] = "3 June", ["city"] = "Leeds" });

        var issue = LintAssert.Reports(TemplateLinter.CheckParameters(TemplateSamples.NamedUtility(), Parameters(parameters, "Alex")), TemplateLintCodes.ParameterUnknownName);

        Assert.Contains("'city'", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckParameters_UnknownNameThatIsNotAValidName_IsNotEchoed()
    {
        var parameters = TemplateParameters.Named(new Dictionary<string, string> { ["first_name"] = "Alex", ["date"] = "3 June", [Secret + " x"] = "y" });

        var issue = LintAssert.Reports(TemplateLinter.CheckParameters(TemplateSamples.NamedUtility(), Parameters(parameters, "Alex")), TemplateLintCodes.ParameterUnknownName);

        Assert.DoesNotContain(Secret, issue.Message, StringComparison.Ordinal);
        Assert.Contains("11-character name", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckParameters_NamedVariableWithoutValue_ReportsMissingName()
    {
        var parameters = TemplateParameters.Named(new Dictionary<string, string> { ["first_name"] = "Alex" });

        var issue = LintAssert.Reports(TemplateLinter.CheckParameters(TemplateSamples.NamedUtility(), Parameters(parameters, "Alex")), TemplateLintCodes.ParameterMissingName);

        Assert.Contains("{{date}}", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckParameters_NullNamedValue_ReportsEmptyWithName()
    {
        // Regression: the cached body-length check must not dereference a null value.
        var parameters = TemplateParameters.Named(new Dictionary<string, string> { ["first_name"] = "Alex", ["date"] = null! });

        var issue = LintAssert.Reports(TemplateLinter.CheckParameters(TemplateSamples.NamedUtility(), Parameters(parameters, "Alex")), TemplateLintCodes.ParameterEmpty);

        Assert.Equal("Body parameter 'date' is empty.", issue.Message);
    }

    [Fact]
    public void CheckParameters_TemplateChangedWithWith_IsCheckedAgainstTheNewBody()
    {
        var original = TemplateSamples.Minimal();
        Assert.Empty(TemplateLinter.CheckParameters(original, TemplateParameters.Positional()));

        var changed = original with { Body = "Hello {{1}}, welcome back." };

        LintAssert.Reports(TemplateLinter.CheckParameters(changed, TemplateParameters.Positional()), TemplateLintCodes.ParameterCountMismatch);
        Assert.Empty(TemplateLinter.CheckParameters(changed, TemplateParameters.Positional("Sam")));
        Assert.Empty(TemplateLinter.CheckParameters(original, TemplateParameters.Positional()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void CheckParameters_EmptyBodyValue_ReportsEmptyWithPosition(string? value)
    {
        var issue = LintAssert.Reports(TemplateLinter.CheckParameters(TemplateSamples.Utility(), Valid(["Sam", value!, "Friday"])), TemplateLintCodes.ParameterEmpty);

        Assert.Equal("Body parameter 2 is empty.", issue.Message);
        Assert.Equal("body", issue.Component);
    }

    [Theory]
    [InlineData("Sam\nSmith")]
    [InlineData("Sam\r\nSmith")]
    [InlineData("Sam\tSmith")]
    public void CheckParameters_ValueWithLineBreakOrTab_ReportsNewlineOrTab(string value)
    {
        LintAssert.Reports(TemplateLinter.CheckParameters(TemplateSamples.Utility(), Valid([value, "A-1042", "Friday"])), TemplateLintCodes.ParameterNewlineOrTab);
    }

    [Theory]
    [InlineData(4, false)]
    [InlineData(5, true)]
    public void CheckParameters_ConsecutiveSpaces_ReportsTooManySpacesAbove4(int spaces, bool expected)
    {
        var value = "Sam" + new string(' ', spaces) + "Smith";

        var issues = TemplateLinter.CheckParameters(TemplateSamples.Utility(), Valid([value, "A-1042", "Friday"]));

        if (expected)
        {
            LintAssert.Reports(issues, TemplateLintCodes.ParameterTooManySpaces);
        }
        else
        {
            Assert.Empty(issues);
        }
    }

    [Theory]
    [InlineData(1024, false)]
    [InlineData(1025, true)]
    public void CheckParameters_ValueLength_ReportsValueTooLongAbove1024(int length, bool expected)
    {
        var issues = TemplateLinter.CheckParameters(TemplateSamples.Utility(), Valid(["Sam", new string('v', length), "Friday"]));

        if (expected)
        {
            LintAssert.Reports(issues, TemplateLintCodes.ParameterValueTooLong);
        }
        else
        {
            LintAssert.DoesNotReport(issues, TemplateLintCodes.ParameterValueTooLong);
        }
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public void CheckParameters_BodyAfterSubstitution_ReportsBodyTooLongAbove1024(int extra, bool expected)
    {
        var template = TemplateSamples.WithBody("Hello {{1}}, here is your summary: {{2}}. Thanks.");
        var fixedLength = template.Body.Length - 10; // two 5-character variables
        var first = new string('a', 10);
        var second = new string('b', 1024 - fixedLength - first.Length + extra);

        var issues = TemplateLinter.CheckParameters(template, TemplateParameters.Positional(first, second));

        if (expected)
        {
            var issue = LintAssert.Reports(issues, TemplateLintCodes.ParameterBodyTooLong);
            Assert.Equal("Body would have 1025 characters after substitution; at most 1024.", issue.Message);
        }
        else
        {
            Assert.Empty(issues);
        }
    }

    [Fact]
    public void CheckParameters_HeaderVariableWithoutValue_ReportsHeaderMissing()
    {
        var issue = LintAssert.Reports(TemplateLinter.CheckParameters(TemplateSamples.Utility(), Valid(header: null)), TemplateLintCodes.ParameterHeaderMissing);

        Assert.Equal("header", issue.Component);
    }

    [Fact]
    public void CheckParameters_HeaderValueWithoutHeaderVariable_ReportsHeaderUnexpected()
    {
        var parameters = TemplateParameters.Positional("Maria", "25%").WithHeaderText("Spring").WithButtonValues("spring", "SPRING25");

        LintAssert.Reports(TemplateLinter.CheckParameters(TemplateSamples.Marketing(), parameters), TemplateLintCodes.ParameterHeaderUnexpected);
    }

    [Fact]
    public void CheckParameters_EmptyHeaderValue_ReportsEmptyOnHeader()
    {
        var issue = LintAssert.Reports(TemplateLinter.CheckParameters(TemplateSamples.Utility(), Valid(header: "")), TemplateLintCodes.ParameterEmpty);

        Assert.Equal("header", issue.Component);
    }

    [Theory]
    [InlineData(60, false)]
    [InlineData(61, true)]
    public void CheckParameters_HeaderAfterSubstitution_ReportsHeaderTooLongAbove60(int total, bool expected)
    {
        // "Order {{1}} has shipped" has 18 fixed characters.
        var value = new string('h', total - 18);

        var issues = TemplateLinter.CheckParameters(TemplateSamples.Utility(), Valid(header: value));

        if (expected)
        {
            LintAssert.Reports(issues, TemplateLintCodes.ParameterHeaderTooLong);
        }
        else
        {
            Assert.Empty(issues);
        }
    }

    [Fact]
    public void CheckParameters_UrlButtonVariableWithoutValue_ReportsButtonMissing()
    {
        var issue = LintAssert.Reports(TemplateLinter.CheckParameters(TemplateSamples.Utility(), Valid(buttons: [])), TemplateLintCodes.ParameterButtonMissing);

        Assert.Equal("buttons[0]", issue.Component);
        Assert.Contains("URL button 1", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckParameters_EmptyUrlButtonValue_ReportsEmptyOnButton()
    {
        var issue = LintAssert.Reports(TemplateLinter.CheckParameters(TemplateSamples.Utility(), Valid(buttons: [" "])), TemplateLintCodes.ParameterEmpty);

        Assert.Equal("buttons[0]", issue.Component);
    }

    [Fact]
    public void CheckParameters_CopyCodeButtonWithoutValue_ReportsButtonMissing()
    {
        var parameters = TemplateParameters.Positional("Maria", "25%").WithButtonValues("spring");

        var issue = LintAssert.Reports(TemplateLinter.CheckParameters(TemplateSamples.Marketing(), parameters), TemplateLintCodes.ParameterButtonMissing);

        Assert.Equal("buttons[1]", issue.Component);
    }

    [Theory]
    [InlineData(15, false)]
    [InlineData(16, true)]
    public void CheckParameters_CopyCodeValueLength_ReportsCopyCodeTooLongAbove15(int length, bool expected)
    {
        var parameters = TemplateParameters.Positional("Maria", "25%").WithButtonValues("spring", new string('C', length));

        var issues = TemplateLinter.CheckParameters(TemplateSamples.Marketing(), parameters);

        if (expected)
        {
            LintAssert.Reports(issues, TemplateLintCodes.ParameterCopyCodeTooLong);
        }
        else
        {
            Assert.Empty(issues);
        }
    }

    [Fact]
    public void CheckParameters_Messages_NeverContainTheValues()
    {
        var bad = Secret + "\n\t     " + new string('s', 1100);
        var parameters = TemplateParameters.Positional(bad, bad, bad, bad).WithHeaderText(bad).WithButtonValues(bad);

        var issues = TemplateLinter.CheckParameters(TemplateSamples.Utility(), parameters);

        Assert.True(issues.Count >= 8, LintAssert.Describe(issues));
        Assert.All(issues, issue => Assert.DoesNotContain(Secret, issue.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void CheckParameters_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => TemplateLinter.CheckParameters(null!, TemplateParameters.Positional()));
        Assert.Throws<ArgumentNullException>(() => TemplateLinter.CheckParameters(TemplateSamples.Minimal(), null!));
    }
}
