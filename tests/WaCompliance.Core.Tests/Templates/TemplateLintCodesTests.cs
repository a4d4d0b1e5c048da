using System.Reflection;
using System.Text.RegularExpressions;
using WaCompliance.Templates;

namespace WaCompliance.Tests.Templates;

public class TemplateLintCodesTests
{
    private static readonly IReadOnlyList<string> s_codes = typeof(TemplateLintCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();

    [Fact]
    public void Codes_AreUpperSnakeCaseWithTemplateOrParameterPrefix()
    {
        Assert.NotEmpty(s_codes);
        Assert.All(s_codes, code => Assert.Matches(new Regex("^(TEMPLATE|PARAMETER)_[A-Z0-9]+(_[A-Z0-9]+)*$"), code));
    }

    [Fact]
    public void Codes_AreUnique()
    {
        Assert.Equal(s_codes.Count, s_codes.Distinct(StringComparer.Ordinal).Count());
    }
}
