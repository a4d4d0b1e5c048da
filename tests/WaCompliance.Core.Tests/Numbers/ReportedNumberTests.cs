using WaCompliance.Numbers;

namespace WaCompliance.Tests.Numbers;

/// <summary>What WhatsApp reports is a number: any line type, and well-formed numbers the metadata does not know yet.</summary>
public sealed class ReportedNumberTests
{
    [Theory]
    [InlineData("6493001234", "+6493001234", "NZ", WhatsAppNumberType.FixedLine)]
    [InlineData("+442079460000", "+442079460000", "GB", WhatsAppNumberType.FixedLine)]
    [InlineData("61293744000", "+61293744000", "AU", WhatsAppNumberType.FixedLine)]
    [InlineData("4930123456", "+4930123456", "DE", WhatsAppNumberType.FixedLine)]
    [InlineData("whatsapp:+18005550199", "+18005550199", "US", WhatsAppNumberType.TollFree)]
    [InlineData("64211234567", "+64211234567", "NZ", WhatsAppNumberType.Mobile)]
    public void ParseReported_AcceptsEveryLineType(string reported, string e164, string region, WhatsAppNumberType type)
    {
        var result = WhatsAppNumberParser.Default.ParseReported(reported);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(e164, result.Number.E164);
        Assert.Equal(region, result.Number.RegionCode);
        Assert.Equal(type, result.Number.Type);
    }

    [Fact]
    public void ParseReported_AWellFormedNumberTheMetadataDoesNotKnow_KeepsItsDigitsAndTheCountrysJurisdiction()
    {
        // Brazil's pre-2016 eight-digit mobile form: libphonenumber calls it invalid, WhatsApp still reports it.
        var result = WhatsAppNumberParser.Default.ParseReported("551187654321");

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal("+551187654321", result.Number.E164);
        Assert.Equal(WhatsAppNumberType.Unknown, result.Number.Type);
        Assert.Equal("BR", result.Number.RegionCode);
        Assert.False(WhatsAppNumber.TryParse("+551187654321", null, out _));
    }

    [Theory]
    [InlineData("", NumberRejectReason.Empty)]
    [InlineData("+", NumberRejectReason.Empty)]
    [InlineData("64-21-123", NumberRejectReason.NotANumber)]
    [InlineData("BR.7712093455123009", NumberRejectReason.NotANumber)]
    [InlineData("1234567890123456", NumberRejectReason.TooLong)]
    [InlineData("0641234567", NumberRejectReason.UnknownRegion)]
    [InlineData("8091234567", NumberRejectReason.UnknownRegion)]
    [InlineData("6412", NumberRejectReason.TooShort)]
    public void ParseReported_RefusesWhatIsNotAWellFormedInternationalNumber(string reported, NumberRejectReason reason)
    {
        var result = WhatsAppNumberParser.Default.ParseReported(reported);

        Assert.False(result.IsValid);
        Assert.Equal(reason, result.Reason);
    }
}
