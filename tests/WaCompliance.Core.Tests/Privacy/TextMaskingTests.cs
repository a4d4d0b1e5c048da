using WaCompliance.Privacy;

namespace WaCompliance.Tests.Privacy;

public sealed class TextMaskingTests
{
    [Theory]
    [InlineData("Recipient +5511987654321 is not a WhatsApp user", "Recipient [number] is not a WhatsApp user")]
    [InlineData("wa_id 5511987654321.", "wa_id [number].")]
    [InlineData("Call +1 (415) 555-0100 now", "Call [number] now")]
    [InlineData("to whatsapp:+64211000001 failed", "to whatsapp:[number] failed")]
    [InlineData("user BR.7712093455123009 and BR.ENT.5531200098871234", "user [user-id] and [user-id]")]
    [InlineData("(#131026) Message undeliverable", "(#131026) Message undeliverable")]
    [InlineData("Error 63016 at 10:42", "Error 63016 at 10:42")]
    [InlineData("Expected 2 parameters, got 12345", "Expected 2 parameters, got 12345")]
    [InlineData("", "")]
    public void MaskIdentifiers_MasksNumbersAndUserIdsKeepsCodesAndShortNumbers(string text, string expected)
    {
        Assert.Equal(expected, TextMasking.MaskIdentifiers(text));
    }

    [Fact]
    public void MaskIdentifiers_NothingToMask_ReturnsTheSameInstance()
    {
        const string Text = "Template paused";

        Assert.Same(Text, TextMasking.MaskIdentifiers(Text));
        Assert.Null(TextMasking.MaskIdentifiers(null));
    }
}
