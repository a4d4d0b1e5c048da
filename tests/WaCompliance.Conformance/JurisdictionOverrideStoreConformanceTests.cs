using WaCompliance.Jurisdictions;

namespace WaCompliance.Conformance;

/// <summary>The contract of <see cref="IJurisdictionOverrideStore"/>.</summary>
public abstract class JurisdictionOverrideStoreConformanceTests : StoreConformanceBase<IJurisdictionOverrideStore>
{
    [Fact]
    public async Task Set_ThenGet_ReturnsTheNormalizedOverride()
    {
        var person = StoreTestContext.Person(1);

        var stored = await Store.SetAsync(person, new JurisdictionOverride { Subdivision = "us-tx", TimeZoneIds = ["America/Chicago"] });

        Assert.Equal("US", stored.RegionCode);
        Assert.Equal("US-TX", stored.Subdivision);
        var read = await Store.GetAsync(person);
        Assert.Equal((stored.RegionCode, stored.Subdivision), (read!.RegionCode, read.Subdivision));
        Assert.Equal(["America/Chicago"], read.TimeZoneIds!);
    }

    [Fact]
    public async Task Set_Again_Replaces()
    {
        var person = StoreTestContext.Person(1);
        await Store.SetAsync(person, new JurisdictionOverride { RegionCode = "AU" });
        await Store.SetAsync(person, new JurisdictionOverride { RegionCode = "CA", Subdivision = "CA-QC" });

        Assert.Equal("CA-QC", (await Store.GetAsync(person))!.Subdivision);
    }

    [Fact]
    public async Task Set_Malformed_IsRefusedWithTheField()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            Store.SetAsync(StoreTestContext.Person(1), new JurisdictionOverride { RegionCode = "USA" }).AsTask());

        Assert.Equal("RegionCode", error.ParamName);
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Store.SetAsync(StoreTestContext.Person(1), new JurisdictionOverride { TimeZoneIds = ["Mars/Olympus_Mons"] }).AsTask());
        Assert.Null(await Store.GetAsync(StoreTestContext.Person(1)));
    }

    [Fact]
    public async Task Remove_DeletesAndGetManySkipsPeopleWithoutOne()
    {
        await Store.SetAsync(StoreTestContext.Person(1), new JurisdictionOverride { RegionCode = "GB" });
        await Store.SetAsync(StoreTestContext.Person(2), new JurisdictionOverride { RegionCode = "DE" });

        Assert.True(await Store.RemoveAsync(StoreTestContext.Person(1)));
        Assert.False(await Store.RemoveAsync(StoreTestContext.Person(1)));
        var many = await Store.GetManyAsync([StoreTestContext.Person(1), StoreTestContext.Person(2)]);

        Assert.Equal("DE", Assert.Single(many).Value.RegionCode);
    }

    [Theory]
    [MemberData(nameof(StoreTestContext.IdentifierKindData), MemberType = typeof(StoreTestContext))]
    public async Task Override_ThroughAnIdentifierOfAnyKind_IsSetReadAndRemoved(string kind)
    {
        var identifier = StoreTestContext.Identifier(kind);

        await Store.SetAsync(identifier, new JurisdictionOverride { Subdivision = "BR-SP", TimeZoneIds = ["America/Sao_Paulo"] });

        var read = await Store.GetAsync(identifier);
        Assert.Equal(("BR", "BR-SP"), (read!.RegionCode, read.Subdivision));
        Assert.Equal(["America/Sao_Paulo"], read.TimeZoneIds!);
        Assert.Null(await Store.GetAsync(StoreTestContext.Person(1)));
        var many = await Store.GetManyAsync([identifier, StoreTestContext.Person(1), StoreTestContext.UserId(9)]);
        Assert.Equal(identifier, Assert.Single(many).Key);
        Assert.True(await Store.RemoveAsync(identifier));
        Assert.Null(await Store.GetAsync(identifier));
    }

    [Fact]
    public async Task Override_UserIdAndParentUserId_AreKeptApart()
    {
        await Store.SetAsync(StoreTestContext.UserId(1), new JurisdictionOverride { RegionCode = "BR" });
        await Store.SetAsync(StoreTestContext.ParentUserId(1), new JurisdictionOverride { RegionCode = "PT" });

        Assert.Equal("BR", (await Store.GetAsync(StoreTestContext.UserId(1)))!.RegionCode);
        Assert.Equal("PT", (await Store.GetAsync(StoreTestContext.ParentUserId(1)))!.RegionCode);
    }
}
