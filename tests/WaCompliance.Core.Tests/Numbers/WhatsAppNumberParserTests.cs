using PhoneNumbers;
using WaCompliance.Numbers;

namespace WaCompliance.Tests.Numbers;

public sealed class WhatsAppNumberParserTests
{
    private const string NzMobile = "+64211234567";
    private static readonly WhatsAppNumberParser s_nz = new("NZ");

    [Theory]
    [InlineData("+64 21 123 4567")]
    [InlineData("021 123 4567")]
    [InlineData("021.123.4567")]
    [InlineData("021-123-4567")]
    [InlineData("(021) 123-4567")]
    [InlineData("  021 123 4567  ")]
    [InlineData("0064 21 123 4567")]
    [InlineData("+64 (0) 21 123 4567")]
    [InlineData("whatsapp:+64211234567")]
    [InlineData("WhatsApp: +64 21 123 4567")]
    [InlineData("tel:+64-21-123-4567")]
    [InlineData("＋６４ ２１ １２３ ４５６７")]
    [InlineData("+६४ २१ १२३ ४५६७")]
    [InlineData("٠٢١١٢٣٤٥٦٧")]
    public void Parse_WhatPeopleType_GivesTheE164Number(string input)
    {
        var result = s_nz.Parse(input);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(NzMobile, result.Number.E164);
        Assert.Equal(WhatsAppNumberType.Mobile, result.Number.Type);
        Assert.Equal("NZ", result.Number.RegionCode);
        Assert.Equal(64, result.Number.CountryCode);
        Assert.Equal("211234567", result.Number.NationalSignificantNumber);
        Assert.Equal("64211234567", result.Number.Digits);
    }

    [Theory]
    [InlineData("0064 21 123 4567")]
    [InlineData("+64 21 123 4567")]
    public void Parse_InternationalFormWithoutDefaultRegion_IsAccepted(string input)
    {
        var result = WhatsAppNumberParser.Default.Parse(input);

        Assert.Equal(NzMobile, result.Number.E164);
    }

    [Fact]
    public void Parse_DoubleZeroPrefixWhereTheRegionDialsOtherwise_IsReadAsInternational()
    {
        var result = new WhatsAppNumberParser("US").Parse("0044 7911 123456");

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal("+447911123456", result.Number.E164);
    }

    [Fact]
    public void Parse_UsNumber_IsFixedLineOrMobileAndAccepted()
    {
        var number = new WhatsAppNumberParser("US").Parse("(305) 555-0123").Number;

        Assert.Equal("+13055550123", number.E164);
        Assert.Equal(WhatsAppNumberType.FixedLineOrMobile, number.Type);
    }

    [Fact]
    public void Parse_ItalianFixedLineWithLeadingZero_KeepsTheZeroInE164()
    {
        var parser = new WhatsAppNumberParser(acceptedTypes: [WhatsAppNumberType.FixedLine]);

        Assert.Equal("+390612345678", parser.Parse("+39 06 1234 5678").Number.E164);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("whatsapp:")]
    [InlineData("tel:  ")]
    public void Parse_Nothing_IsRejectedAsEmpty(string? input) =>
        AssertRejected(s_nz.Parse(input), NumberRejectReason.Empty, "NUMBER_EMPTY");

    [Theory]
    [InlineData("abc")]
    [InlineData("N/A")]
    [InlineData("call me")]
    [InlineData("021-CALL-NOW")]
    [InlineData("+64 21 123 4567 mobile")]
    [InlineData("+64 21 ЖЖЖ 4567")]
    public void Parse_LettersOrFreeText_IsRejectedAsNotANumber(string input) =>
        AssertRejected(s_nz.Parse(input), NumberRejectReason.NotANumber, "NUMBER_NOT_A_NUMBER");

    [Theory]
    [InlineData("+64 2")]
    [InlineData("+6")]
    [InlineData("12")]
    [InlineData("+64 21 12")]
    public void Parse_TooFewDigits_IsRejectedAsTooShort(string input) =>
        AssertRejected(s_nz.Parse(input), NumberRejectReason.TooShort, "NUMBER_TOO_SHORT");

    [Theory]
    [InlineData("+6421123456789012345678")]
    [InlineData("+64 21 1234567890123")]
    public void Parse_TooManyDigits_IsRejectedAsTooLong(string input) =>
        AssertRejected(s_nz.Parse(input), NumberRejectReason.TooLong, "NUMBER_TOO_LONG");

    [Theory]
    [InlineData("+44 7700 900123")]
    [InlineData("(415) 555-0100")]
    [InlineData("+1 555 555 5555")]
    public void Parse_DigitsNotInUse_IsRejectedAsInvalidForRegion(string input) =>
        AssertRejected(s_nz.Parse(input), NumberRejectReason.InvalidForRegion, "NUMBER_INVALID_FOR_REGION");

    [Fact]
    public void Parse_UnassignedCountryCode_IsRejectedAsUnknownRegion()
    {
        var result = s_nz.Parse("+999 123456");

        AssertRejected(result, NumberRejectReason.UnknownRegion, "NUMBER_UNKNOWN_REGION");
        Assert.Contains("not assigned", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NationalNumberWithoutDefaultRegion_IsRejectedAsUnknownRegionAndSaysWhy()
    {
        var result = WhatsAppNumberParser.Default.Parse("021 123 4567");

        AssertRejected(result, NumberRejectReason.UnknownRegion, "NUMBER_UNKNOWN_REGION");
        Assert.Contains("no default region", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("+64 21 123 4567 ext. 12")]
    [InlineData("+1 305 555 0123 x12")]
    [InlineData("021 123 4567;ext=5")]
    public void Parse_Extension_IsRejectedWithItsOwnReason(string input) =>
        AssertRejected(s_nz.Parse(input), NumberRejectReason.HasExtension, "NUMBER_HAS_EXTENSION");

    [Theory]
    [InlineData("+441212345678", WhatsAppNumberType.FixedLine)]
    [InlineData("+448001234567", WhatsAppNumberType.TollFree)]
    [InlineData("+18005550199", WhatsAppNumberType.TollFree)]
    [InlineData("+449012345678", WhatsAppNumberType.PremiumRate)]
    [InlineData("+33884012345", WhatsAppNumberType.SharedCost)]
    [InlineData("+447640123456", WhatsAppNumberType.Pager)]
    [InlineData("+445512345678", WhatsAppNumberType.Uan)]
    [InlineData("+49177991234567", WhatsAppNumberType.Voicemail)]
    [InlineData("+445612345678", WhatsAppNumberType.Voip)]
    [InlineData("+447012345678", WhatsAppNumberType.PersonalNumber)]
    public void Parse_AnyLineType_IsANumber_AndOnlyTheLikelyTypesAreLikelyOnWhatsApp(string input, WhatsAppNumberType type)
    {
        var result = s_nz.Parse(input);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(type, result.Number.Type);
        Assert.Equal(input, result.Number.E164);
        Assert.False(s_nz.IsLikelyOnWhatsApp(result.Number));
        Assert.True(s_nz.IsLikelyOnWhatsApp(s_nz.Parse("021 123 4567").Number));
    }

    [Fact]
    public void AcceptedTypesConfigured_AreTheLikelyTypes_EveryTypeStillParses()
    {
        var parser = new WhatsAppNumberParser("GB", [WhatsAppNumberType.Mobile, WhatsAppNumberType.FixedLine]);

        var fixedLine = parser.Parse("0121 234 5678").Number;
        var tollFree = parser.Parse("0800 123 4567");
        Assert.Equal(WhatsAppNumberType.FixedLine, fixedLine.Type);
        Assert.True(parser.IsLikelyOnWhatsApp(fixedLine));
        Assert.True(tollFree.IsValid);
        Assert.False(parser.IsLikelyOnWhatsApp(tollFree.Number));
        Assert.True(parser.IsLikelyOnWhatsApp(parser.Parse("07911 123456").Number));
        Assert.False(parser.IsLikelyOnWhatsApp(default));
    }

    [Fact]
    public void Parse_RegionOverriddenPerCall_UsesThatRegion()
    {
        var result = s_nz.Parse("07911 123456", "gb");

        Assert.Equal("+447911123456", result.Number.E164);
    }

    [Fact]
    public void Constructor_UnknownRegion_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => new WhatsAppNumberParser("XX"));

        Assert.Contains("'XX' is not a region", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NoAcceptedType_Throws()
    {
        Assert.Throws<ArgumentException>(() => new WhatsAppNumberParser(acceptedTypes: []));
        Assert.Throws<ArgumentException>(() => new WhatsAppNumberParser(acceptedTypes: [WhatsAppNumberType.Unknown]));
    }

    [Fact]
    public void Messages_NeverRepeatTheInput()
    {
        var inputs = new[] { "+64 21 123 4567 ext. 12", "+44800123", "+44 7700 900123", "021-CALL-NOW", "+999 123456", "+64 2" };

        foreach (var input in inputs)
        {
            var result = s_nz.Parse(input);
            Assert.False(result.IsValid);
            Assert.DoesNotContain("123", result.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("CALL", result.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validity_MatchesLibphonenumberIsValidNumberOnEveryExampleNumber()
    {
        // The parser validates with GetNumberType alone; this proves it agrees with IsValidNumber.
        var util = PhoneNumberUtil.GetInstance();
        var parser = new WhatsAppNumberParser(acceptedTypes: Enum.GetValues<WhatsAppNumberType>().Where(t => t != WhatsAppNumberType.Unknown));
        var checkedCount = 0;
        foreach (var region in util.GetSupportedRegions())
        {
            foreach (var type in Enum.GetValues<PhoneNumberType>())
            {
                var example = util.GetExampleNumberForType(region, type);
                if (example is null)
                {
                    continue;
                }

                foreach (var delta in new ulong[] { 0, 1, 7 })
                {
                    var candidate = new PhoneNumber.Builder().MergeFrom(example).SetNationalNumber(example.NationalNumber + delta).Build();
                    var e164 = util.Format(candidate, PhoneNumberFormat.E164);
                    Assert.Equal(util.IsValidNumber(candidate), parser.Parse(e164).IsValid);
                    checkedCount++;
                }
            }
        }

        Assert.True(checkedCount > 2000, $"only {checkedCount} numbers checked");
    }

    [Fact]
    public void WhatsAppNumber_ParseAndTryParse_AgreeWithTheDefaultParser()
    {
        Assert.Equal(NzMobile, WhatsAppNumber.Parse("021 123 4567", "NZ").E164);
        Assert.True(WhatsAppNumber.TryParse("+64 21 123 4567", null, out var parsed));
        Assert.Equal(NzMobile, parsed.ToString());
        Assert.False(WhatsAppNumber.TryParse("nope", "NZ", out var failed));
        Assert.True(failed.IsEmpty);
        Assert.Equal(WhatsAppNumberType.TollFree, WhatsAppNumber.Parse("+448001234567").Type);
        var error = Assert.Throws<InvalidWhatsAppNumberException>(() => WhatsAppNumber.Parse("+44800123"));
        Assert.Equal(NumberRejectReason.InvalidForRegion, error.Reason);
        Assert.Equal("NUMBER_INVALID_FOR_REGION", error.Code);
        Assert.DoesNotContain("800123", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WhatsAppNumber_EqualityAndOrdering_FollowE164()
    {
        var a = WhatsAppNumber.Parse("021 123 4567", "NZ");
        var b = WhatsAppNumber.Parse("whatsapp:+64211234567");
        var c = WhatsAppNumber.Parse("+64 21 123 4568");

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
        Assert.True(a < c);
        Assert.NotEqual(a, default);
    }

    [Fact]
    public void WhatsAppNumber_Default_IsEmptyAndRefusesToBeUsed()
    {
        WhatsAppNumber empty = default;

        Assert.True(empty.IsEmpty);
        Assert.Equal(string.Empty, empty.ToString());
        Assert.Throws<InvalidOperationException>(() => empty.E164);
        Assert.Throws<InvalidOperationException>(() => empty.Jurisdiction);
    }

    private static void AssertRejected(NumberParseResult result, NumberRejectReason reason, string code)
    {
        Assert.False(result.IsValid);
        Assert.Equal(reason, result.Reason);
        Assert.Equal(code, result.Code);
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
        Assert.True(result.Number.IsEmpty);
    }
}
