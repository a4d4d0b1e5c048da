using WaCompliance.Webhooks;

namespace WaCompliance.Tests.Webhooks;

public sealed class KeywordClassifierTests
{
    private readonly KeywordClassifier _classifier = new();

    [Theory]
    [InlineData("STOP")]
    [InlineData("  stop!!! ")]
    [InlineData("Stop.")]
    [InlineData("STOPALL")]
    [InlineData("stop all")]
    [InlineData("UNSUBSCRIBE")]
    [InlineData("Cancel")]
    [InlineData("END")]
    [InlineData("quit")]
    [InlineData("REVOKE")]
    [InlineData("opt out")]
    [InlineData("OPT-OUT")]
    [InlineData("optout")]
    [InlineData("ＳＴＯＰ")]
    [InlineData("BAJA")]
    [InlineData("Parar")]
    [InlineData("no más")]
    [InlineData("Arrêt")]
    [InlineData("ARRETE")]
    [InlineData("STOPP")]
    [InlineData("abmelden")]
    [InlineData("Kündigen")]
    [InlineData("basta")]
    [InlineData("uitschrijven")]
    [InlineData("band karo")]
    [InlineData("बंद")]
    [InlineData("मत भेजो")]
    [InlineData("إيقاف")]
    [InlineData("الغاء الاشتراك")]
    [InlineData("BERHENTI")]
    [InlineData("stop please")]
    public void OptOutKeywords_InEveryLanguage_OptOutOfEverything(string text)
    {
        var match = _classifier.Classify(text);

        Assert.Equal(KeywordIntent.OptOut, match.Intent);
        Assert.True(match.Purpose.IsAll, match.Purpose.Value);
    }

    [Theory]
    [InlineData("STOP MARKETING", "marketing")]
    [InlineData("stop promotions", "marketing")]
    [InlineData("Stop promos please", "marketing")]
    [InlineData("unsubscribe newsletter", "marketing")]
    [InlineData("STOP UPDATES", "utility")]
    [InlineData("stop notifications", "utility")]
    [InlineData("baja promociones", "marketing")]
    public void ScopedStop_OptsOutOfThatPurposeOnly(string text, string purpose)
    {
        var match = _classifier.Classify(text);

        Assert.Equal((KeywordIntent.OptOut, purpose), (match.Intent, match.Purpose.Value));
    }

    [Theory]
    [InlineData("START", false)]
    [InlineData("unstop", false)]
    [InlineData("Subscribe", false)]
    [InlineData("VOLVER", false)]
    [InlineData("shuru", false)]
    [InlineData("YES", true)]
    [InlineData("sí", true)]
    [InlineData("Oui", true)]
    [InlineData("نعم", true)]
    public void OptInKeywords_AreRecognisedAndYesWordsMarked(string text, bool affirmation)
    {
        var match = _classifier.Classify(text);

        Assert.Equal((KeywordIntent.OptIn, affirmation), (match.Intent, match.IsAffirmation));
    }

    [Theory]
    [InlineData("HELP")]
    [InlineData("info")]
    [InlineData("Ayuda")]
    [InlineData("HILFE")]
    [InlineData("मदद")]
    public void HelpKeywords_AreRecognised(string text) => Assert.Equal(KeywordIntent.Help, _classifier.Classify(text).Intent);

    [Theory]
    [InlineData("Please don't message me again")]
    [InlineData("DONT TEXT ME")]
    [InlineData("leave me alone!")]
    [InlineData("remove me from your list")]
    [InlineData("wrong number, who is this")]
    [InlineData("ya no quiero recibir mensajes")]
    [InlineData("please stop it")]
    public void ProbableRevocations_AreFlagged(string text) =>
        Assert.Equal(KeywordIntent.ProbableRevocation, _classifier.Classify(text).Intent);

    [Theory]
    [InlineData("Can you stop by the shop tomorrow at noon?")]
    [InlineData("Where is my order?")]
    [InlineData("I want to end my subscription next month, how do I do that")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("👍")]
    public void OrdinaryMessages_MeanNothing(string? text) => Assert.Equal(KeywordIntent.None, _classifier.Classify(text).Intent);
}
