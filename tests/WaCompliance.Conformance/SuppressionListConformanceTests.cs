using WaCompliance.Identities;
using WaCompliance.Suppression;

namespace WaCompliance.Conformance;

/// <summary>The contract of <see cref="ISuppressionList"/>.</summary>
public abstract class SuppressionListConformanceTests : StoreConformanceBase<ISuppressionList>
{
    [Fact]
    public async Task Find_NothingAdded_ReturnsNull()
    {
        Assert.Null(await Store.FindAsync(StoreTestContext.Person(1), ConsentPurpose.Marketing, Context.Time.GetUtcNow()));
    }

    [Fact]
    public async Task Add_ForAPurpose_BlocksThatPurposeOnly()
    {
        var person = StoreTestContext.Person(1);
        var entry = await Store.AddAsync(person, ConsentPurpose.Marketing, SuppressionReason.OptedOut, "import:unsubscribes.csv");

        var now = Context.Time.GetUtcNow();
        Assert.Equal(entry, await Store.FindAsync(person, ConsentPurpose.Marketing, now));
        Assert.Null(await Store.FindAsync(person, ConsentPurpose.Utility, now));
        Assert.Equal(Context.Keys.GetKey(person), entry.Subject);
        Assert.Equal(StoreTestContext.Start, entry.AddedAt);
        Assert.Equal("import:unsubscribes.csv", entry.Source);
    }

    [Theory]
    [MemberData(nameof(HostileText.Data), MemberType = typeof(HostileText))]
    public async Task Add_HostileSource_RoundTripsExactly(string text)
    {
        var person = StoreTestContext.Person(1);
        var entry = await Store.AddAsync(person, ConsentPurpose.Marketing, SuppressionReason.OptedOut, text);

        var found = await Store.FindAsync(person, ConsentPurpose.Marketing, Context.Time.GetUtcNow());

        Assert.Equal(text.Trim(), entry.Source);
        Assert.Equal(entry, found);
        Assert.Equal(entry, Assert.Single(await Store.GetEntriesAsync(Context.Keys.GetKey(person))));
    }

    [Theory]
    [MemberData(nameof(HostileText.UnkeepableData), MemberType = typeof(HostileText))]
    public async Task Add_SourceWithNulOrUnpairedSurrogate_IsKeptWithReplacementCharacters(int index)
    {
        var text = HostileText.Unkeepable[index];
        // An opt-out is never refused for its source text: NUL and half surrogate pairs become U+FFFD in every store.
        var person = StoreTestContext.Person(1);
        var entry = await Store.AddAsync(person, ConsentPurpose.All, SuppressionReason.OptedOut, text);

        var found = await Store.FindAsync(person, ConsentPurpose.Marketing, Context.Time.GetUtcNow());

        Assert.Equal(HostileText.Cleaned(text), entry.Source);
        Assert.Equal(entry, found);
    }

    [Fact]
    public async Task Add_ForAllPurposes_BlocksEveryPurpose()
    {
        var person = StoreTestContext.Person(1);
        await Store.AddAsync(person, ConsentPurpose.All, SuppressionReason.NotOnWhatsApp);

        var now = Context.Time.GetUtcNow();
        foreach (var purpose in new[] { ConsentPurpose.Marketing, ConsentPurpose.Utility, ConsentPurpose.Authentication })
        {
            Assert.Equal(SuppressionReason.NotOnWhatsApp, (await Store.FindAsync(person, purpose, now))!.Reason);
        }
    }

    [Fact]
    public async Task Add_ProviderBackoff_BlocksUntilItExpires()
    {
        var person = StoreTestContext.Person(1);
        var until = StoreTestContext.Start.AddHours(24);
        await Store.AddAsync(person, ConsentPurpose.Marketing, SuppressionReason.ProviderBackoff, "twilio:main 63049", until);

        var found = await Store.FindAsync(person, ConsentPurpose.Marketing, StoreTestContext.Start.AddHours(1));

        Assert.Equal((SuppressionReason.ProviderBackoff, until), (found!.Reason, found.ExpiresAt));
        Assert.Null(await Store.FindAsync(person, ConsentPurpose.Marketing, until));
    }

    [Fact]
    public async Task Find_SeveralEntriesApply_ReturnsTheEveryPurposeEntryFirst()
    {
        var person = StoreTestContext.Person(1);
        await Store.AddAsync(person, ConsentPurpose.Marketing, SuppressionReason.Manual);
        Context.Time.Advance(TimeSpan.FromMinutes(1));
        await Store.AddAsync(person, ConsentPurpose.All, SuppressionReason.DoNotContactList);

        var found = await Store.FindAsync(person, ConsentPurpose.Marketing, Context.Time.GetUtcNow());

        Assert.Equal(SuppressionReason.DoNotContactList, found!.Reason);
    }

    [Fact]
    public async Task Add_SamePurposeAndReasonAgain_ReplacesTheEntry()
    {
        var person = StoreTestContext.Person(1);
        await Store.AddAsync(person, ConsentPurpose.Marketing, SuppressionReason.Manual, "first");
        Context.Time.Advance(TimeSpan.FromMinutes(1));
        await Store.AddAsync(person, ConsentPurpose.Marketing, SuppressionReason.Manual, "second");

        var entries = await Store.GetEntriesAsync(Context.Keys.GetKey(person));

        var entry = Assert.Single(entries);
        Assert.Equal("second", entry.Source);
    }

    [Fact]
    public async Task Find_EntryPastItsExpiry_DoesNotBlock()
    {
        var person = StoreTestContext.Person(1);
        var expires = StoreTestContext.Start.AddDays(30);
        await Store.AddAsync(person, ConsentPurpose.All, SuppressionReason.NotOnWhatsApp, expiresAt: expires);

        Assert.NotNull(await Store.FindAsync(person, ConsentPurpose.Marketing, expires.AddTicks(-10)));
        Assert.Null(await Store.FindAsync(person, ConsentPurpose.Marketing, expires));
        Assert.Single(await Store.GetEntriesAsync(Context.Keys.GetKey(person)));
    }

    [Fact]
    public async Task Remove_TheEntry_UnblocksAndReportsWhetherItExisted()
    {
        var person = StoreTestContext.Person(1);
        await Store.AddAsync(person, ConsentPurpose.Marketing, SuppressionReason.Manual);

        Assert.True(await Store.RemoveAsync(person, ConsentPurpose.Marketing, SuppressionReason.Manual));
        Assert.False(await Store.RemoveAsync(person, ConsentPurpose.Marketing, SuppressionReason.Manual));
        Assert.Null(await Store.FindAsync(person, ConsentPurpose.Marketing, Context.Time.GetUtcNow()));
    }

    [Fact]
    public async Task Remove_OtherReason_KeepsTheEntry()
    {
        var person = StoreTestContext.Person(1);
        await Store.AddAsync(person, ConsentPurpose.Marketing, SuppressionReason.OptedOut);

        Assert.False(await Store.RemoveAsync(person, ConsentPurpose.Marketing, SuppressionReason.Manual));
        Assert.NotNull(await Store.FindAsync(person, ConsentPurpose.Marketing, Context.Time.GetUtcNow()));
    }

    [Fact]
    public async Task Add_ByPseudonymousKeyOnly_BlocksLookupsByNumber()
    {
        var person = StoreTestContext.Person(1);
        await Store.AddAsync(SuppressionEntries.Create(Context.Keys.GetKey(person), ConsentPurpose.All, SuppressionReason.Erased,
            Context.Time.GetUtcNow(), "dsar-7", null));

        var found = await Store.FindAsync(person, ConsentPurpose.Utility, Context.Time.GetUtcNow());

        Assert.Equal(SuppressionReason.Erased, found!.Reason);
        Assert.Null(await Store.FindAsync(StoreTestContext.Person(2), ConsentPurpose.Utility, Context.Time.GetUtcNow()));
    }

    [Fact]
    public async Task Add_ByKeyForAPersonAlreadyListedByNumber_AddsToTheSameSubject()
    {
        var person = StoreTestContext.Person(1);
        await Store.AddAsync(person, ConsentPurpose.Marketing, SuppressionReason.OptedOut);
        await Store.AddAsync(SuppressionEntries.Create(Context.Keys.GetKey(person), ConsentPurpose.All, SuppressionReason.Erased,
            Context.Time.GetUtcNow(), null, null));

        Assert.Equal(SuppressionReason.Erased, (await Store.FindAsync(person, ConsentPurpose.Utility, Context.Time.GetUtcNow()))!.Reason);
        Assert.Equal(2, (await Store.GetEntriesAsync(Context.Keys.GetKey(person))).Count);
    }

    [Fact]
    public async Task GetEntries_ForManyNumbers_ReturnsOnlyListedPeople()
    {
        await Store.AddAsync(StoreTestContext.Person(1), ConsentPurpose.Marketing, SuppressionReason.OptedOut);
        await Store.AddAsync(StoreTestContext.Person(3), ConsentPurpose.All, SuppressionReason.Manual);

        var entries = await Store.GetEntriesAsync([StoreTestContext.Person(1), StoreTestContext.Person(2), StoreTestContext.Person(3)]);

        Assert.Equal(2, entries.Count);
        Assert.Equal(SuppressionReason.OptedOut, Assert.Single(entries[StoreTestContext.Person(1)]).Reason);
        Assert.False(entries.ContainsKey(StoreTestContext.Person(2)));
    }

    [Fact]
    public async Task Add_ErasedEntryWithExpiry_IsRefused()
    {
        var entry = new SuppressionEntry
        {
            Subject = Context.Keys.GetKey(StoreTestContext.Person(1)),
            Purpose = ConsentPurpose.All,
            Reason = SuppressionReason.Erased,
            AddedAt = StoreTestContext.Start,
            ExpiresAt = StoreTestContext.Start.AddDays(1),
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.AddAsync(entry).AsTask());
        Assert.Contains("never expires", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_SourceWithQuotesAndUnicode_RoundTrips()
    {
        var source = "import:'DNC' \"list\" 🇳🇿; DELETE FROM x; --";
        var person = StoreTestContext.Person(1);
        await Store.AddAsync(person, ConsentPurpose.Marketing, SuppressionReason.DoNotContactList, source);

        Assert.Equal(source, Assert.Single(await Store.GetEntriesAsync(Context.Keys.GetKey(person))).Source);
    }

    [Fact]
    public async Task Add_ConcurrentlyForManyPeople_KeepsEveryEntry()
    {
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            Store.AddAsync(StoreTestContext.Person(i), ConsentPurpose.Marketing, SuppressionReason.OptedOut).AsTask()));

        var entries = await Store.GetEntriesAsync(Enumerable.Range(0, 200).Select(i => (WaCompliance.Identities.WhatsAppIdentifier)StoreTestContext.Person(i)).ToArray());

        Assert.Equal(200, entries.Count);
    }

    [Theory]
    [MemberData(nameof(StoreTestContext.IdentifierKindData), MemberType = typeof(StoreTestContext))]
    public async Task AddFindRemove_ThroughAnIdentifierOfAnyKind_WorkAsForAMobileNumber(string kind)
    {
        var identifier = StoreTestContext.Identifier(kind);
        var now = Context.Time.GetUtcNow();

        var entry = await Store.AddAsync(identifier, ConsentPurpose.Marketing, SuppressionReason.OptedOut, "user_preferences:stop");

        Assert.Equal(Context.Keys.GetKey(identifier), entry.Subject);
        Assert.Equal(entry, await Store.FindAsync(identifier, ConsentPurpose.Marketing, now));
        Assert.Null(await Store.FindAsync(identifier, ConsentPurpose.Utility, now));
        Assert.Null(await Store.FindAsync(StoreTestContext.Person(1), ConsentPurpose.Marketing, now));
        Assert.Equal(entry, Assert.Single(await Store.GetEntriesAsync(Context.Keys.GetKey(identifier))));
        Assert.True(await Store.RemoveAsync(identifier, ConsentPurpose.Marketing, SuppressionReason.OptedOut));
        Assert.Null(await Store.FindAsync(identifier, ConsentPurpose.Marketing, now));
    }

    [Fact]
    public async Task GetEntries_ForUserIdsAndNumbersTogether_ReturnsEachUnderTheIdentifierAsked()
    {
        await Store.AddAsync(StoreTestContext.UserId(1), ConsentPurpose.All, SuppressionReason.OptedOut);
        await Store.AddAsync(StoreTestContext.ParentUserId(1), ConsentPurpose.Marketing, SuppressionReason.Manual);
        await Store.AddAsync(StoreTestContext.Person(1), ConsentPurpose.Marketing, SuppressionReason.DoNotContactList);
        WhatsAppIdentifier[] asked = [StoreTestContext.UserId(1), StoreTestContext.ParentUserId(1), StoreTestContext.Person(1), StoreTestContext.UserId(2)];

        var entries = await Store.GetEntriesAsync(asked);

        Assert.Equal(3, entries.Count);
        Assert.Equal(SuppressionReason.OptedOut, Assert.Single(entries[StoreTestContext.UserId(1)]).Reason);
        Assert.Equal(SuppressionReason.Manual, Assert.Single(entries[StoreTestContext.ParentUserId(1)]).Reason);
        Assert.Equal(SuppressionReason.DoNotContactList, Assert.Single(entries[StoreTestContext.Person(1)]).Reason);
        Assert.False(entries.ContainsKey(StoreTestContext.UserId(2)));
    }

    [Fact]
    public async Task Add_ByPseudonymousKeyOfAUserId_BlocksLookupsByThatUserId()
    {
        var userId = StoreTestContext.UserId(1);
        await Store.AddAsync(SuppressionEntries.Create(Context.Keys.GetKey(userId), ConsentPurpose.All, SuppressionReason.Erased,
            Context.Time.GetUtcNow(), "dsar-8", null));

        Assert.Equal(SuppressionReason.Erased, (await Store.FindAsync(userId, ConsentPurpose.Utility, Context.Time.GetUtcNow()))!.Reason);
        Assert.Equal(SuppressionReason.Erased, Assert.Single((await Store.GetEntriesAsync([userId]))[userId]).Reason);
    }
}
