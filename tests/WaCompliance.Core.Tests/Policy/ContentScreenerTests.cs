using WaCompliance.Policy.Content;

namespace WaCompliance.Tests.Policy;

public sealed class ContentScreenerTests
{
    private readonly LexiconContentScreener _screener = new();

    [Theory]
    [InlineData("We have cheap CIGARETTES in stock!", "COM-TOBACCO")]
    [InlineData("ＣＩＧＡＲＥＴＴＥＳ half price", "COM-TOBACCO")]
    [InlineData("Tenemos cigarrillos baratos", "COM-TOBACCO")]
    [InlineData("Buy ammo and a handgun", "COM-WEAPONS")]
    [InlineData("Join our online casino for free spins", "COM-GAMBLING")]
    [InlineData("Send us your full card number and CVV", "BMP-SENSITIVE-ID")]
    [InlineData("Guaranteed returns: double your money!", "COM-DECEPTIVE")]
    [InlineData("Fast payday loans approved today", "COM-FIN-MISLEADING")]
    [InlineData("Maconha entregue hoje", "COM-DRUGS")]
    [InlineData("Crème brûlée and red wine night", "COM-ALCOHOL")]
    public void Screen_ProhibitedTerms_AreFoundWhateverTheirForm(string text, string category)
    {
        Assert.Contains(_screener.Screen(text), f => f.CategoryId == category);
    }

    [Theory]
    [InlineData("Your order A-1042 has shipped.")]
    [InlineData("We have appointment slots available on Monday.")]
    [InlineData("Ammonia-free hair colour is back in stock.")]
    [InlineData("Vote for your favourite flavour!")]
    [InlineData("")]
    public void Screen_OrdinaryText_FindsNothing(string text)
    {
        Assert.Empty(_screener.Screen(text));
    }

    [Fact]
    public void Screen_ReviewCategory_IsMarkedForReview()
    {
        var finding = Assert.Single(_screener.Screen("Please renew your subscription this week."));

        Assert.Equal(ContentAction.Review, finding.Action);
    }

    [Fact]
    public void Normalize_FoldsCaseAccentsWidthAndPunctuation()
    {
        Assert.Equal("creme brulee a la carte 2026", LexiconContentScreener.Normalize("  Crème-Brûlée, À LA CARTE!! ２０２６ "));
    }

    [Fact]
    public void Constructor_TermWithTooManyWords_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new LexiconContentScreener([("X", "X", ContentAction.Block, ["one two three four five six"])]));
    }
}
