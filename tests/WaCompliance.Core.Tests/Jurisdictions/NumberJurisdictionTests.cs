using PhoneNumbers;
using WaCompliance.Jurisdictions;
using WaCompliance.Numbers;

namespace WaCompliance.Tests.Jurisdictions;

public sealed class NumberJurisdictionTests
{
    [Theory]
    [InlineData("+1 305 555 0123", "US", "US-FL", "America/New_York")]
    [InlineData("+1 405 555 0123", "US", "US-OK", "America/Chicago")]
    [InlineData("+1 410 555 0123", "US", "US-MD", "America/New_York")]
    [InlineData("+1 212 555 0123", "US", "US-NY", "America/New_York")]
    [InlineData("+1 512 555 0123", "US", "US-TX", "America/Chicago")]
    [InlineData("+1 416 555 0123", "CA", "CA-ON", "America/Toronto")]
    [InlineData("+1 514 555 0123", "CA", "CA-QC", "America/Toronto")]
    [InlineData("+1 787 555 0123", "PR", null, "America/Puerto_Rico")]
    [InlineData("+49 151 23456789", "DE", null, "Europe/Berlin")]
    [InlineData("+55 11 91234 5678", "BR", null, "America/Sao_Paulo")]
    public void Jurisdiction_FromTheNumber_GivesRegionSubdivisionAndZone(string input, string region, string? subdivision, string zone)
    {
        var jurisdiction = WhatsAppNumber.Parse(input).Jurisdiction;

        Assert.Equal(region, jurisdiction.RegionCode);
        Assert.Equal(subdivision, jurisdiction.Subdivision);
        Assert.Equal([zone], jurisdiction.TimeZoneIds);
        Assert.True(jurisdiction.IsTimeZoneKnown);
        Assert.Equal(JurisdictionSource.Number, jurisdiction.Source);
        Assert.Single(jurisdiction.TimeZones);
    }

    [Fact]
    public void Jurisdiction_AreaWithSeveralZones_KeepsThemAll()
    {
        var alaska = WhatsAppNumber.Parse("+1 907 555 0100").Jurisdiction;
        var nz = WhatsAppNumber.Parse("+64 21 123 4567").Jurisdiction;

        Assert.Equal(["America/Adak", "America/Anchorage"], alaska.TimeZoneIds);
        Assert.Equal("US-AK", alaska.Subdivision);
        Assert.Equal(["Pacific/Auckland", "Pacific/Chatham"], nz.TimeZoneIds);
        Assert.Equal(2, nz.TimeZones.Count);
        Assert.True(nz.IsTimeZoneKnown);
    }

    [Theory]
    [InlineData("+49 151 23456789", true, true, false)]
    [InlineData("+262 692 12 34 56", true, true, false)]
    [InlineData("+47 412 34 567", false, true, false)]
    [InlineData("+44 7400 123456", false, false, true)]
    [InlineData("+64 21 123 4567", false, false, false)]
    public void Jurisdiction_Membership_OfEuEeaAndUk(string input, bool eu, bool eea, bool uk)
    {
        var jurisdiction = WhatsAppNumber.Parse(input).Jurisdiction;

        Assert.Equal(eu, jurisdiction.IsEuropeanUnion);
        Assert.Equal(eea, jurisdiction.IsEuropeanEconomicArea);
        Assert.Equal(uk, jurisdiction.IsUnitedKingdom);
        Assert.Equal(eea || uk, jurisdiction.IsEeaOrUnitedKingdom);
    }

    [Theory]
    [InlineData("+1 305 555 0123", true)]
    [InlineData("+1 787 555 0123", true)]
    [InlineData("+1 416 555 0123", false)]
    [InlineData("+44 7400 123456", false)]
    public void Jurisdiction_UnitedStates_IncludesTerritoriesButNotCanada(string input, bool us) =>
        Assert.Equal(us, WhatsAppNumber.Parse(input).Jurisdiction.IsUnitedStates);

    [Fact]
    public void Jurisdiction_SameArea_IsOneSharedInstance()
    {
        var a = WhatsAppNumber.Parse("+1 305 555 0123").Jurisdiction;
        var b = WhatsAppNumber.Parse("+1 305 555 0199").Jurisdiction;

        Assert.Same(a, b);
    }

    [Fact]
    public void Jurisdiction_NonGeographicNumber_HasUnknownZone()
    {
        var parser = new WhatsAppNumberParser(acceptedTypes: [WhatsAppNumberType.TollFree]);

        var jurisdiction = parser.Parse("+800 1234 5678").Number.Jurisdiction;

        Assert.Equal("001", jurisdiction.RegionCode);
        Assert.Equal(["Etc/Unknown"], jurisdiction.TimeZoneIds);
        Assert.False(jurisdiction.IsTimeZoneKnown);
        Assert.Empty(jurisdiction.TimeZones);
    }

    [Fact]
    public void Jurisdiction_NanpWideFallbackList_IsFlaggedUnknown()
    {
        // An area code the time-zone data does not know falls back to every zone of the plan.
        var unassigned = new PhoneNumber.Builder().SetCountryCode(1).SetNationalNumber(2002345678).Build();

        var jurisdiction = JurisdictionCatalog.For(unassigned, "US", PhoneNumberType.FIXED_LINE_OR_MOBILE);

        Assert.True(jurisdiction.TimeZoneIds.Count > 30);
        Assert.False(jurisdiction.IsTimeZoneKnown);
        Assert.Empty(jurisdiction.TimeZones);
    }

    [Fact]
    public void With_Override_ReplacesTheFieldsItSets()
    {
        var florida = WhatsAppNumber.Parse("+1 305 555 0123").Jurisdiction;

        var texas = florida.With(new JurisdictionOverride { Subdivision = "US-TX", TimeZoneIds = ["America/Chicago"] }.Validate());
        var moved = florida.With(new JurisdictionOverride { RegionCode = "GB" }.Validate());

        Assert.Equal(("US", "US-TX", JurisdictionSource.Override), (texas.RegionCode, texas.Subdivision, texas.Source));
        Assert.Equal(["America/Chicago"], texas.TimeZoneIds);
        Assert.Equal("GB", moved.RegionCode);
        Assert.Null(moved.Subdivision);
        Assert.True(moved.IsUnitedKingdom);
        Assert.Equal(["America/New_York"], moved.TimeZoneIds);
    }

    [Theory]
    [InlineData("USA", null, "RegionCode")]
    [InlineData(null, "TX", "Subdivision")]
    [InlineData("GB", "US-TX", "Subdivision")]
    public void Override_Malformed_IsRefusedNamingTheField(string? region, string? subdivision, string field)
    {
        var error = Assert.Throws<ArgumentException>(() => new JurisdictionOverride { RegionCode = region, Subdivision = subdivision }.Validate());

        Assert.Equal(field, error.ParamName);
    }

    [Fact]
    public async Task Resolver_PrefersTheOverrideOverTheNumber()
    {
        var store = new InMemoryJurisdictionOverrideStore();
        var resolver = new JurisdictionResolver(store);
        var number = WhatsAppNumber.Parse("+1 305 555 0123");
        var other = WhatsAppNumber.Parse("+1 305 555 0124");
        await store.SetAsync(number, new JurisdictionOverride { Subdivision = "US-CA", TimeZoneIds = ["America/Los_Angeles"] });

        var resolved = await resolver.ResolveAsync(number);

        Assert.Equal("US-CA", resolved.Subdivision);
        Assert.Equal(JurisdictionSource.Override, resolved.Source);
        Assert.Same(other.Jurisdiction, await resolver.ResolveAsync(other));
    }
}
