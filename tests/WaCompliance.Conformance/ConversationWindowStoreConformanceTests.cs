using WaCompliance.Conversations;

namespace WaCompliance.Conformance;

/// <summary>The contract of <see cref="IConversationWindowStore"/>.</summary>
public abstract class ConversationWindowStoreConformanceTests : StoreConformanceBase<IConversationWindowStore>
{
    private static readonly TimeSpan s_day = TimeSpan.FromHours(24);

    [Fact]
    public async Task Get_PersonNeverWrote_ReturnsNull()
    {
        Assert.Null(await Store.GetAsync(StoreTestContext.Business(), StoreTestContext.Person(1)));
    }

    [Fact]
    public async Task RecordInbound_OpensTheWindowForExactly24Hours()
    {
        var at = Context.Time.GetUtcNow();
        var window = await Store.RecordInboundAsync(StoreTestContext.Business(), StoreTestContext.Person(1), at);

        Assert.Equal(at, window.LastInboundAt);
        Assert.Equal(at + s_day, window.CustomerServiceWindowEndsAt);
        Assert.True(window.IsCustomerServiceWindowOpen(at + s_day - TimeSpan.FromTicks(10)));
        Assert.False(window.IsCustomerServiceWindowOpen(at + s_day));
        Assert.Equal(window, await Store.GetAsync(StoreTestContext.Business(), StoreTestContext.Person(1)));
    }

    [Fact]
    public async Task RecordInbound_LaterMessage_ResetsTheWindow()
    {
        var business = StoreTestContext.Business();
        var person = StoreTestContext.Person(1);
        await Store.RecordInboundAsync(business, person, StoreTestContext.Start);
        var later = StoreTestContext.Start.AddHours(20);

        var window = await Store.RecordInboundAsync(business, person, later);

        Assert.Equal(later + s_day, window.CustomerServiceWindowEndsAt);
    }

    [Fact]
    public async Task RecordInbound_OlderMessageDeliveredLate_DoesNotMoveTheWindowBack()
    {
        var business = StoreTestContext.Business();
        var person = StoreTestContext.Person(1);
        await Store.RecordInboundAsync(business, person, StoreTestContext.Start.AddHours(5));

        var window = await Store.RecordInboundAsync(business, person, StoreTestContext.Start);

        Assert.Equal(StoreTestContext.Start.AddHours(5), window.LastInboundAt);
    }

    [Fact]
    public async Task RecordInbound_IsPerBusinessNumber()
    {
        await Store.RecordInboundAsync(StoreTestContext.Business(0), StoreTestContext.Person(1), StoreTestContext.Start);

        Assert.Null(await Store.GetAsync(StoreTestContext.Business(1), StoreTestContext.Person(1)));
    }

    [Fact]
    public async Task BusinessReply_WithinADayOfAReferral_OpensA72HourFreeEntryPointWindow()
    {
        var business = StoreTestContext.Business();
        var person = StoreTestContext.Person(1);
        await Store.RecordInboundAsync(business, person, StoreTestContext.Start, InboundOrigin.EntryPointReferral);
        var reply = StoreTestContext.Start.AddHours(3);

        var window = await Store.RecordBusinessReplyAsync(business, person, reply);

        Assert.Equal(reply + TimeSpan.FromHours(72), window!.FreeEntryPointEndsAt);
        Assert.Null(window.PendingReferralAt);
        Assert.True(window.IsFreeEntryPointOpen(reply.AddHours(71)));
        Assert.False(window.IsFreeEntryPointOpen(reply.AddHours(72)));
    }

    [Fact]
    public async Task BusinessReply_MoreThanADayAfterAReferral_OpensNoFreeEntryPointWindow()
    {
        var business = StoreTestContext.Business();
        var person = StoreTestContext.Person(1);
        await Store.RecordInboundAsync(business, person, StoreTestContext.Start, InboundOrigin.EntryPointReferral);

        var window = await Store.RecordBusinessReplyAsync(business, person, StoreTestContext.Start.AddHours(25));

        Assert.Null(window!.FreeEntryPointEndsAt);
        Assert.Null(window.PendingReferralAt);
    }

    [Fact]
    public async Task BusinessReply_WithoutReferral_ChangesNothing()
    {
        var business = StoreTestContext.Business();
        var person = StoreTestContext.Person(1);
        var before = await Store.RecordInboundAsync(business, person, StoreTestContext.Start);

        var after = await Store.RecordBusinessReplyAsync(business, person, StoreTestContext.Start.AddHours(1));

        Assert.Equal(before, after);
        Assert.Null(await Store.RecordBusinessReplyAsync(business, StoreTestContext.Person(2), StoreTestContext.Start));
    }

    [Fact]
    public async Task Close_ProviderSaysWindowClosed_EndsTheWindowThen()
    {
        var business = StoreTestContext.Business();
        var person = StoreTestContext.Person(1);
        await Store.RecordInboundAsync(business, person, StoreTestContext.Start);
        var refusedAt = StoreTestContext.Start.AddHours(2);

        var window = await Store.CloseAsync(business, person, refusedAt);

        Assert.Equal(refusedAt, window!.CustomerServiceWindowEndsAt);
        Assert.False(window.IsCustomerServiceWindowOpen(refusedAt));
        Assert.Equal(window, await Store.GetAsync(business, person));
    }

    [Fact]
    public async Task GetMany_ReturnsOnlyPeopleWithAWindow()
    {
        var business = StoreTestContext.Business();
        await Store.RecordInboundAsync(business, StoreTestContext.Person(1), StoreTestContext.Start);
        await Store.RecordInboundAsync(business, StoreTestContext.Person(3), StoreTestContext.Start);

        var windows = await Store.GetManyAsync(business, [StoreTestContext.Person(1), StoreTestContext.Person(2), StoreTestContext.Person(3)]);

        Assert.Equal(2, windows.Count);
        Assert.Equal(StoreTestContext.Person(3), windows[StoreTestContext.Person(3)].User);
    }

    [Fact]
    public async Task RemoveUser_DeletesThatPersonsWindowsWithEveryBusiness()
    {
        var person = StoreTestContext.Person(1);
        await Store.RecordInboundAsync(StoreTestContext.Business(0), person, StoreTestContext.Start);
        await Store.RecordInboundAsync(StoreTestContext.Business(1), person, StoreTestContext.Start);
        await Store.RecordInboundAsync(StoreTestContext.Business(0), StoreTestContext.Person(2), StoreTestContext.Start);
        Assert.Equal(2, (await Store.GetByUserAsync(person)).Count);

        Assert.Equal(2, await Store.RemoveUserAsync(person));

        Assert.Empty(await Store.GetByUserAsync(person));
        Assert.NotNull(await Store.GetAsync(StoreTestContext.Business(0), StoreTestContext.Person(2)));
    }

    [Fact]
    public async Task RecordInbound_Concurrently_KeepsTheLatest()
    {
        var business = StoreTestContext.Business();
        var person = StoreTestContext.Person(1);

        await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            Store.RecordInboundAsync(business, person, StoreTestContext.Start.AddSeconds(i)).AsTask()));

        Assert.Equal(StoreTestContext.Start.AddSeconds(99), (await Store.GetAsync(business, person))!.LastInboundAt);
    }

    [Theory]
    [MemberData(nameof(StoreTestContext.IdentifierKindData), MemberType = typeof(StoreTestContext))]
    public async Task Window_ThroughAnIdentifierOfAnyKind_IsRecordedReadUpdatedAndRemoved(string kind)
    {
        var business = StoreTestContext.Business();
        var user = StoreTestContext.Identifier(kind);

        var opened = await Store.RecordInboundAsync(business, user, StoreTestContext.Start, InboundOrigin.EntryPointReferral);
        var replied = await Store.RecordBusinessReplyAsync(business, user, StoreTestContext.Start.AddHours(1));
        await Store.RecordInboundAsync(StoreTestContext.Business(1), user, StoreTestContext.Start);

        Assert.Equal(user, opened.User);
        Assert.Equal(StoreTestContext.Start.AddHours(73), replied!.FreeEntryPointEndsAt);
        Assert.Equal(replied, await Store.GetAsync(business, user));
        Assert.Null(await Store.GetAsync(business, StoreTestContext.Person(1)));
        var many = await Store.GetManyAsync(business, [user, StoreTestContext.Person(1)]);
        Assert.Equal(user, Assert.Single(many).Key);
        Assert.Equal(replied, many[user]);
        var byUser = await Store.GetByUserAsync(user);
        Assert.Equal([StoreTestContext.Business(0), StoreTestContext.Business(1)], byUser.Select(w => w.Business));
        Assert.All(byUser, w => Assert.Equal(user, w.User));
        var closed = await Store.CloseAsync(business, user, StoreTestContext.Start.AddHours(2));
        Assert.Equal(StoreTestContext.Start.AddHours(2), closed!.CustomerServiceWindowEndsAt);
        Assert.Equal(2, await Store.RemoveUserAsync(user));
        Assert.Empty(await Store.GetByUserAsync(user));
    }

    [Fact]
    public async Task Window_UserIdAndNumberNotLinked_AreSeparatePeople()
    {
        var business = StoreTestContext.Business();
        await Store.RecordInboundAsync(business, StoreTestContext.UserId(1), StoreTestContext.Start);

        Assert.Null(await Store.GetAsync(business, StoreTestContext.ParentUserId(1)));
        Assert.Null(await Store.GetAsync(business, StoreTestContext.Person(1)));
        Assert.Equal(0, await Store.RemoveUserAsync(StoreTestContext.Person(1)));
        Assert.NotNull(await Store.GetAsync(business, StoreTestContext.UserId(1)));
    }

    [Theory]
    [MemberData(nameof(StoreTestContext.BusinessNumberKindData), MemberType = typeof(StoreTestContext))]
    public async Task Window_WithABusinessNumberOfAnyLineType_ReadsBackWithThatNumber(string kind)
    {
        var business = StoreTestContext.NumberOfKind(kind);
        await Store.RecordInboundAsync(business, StoreTestContext.UserId(1), StoreTestContext.Start);

        var window = Assert.Single(await Store.GetByUserAsync(StoreTestContext.UserId(1)));

        Assert.Equal(business, window.Business);
        Assert.Equal(business.E164, window.Business.E164);
        Assert.Equal(window, await Store.GetAsync(business, StoreTestContext.UserId(1)));
    }
}
