using WaCompliance.Policy;

namespace WaCompliance.Tests.Policy;

/// <summary>Keeps docs/policy-rules.md equal to what the rules say about themselves.</summary>
public sealed class PolicyRulesDocumentTests
{
    private static readonly string s_path = Path.Combine(FindRepositoryRoot(), "docs", "policy-rules.md");

    [Fact]
    public void Document_MatchesTheCode()
    {
        var generated = PolicyRulesDocument.Generate();
        if (Environment.GetEnvironmentVariable("WACOMPLIANCE_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(s_path, generated);
        }

        Assert.True(File.Exists(s_path), $"{s_path} is missing; run with WACOMPLIANCE_UPDATE_DOCS=1 to write it");
        Assert.Equal(generated, File.ReadAllText(s_path).Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Document_ListsEveryCodeEveryRuleCanReport()
    {
        var document = PolicyRulesDocument.Generate();
        var codes = typeof(ViolationCodes).GetFields().Select(f => (string)f.GetValue(null)!);

        Assert.All(codes, code => Assert.Contains($"`{code}`", document, StringComparison.Ordinal));
    }

    [Fact]
    public void RuleIds_AreUnique()
    {
        var document = PolicyRulesDocument.Generate();
        var headings = document.Split('\n').Where(l => l.StartsWith("## ", StringComparison.Ordinal) && !l.StartsWith("## Codes", StringComparison.Ordinal)).ToArray();

        Assert.Equal(headings.Length, headings.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Document_ShowsConfiguredValues()
    {
        var options = new WhatsAppComplianceOptions { BusinessName = "Acme" };
        options.Policy.MessagingLimit = 10_000;

        Assert.Contains("| `Policy:MessagingLimit` | 10000 |", PolicyRulesDocument.Generate(options), StringComparison.Ordinal);
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "WaCompliance.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (WaCompliance.sln) was not found above the test binaries.");
    }
}
