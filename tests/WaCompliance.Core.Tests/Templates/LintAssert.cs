using WaCompliance.Templates;

namespace WaCompliance.Tests.Templates;

/// <summary>Assertions over lint results that print every issue on failure.</summary>
internal static class LintAssert
{
    public static TemplateLintIssue Reports(MessageTemplate template, string code) => Reports(TemplateLinter.Lint(template), code);

    public static TemplateLintIssue Reports(IReadOnlyList<TemplateLintIssue> issues, string code)
    {
        var issue = issues.FirstOrDefault(i => i.Code == code);
        Assert.True(issue is not null, $"Expected {code}; got: {Describe(issues)}");
        return issue!;
    }

    public static void DoesNotReport(MessageTemplate template, string code) => DoesNotReport(TemplateLinter.Lint(template), code);

    public static void DoesNotReport(IReadOnlyList<TemplateLintIssue> issues, string code) =>
        Assert.False(issues.Any(i => i.Code == code), $"Did not expect {code}; got: {Describe(issues)}");

    /// <summary>Asserts the code is reported if and only if <paramref name="expected"/>.</summary>
    public static void ReportsIf(bool expected, MessageTemplate template, string code)
    {
        if (expected)
        {
            Reports(template, code);
        }
        else
        {
            DoesNotReport(template, code);
        }
    }

    public static void Clean(MessageTemplate template)
    {
        var issues = TemplateLinter.Lint(template);
        Assert.True(issues.Count == 0, $"Expected no issues; got: {Describe(issues)}");
    }

    public static string Describe(IReadOnlyList<TemplateLintIssue> issues) =>
        issues.Count == 0 ? "(none)" : string.Join("; ", issues.Select(i => $"{i.Code} [{i.Component}] {i.Message}"));
}
