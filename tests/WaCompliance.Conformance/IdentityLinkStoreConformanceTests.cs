using WaCompliance.Identities;

namespace WaCompliance.Conformance;

/// <summary>
/// The contract of <see cref="IIdentityLinkStore"/>: links found from both ends, the same evidence stored once, the
/// stored order of <see cref="IdentityLinkRules.Ordered"/>, revocation, batch reads, erasure, every kind of identifier.
/// </summary>
public abstract class IdentityLinkStoreConformanceTests : StoreConformanceBase<IIdentityLinkStore>
{
    private IdentityLink Link(
        WhatsAppIdentifier first,
        WhatsAppIdentifier second,
        IdentityLinkReason reason = IdentityLinkReason.SameEvent,
        string source = "360dialog:main",
        string? eventId = "wamid.HBgL1") => new()
        {
            First = first,
            Second = second,
            Reason = reason,
            Source = source,
            EventId = eventId,
            LinkedAt = Context.Time.GetUtcNow(),
        };

    [Fact]
    public async Task GetLinks_NothingLinked_IsEmpty()
    {
        Assert.Empty(await Store.GetLinksAsync(StoreTestContext.Person(1)));
        Assert.Empty(await Store.GetLinksAsync([StoreTestContext.Person(1), StoreTestContext.UserId(1)]));
    }

    [Fact]
    public async Task Link_New_IsFoundFromBothEndsAsStored()
    {
        var link = Link(StoreTestContext.UserId(1), StoreTestContext.Person(1));

        Assert.True(await Store.LinkAsync(link));

        var expected = IdentityLinkRules.Ordered(link);
        Assert.Equal(expected, Assert.Single(await Store.GetLinksAsync(StoreTestContext.Person(1))));
        Assert.Equal(expected, Assert.Single(await Store.GetLinksAsync(StoreTestContext.UserId(1))));
        Assert.True(expected.IsActive);
        Assert.Empty(await Store.GetLinksAsync(StoreTestContext.Person(2)));
    }

    [Theory]
    [MemberData(nameof(HostileText.Data), MemberType = typeof(HostileText))]
    public async Task Link_HostileSourceAndEventId_RoundTripExactlyAndStayOneLink(string text)
    {
        var link = Link(StoreTestContext.UserId(1), StoreTestContext.Person(1), source: text, eventId: text);

        Assert.True(await Store.LinkAsync(link));
        Assert.False(await Store.LinkAsync(link with { LinkedAt = link.LinkedAt.AddMinutes(1) }));

        Assert.Equal(IdentityLinkRules.Ordered(link), Assert.Single(await Store.GetLinksAsync(StoreTestContext.Person(1))));
    }

    [Fact]
    public async Task Link_Undirected_IsStoredWithTheSmallerStoredFormFirst()
    {
        // "+6421…" sorts before "BR.…": the number is stored first whichever way the link came.
        await Store.LinkAsync(Link(StoreTestContext.UserId(1), StoreTestContext.Person(1)));

        var stored = Assert.Single(await Store.GetLinksAsync(StoreTestContext.UserId(1)));

        Assert.Equal(StoreTestContext.Person(1), stored.First);
        Assert.Equal(StoreTestContext.UserId(1), stored.Second);
    }

    [Fact]
    public async Task Link_NumberChanged_KeepsItsDirectionFromTheOldNumberToTheNew()
    {
        var oldNumber = StoreTestContext.Person(9);
        var newNumber = StoreTestContext.Person(1);

        await Store.LinkAsync(Link(oldNumber, newNumber, IdentityLinkReason.NumberChanged));

        var stored = Assert.Single(await Store.GetLinksAsync(newNumber));
        Assert.Equal((oldNumber, newNumber), (stored.First, stored.Second));
        Assert.Equal(IdentityLinkCarry.OptOutsOnly, IdentityLinkRules.Carry(stored, oldNumber));
        Assert.Equal(IdentityLinkCarry.Inherited, IdentityLinkRules.Carry(stored, newNumber));
    }

    [Fact]
    public async Task Link_SameEvidenceAgainInEitherOrder_IsNotStoredTwice()
    {
        Assert.True(await Store.LinkAsync(Link(StoreTestContext.Person(1), StoreTestContext.UserId(1))));
        Context.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.False(await Store.LinkAsync(Link(StoreTestContext.Person(1), StoreTestContext.UserId(1))));
        Assert.False(await Store.LinkAsync(Link(StoreTestContext.UserId(1), StoreTestContext.Person(1))));

        var stored = Assert.Single(await Store.GetLinksAsync(StoreTestContext.Person(1)));
        Assert.Equal(StoreTestContext.Start, stored.LinkedAt);
    }

    [Fact]
    public async Task Link_NumberChangedReportedBothWays_IsTheSameEvidence()
    {
        Assert.True(await Store.LinkAsync(Link(StoreTestContext.Person(9), StoreTestContext.Person(1), IdentityLinkReason.NumberChanged)));

        Assert.False(await Store.LinkAsync(Link(StoreTestContext.Person(1), StoreTestContext.Person(9), IdentityLinkReason.NumberChanged)));
        Assert.Single(await Store.GetLinksAsync(StoreTestContext.Person(1)));
    }

    [Fact]
    public async Task Link_SamePairWithOtherEvidence_IsStoredBesideTheFirstOldestFirst()
    {
        var person = StoreTestContext.Person(1);
        var userId = StoreTestContext.UserId(1);
        await Store.LinkAsync(Link(person, userId));
        Context.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.True(await Store.LinkAsync(Link(person, userId, eventId: "wamid.HBgL2")));
        Assert.True(await Store.LinkAsync(Link(person, userId, eventId: null)));
        Assert.True(await Store.LinkAsync(Link(person, userId, source: "twilio:main")));
        Assert.True(await Store.LinkAsync(Link(person, userId, IdentityLinkReason.SendResponse)));
        Assert.False(await Store.LinkAsync(Link(person, userId, eventId: null)));

        var links = await Store.GetLinksAsync(userId);
        Assert.Equal(
            [("360dialog:main", "wamid.HBgL1", IdentityLinkReason.SameEvent), ("360dialog:main", "wamid.HBgL2", IdentityLinkReason.SameEvent),
             ("360dialog:main", null, IdentityLinkReason.SameEvent), ("twilio:main", "wamid.HBgL1", IdentityLinkReason.SameEvent),
             ("360dialog:main", "wamid.HBgL1", IdentityLinkReason.SendResponse)],
            links.Select(l => (l.Source, l.EventId, l.Reason)));
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task Link_Invalid_IsRefusedAndNothingIsStored(string field, IdentityLink link)
    {
        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.LinkAsync(link).AsTask());

        Assert.False(string.IsNullOrEmpty(error.Message), field);
        Assert.Empty(await Store.GetLinksAsync(StoreTestContext.Person(1)));
    }

    /// <summary>Links every store refuses, by what is wrong with them.</summary>
    /// <returns>The cases.</returns>
    public static TheoryData<string, IdentityLink> Invalid()
    {
        var valid = new IdentityLink
        {
            First = StoreTestContext.Person(1),
            Second = StoreTestContext.UserId(1),
            Reason = IdentityLinkReason.SameEvent,
            Source = "360dialog:main",
            LinkedAt = StoreTestContext.Start,
        };
        return new()
        {
            { "same identifier at both ends", valid with { Second = StoreTestContext.Person(1) } },
            { "empty identifier", valid with { Second = default } },
            { "empty source", valid with { Source = " " } },
            { "source too long", valid with { Source = new string('s', IdentityLinkRules.MaxTextLength + 1) } },
            { "empty event id", valid with { EventId = string.Empty } },
            { "event id too long", valid with { EventId = new string('e', IdentityLinkRules.MaxTextLength + 1) } },
            { "undefined reason", valid with { Reason = (IdentityLinkReason)99 } },
        };
    }

    [Fact]
    public async Task Revoke_MarksEveryActiveLinkBetweenThePairAndCountsThem()
    {
        var person = StoreTestContext.Person(1);
        var userId = StoreTestContext.UserId(1);
        await Store.LinkAsync(Link(person, userId));
        await Store.LinkAsync(Link(userId, person, IdentityLinkReason.ContactShared));
        await Store.LinkAsync(Link(person, StoreTestContext.ParentUserId(1)));
        var at = StoreTestContext.Start.AddHours(2);

        Assert.Equal(2, await Store.RevokeAsync(userId, person, at));

        var links = await Store.GetLinksAsync(person);
        Assert.Equal([at, at, null], links.Select(l => l.RevokedAt));
        Assert.Equal([false, false, true], links.Select(l => l.IsActive));
        Assert.Equal(0, await Store.RevokeAsync(person, userId, at.AddHours(1)));
        Assert.All((await Store.GetLinksAsync(userId)).Select(l => l.RevokedAt), revoked => Assert.Equal(at, revoked));
    }

    [Fact]
    public async Task Revoke_PairNeverLinked_RevokesNothing()
    {
        await Store.LinkAsync(Link(StoreTestContext.Person(1), StoreTestContext.UserId(1)));

        Assert.Equal(0, await Store.RevokeAsync(StoreTestContext.Person(1), StoreTestContext.UserId(2), StoreTestContext.Start));
        Assert.Equal(0, await Store.RevokeAsync(StoreTestContext.Person(2), StoreTestContext.UserId(1), StoreTestContext.Start));
        Assert.True(Assert.Single(await Store.GetLinksAsync(StoreTestContext.Person(1))).IsActive);
    }

    [Fact]
    public async Task Link_SameEvidenceAfterRevocation_IsNotStoredAgain()
    {
        await Store.LinkAsync(Link(StoreTestContext.Person(1), StoreTestContext.UserId(1)));
        await Store.RevokeAsync(StoreTestContext.Person(1), StoreTestContext.UserId(1), StoreTestContext.Start.AddMinutes(1));

        Assert.False(await Store.LinkAsync(Link(StoreTestContext.Person(1), StoreTestContext.UserId(1))));
        Assert.False(Assert.Single(await Store.GetLinksAsync(StoreTestContext.Person(1))).IsActive);
    }

    [Fact]
    public async Task GetLinks_ForManyIdentifiers_ReturnsEachIdentifiersLinksOldestFirst()
    {
        var a = StoreTestContext.Person(1);
        var b = StoreTestContext.UserId(1);
        var c = StoreTestContext.ParentUserId(1);
        await Store.LinkAsync(Link(a, b));
        await Store.LinkAsync(Link(b, c));
        await Store.LinkAsync(Link(StoreTestContext.Person(2), StoreTestContext.UserId(2)));

        var links = await Store.GetLinksAsync([a, b, b, StoreTestContext.Person(3)]);

        Assert.Equal(2, links.Count);
        Assert.Equal(b, Assert.Single(links[a]).Other(a));
        Assert.Equal([a, c], links[b].Select(l => l.Other(b)));
        Assert.Equal(await Store.GetLinksAsync(b), links[b]);
    }

    [Fact]
    public async Task Erase_DeletesEveryLinkOfTheIdentifierFromBothEnds()
    {
        var a = StoreTestContext.Person(1);
        var b = StoreTestContext.UserId(1);
        var c = StoreTestContext.ParentUserId(1);
        await Store.LinkAsync(Link(a, b));
        await Store.LinkAsync(Link(c, a, IdentityLinkReason.Application, "application", null));
        await Store.LinkAsync(Link(b, c));

        Assert.Equal(2, await Store.EraseAsync(a));

        Assert.Empty(await Store.GetLinksAsync(a));
        Assert.Equal(c, Assert.Single(await Store.GetLinksAsync(b)).Other(b));
        Assert.Equal(b, Assert.Single((await Store.GetLinksAsync([a, c]))[c]).Other(c));
        Assert.Equal(0, await Store.EraseAsync(a));
    }

    [Theory]
    [MemberData(nameof(StoreTestContext.IdentifierKindData), MemberType = typeof(StoreTestContext))]
    public async Task Link_AnIdentifierOfAnyKind_RoundTrips(string kind)
    {
        var identifier = StoreTestContext.Identifier(kind);
        var other = identifier == (WhatsAppIdentifier)StoreTestContext.UserId() ? StoreTestContext.ParentUserId() : StoreTestContext.UserId();
        var link = Link(identifier, other, IdentityLinkReason.UserIdChanged);

        await Store.LinkAsync(link);

        Assert.Equal(IdentityLinkRules.Ordered(link), Assert.Single(await Store.GetLinksAsync(identifier)));
        Assert.Equal(IdentityLinkRules.Ordered(link), Assert.Single((await Store.GetLinksAsync([identifier]))[identifier]));
        Assert.Equal(identifier, Assert.Single(await Store.GetLinksAsync(other)).Other(other));
    }

    [Fact]
    public async Task Link_EveryReason_RoundTrips()
    {
        var person = StoreTestContext.Person(1);
        foreach (var reason in Enum.GetValues<IdentityLinkReason>())
        {
            await Store.LinkAsync(Link(person, StoreTestContext.UserId((int)reason), reason));
        }

        Assert.Equal(Enum.GetValues<IdentityLinkReason>(), (await Store.GetLinksAsync(person)).Select(l => l.Reason));
    }

    [Fact]
    public async Task Link_SourceAndEventIdWithQuotesAndUnicode_RoundTrip()
    {
        var tricky = "O'Brien \"q\" '); DROP TABLE identity_links; -- 🇳🇿 Māori 中文";
        var link = Link(StoreTestContext.Person(1), StoreTestContext.UserId(1), source: tricky, eventId: tricky);

        await Store.LinkAsync(link);

        Assert.Equal(IdentityLinkRules.Ordered(link), Assert.Single(await Store.GetLinksAsync(StoreTestContext.Person(1))));
    }

    [Fact]
    public async Task Link_AlreadyRevoked_IsStoredRevoked()
    {
        var link = Link(StoreTestContext.Person(1), StoreTestContext.UserId(1)) with { RevokedAt = StoreTestContext.Start.AddMinutes(1) };

        await Store.LinkAsync(link);

        Assert.Equal(link, Assert.Single(await Store.GetLinksAsync(StoreTestContext.UserId(1))));
    }

    [Fact]
    public async Task Link_SameEvidenceConcurrently_IsStoredExactlyOnce()
    {
        using var start = new ManualResetEventSlim();
        var link = Link(StoreTestContext.Person(1), StoreTestContext.UserId(1));
        var attempts = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await Store.LinkAsync(i % 2 == 0 ? link : link with { First = link.Second, Second = link.First });
        })).ToArray();
        start.Set();

        Assert.Single(await Task.WhenAll(attempts), added => added);
        Assert.Single(await Store.GetLinksAsync(StoreTestContext.Person(1)));
    }
}
