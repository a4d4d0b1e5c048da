using WaCompliance.Templates;

namespace WaCompliance.Tests.Templates;

public sealed class TemplateKeyTests
{
    [Theory]
    [InlineData("en", "en")]
    [InlineData("EN", "en")]
    [InlineData("en_US", "en_US")]
    [InlineData("en-us", "en_US")]
    [InlineData("EN_us", "en_US")]
    [InlineData(" pt_BR ", "pt_BR")]
    [InlineData("en__US", "en_US")]
    [InlineData("_en_US_", "en_US")]
    [InlineData("es_419", "es_419")]
    [InlineData("zh_Hant_tw", "zh_Hant_TW")]
    [InlineData("Zh_HK", "zh_HK")]
    public void Languages_in_any_spelling_normalize_to_one_form(string language, string expected) =>
        Assert.Equal(expected, TemplateKey.NormalizeLanguage(language));

    [Theory]
    [InlineData("en")]
    [InlineData("en_US")]
    [InlineData("es_419")]
    public void An_already_normalized_language_is_returned_as_is_without_a_copy(string language) =>
        Assert.Same(language, TemplateKey.NormalizeLanguage(language));

    [Fact]
    public void Keys_with_the_same_name_and_equivalent_languages_are_equal() =>
        Assert.Equal(new TemplateKey("order_shipped", "en-us"), new TemplateKey("order_shipped", "en_US"));
}
