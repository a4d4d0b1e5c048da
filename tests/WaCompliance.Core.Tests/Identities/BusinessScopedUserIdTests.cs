using WaCompliance.Identities;

namespace WaCompliance.Tests.Identities;

public sealed class BusinessScopedUserIdTests
{
    [Theory]
    [InlineData("BR.7712093455123009", false)]
    [InlineData("US.13491208655302741918", false)]
    [InlineData("US.ABC123xyz", false)]
    [InlineData("BR.ENT.5531200098871234", true)]
    [InlineData("  FI.278  ", false)]
    public void Parse_AcceptsMetasFormat_UpperAndLowerCaseInTheIdPart(string input, bool parent)
    {
        var id = BusinessScopedUserId.Parse(input);

        Assert.Equal(input.Trim(), id.Value);
        Assert.Equal(parent, id.IsParent);
        Assert.Equal(input.Trim()[..2], id.CountryPrefix);
    }

    [Theory]
    [InlineData(null, UserIdRejectReason.Empty)]
    [InlineData("", UserIdRejectReason.Empty)]
    [InlineData("   ", UserIdRejectReason.Empty)]
    [InlineData("BR.", UserIdRejectReason.BadCountryPrefix)]
    [InlineData("BR.ENT.", UserIdRejectReason.Empty)]
    [InlineData("br.7712093455123009", UserIdRejectReason.BadCountryPrefix)]
    [InlineData("B.7712093455123009", UserIdRejectReason.BadCountryPrefix)]
    [InlineData("BRA.7712093455123009", UserIdRejectReason.BadCountryPrefix)]
    [InlineData("5511987654321", UserIdRejectReason.BadCountryPrefix)]
    [InlineData("BR.7712-0934", UserIdRejectReason.BadCharacters)]
    [InlineData("BR.77120 934", UserIdRejectReason.BadCharacters)]
    [InlineData("BR.7712é934", UserIdRejectReason.BadCharacters)]
    [InlineData("BR.ENT.55_31", UserIdRejectReason.BadCharacters)]
    public void TryParse_RefusesWithASpecificReason(string? input, UserIdRejectReason expected)
    {
        Assert.False(BusinessScopedUserId.TryParse(input, out var id, out var reason));

        Assert.Equal(expected, reason);
        Assert.True(id.IsEmpty);
        Assert.StartsWith("USER_ID_", reason.ToCode(), StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_IdPartOver128Characters_IsTooLong()
    {
        Assert.True(BusinessScopedUserId.TryParse("US." + new string('7', 128), out _));
        Assert.True(BusinessScopedUserId.TryParse("US.ENT." + new string('7', 128), out _));

        Assert.False(BusinessScopedUserId.TryParse("US." + new string('7', 129), out _, out var reason));
        Assert.Equal(UserIdRejectReason.TooLong, reason);
        Assert.False(BusinessScopedUserId.TryParse("US." + new string('7', 4000), out _, out reason));
        Assert.Equal(UserIdRejectReason.TooLong, reason);
    }

    [Fact]
    public void Parse_Failure_NamesTheCodeButNotTheInput()
    {
        var error = Assert.Throws<FormatException>(() => BusinessScopedUserId.Parse("BR.secret-value"));

        Assert.StartsWith("USER_ID_BAD_CHARACTERS", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equality_IsOrdinal_CaseMatters()
    {
        Assert.Equal(BusinessScopedUserId.Parse("US.Abc1"), BusinessScopedUserId.Parse("US.Abc1"));
        Assert.NotEqual(BusinessScopedUserId.Parse("US.Abc1"), BusinessScopedUserId.Parse("US.abc1"));
    }

    [Theory]
    [InlineData("BR.7712093455123009", true)]
    [InlineData("BR.77-12", true)]
    [InlineData("+5511987654321", false)]
    [InlineData("5511987654321", false)]
    [InlineData("whatsapp:+64211234567", false)]
    public void LooksLikeUserId_KeepsUserIdShapedTextAwayFromNumberNormalization(string input, bool expected) =>
        Assert.Equal(expected, BusinessScopedUserId.LooksLikeUserId(input));
}
