using WaCompliance.Identities;
using WaCompliance.Webhooks;

namespace WaCompliance.Conformance;

/// <summary>
/// The contract of <see cref="IWebhookDeadLetterStore"/>: every field kept, one unresolved letter per source, event id
/// and code, oldest first with the source and resolved filters, attempts and resolution, erasure by person.
/// </summary>
public abstract class WebhookDeadLetterStoreConformanceTests : StoreConformanceBase<IWebhookDeadLetterStore>
{
    private const string RawItem = """{"from":"5511987654321","id":"wamid.AAA1","type":"text","text":{"body":"PARAR 'já' \"agora\" 🇧🇷"}}""";

    private int _nextId;

    private WebhookDeadLetter Letter(
        string? eventId = "wamid.AAA1",
        string source = "360dialog:main",
        string code = MalformedItemCodes.ItemMalformed,
        WhatsAppIdentifier? subject = null,
        DateTimeOffset? receivedAt = null,
        Guid? id = null) => new()
        {
            Id = id ?? IdOf(++_nextId),
            Source = source,
            Code = code,
            Message = "entry[0].changes[0].value.messages[0].timestamp is not a number",
            EventId = eventId,
            RawItem = RawItem,
            Subject = subject,
            ReceivedAt = receivedAt ?? Context.Time.GetUtcNow(),
        };

    /// <summary>A GUID whose order follows the number (the first of its 16 bytes onward).</summary>
    private static Guid IdOf(int number) => new(number, 0, 0, [0, 0, 0, 0, 0, 0, 0, 1]);

    private async Task<List<WebhookDeadLetter>> ListAsync(string? source = null, bool includeResolved = false)
    {
        var letters = new List<WebhookDeadLetter>();
        await foreach (var letter in Store.ListAsync(source, includeResolved))
        {
            letters.Add(letter);
        }

        return letters;
    }

    [Fact]
    public async Task List_NothingAdded_IsEmpty()
    {
        Assert.Empty(await ListAsync(includeResolved: true));
    }

    [Fact]
    public async Task Add_New_IsListedWithEveryField()
    {
        var letter = Letter(subject: StoreTestContext.UserId(1)) with { Attempts = 0 };

        Assert.True(await Store.AddAsync(letter));

        Assert.Equal(letter, Assert.Single(await ListAsync()));
    }

    [Fact]
    public async Task Add_WithoutEventIdOrSubject_KeepsThemAbsent()
    {
        var letter = Letter(eventId: null, code: MalformedItemCodes.BodyUnreadable);

        await Store.AddAsync(letter);

        var listed = Assert.Single(await ListAsync());
        Assert.Null(listed.EventId);
        Assert.Null(listed.Subject);
        Assert.Equal(letter, listed);
    }

    [Theory]
    [MemberData(nameof(StoreTestContext.IdentifierKindData), MemberType = typeof(StoreTestContext))]
    public async Task Add_SubjectOfAnyKind_RoundTrips(string kind)
    {
        var letter = Letter(subject: StoreTestContext.Identifier(kind));

        await Store.AddAsync(letter);

        Assert.Equal(StoreTestContext.Identifier(kind), Assert.Single(await ListAsync()).Subject);
    }

    [Theory]
    [MemberData(nameof(HostileText.Data), MemberType = typeof(HostileText))]
    public async Task Add_HostileTextInEveryField_RoundTripsExactly(string text)
    {
        var letter = Letter(eventId: text, source: text, code: text) with { Message = text, RawItem = text };

        Assert.True(await Store.AddAsync(letter));

        var listed = Assert.Single(await ListAsync(text));
        Assert.Equal(letter, listed);
        Assert.True(string.Equals(text, listed.RawItem, StringComparison.Ordinal), HostileText.CodeUnits(listed.RawItem));
        Assert.False(await Store.AddAsync(letter with { Id = IdOf(99) }));
    }

    [Theory]
    [MemberData(nameof(HostileText.UnkeepableData), MemberType = typeof(HostileText))]
    public async Task Add_NulOrUnpairedSurrogate_IsKeptWithReplacementCharacters(int index)
    {
        var text = HostileText.Unkeepable[index];
        // A dead letter is never refused for what the provider sent: NUL and half surrogate pairs become U+FFFD.
        var letter = Letter(eventId: "e" + text, source: "s" + text) with { Message = text, RawItem = text };

        Assert.True(await Store.AddAsync(letter));

        var listed = Assert.Single(await ListAsync());
        Assert.Equal(HostileText.Cleaned(text), listed.RawItem);
        Assert.Equal(HostileText.Cleaned(text), listed.Message);
        Assert.Equal(HostileText.Cleaned("e" + text), listed.EventId);
        Assert.Equal(HostileText.Cleaned("s" + text), listed.Source);
        Assert.False(await Store.AddAsync(letter with { Id = IdOf(99) }));
    }

    [Fact]
    public async Task Add_SameUnresolvedSourceEventAndCode_IsNotAddedTwice()
    {
        Assert.True(await Store.AddAsync(Letter()));
        Context.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.False(await Store.AddAsync(Letter()));

        Assert.Equal(IdOf(1), Assert.Single(await ListAsync(includeResolved: true)).Id);
    }

    [Fact]
    public async Task Add_SameEventWithAnotherSourceOrCode_IsAdded()
    {
        Assert.True(await Store.AddAsync(Letter()));

        Assert.True(await Store.AddAsync(Letter(source: "360dialog:eu")));
        Assert.True(await Store.AddAsync(Letter(code: MalformedItemCodes.IdentityInvalid)));
        Assert.True(await Store.AddAsync(Letter(eventId: "wamid.AAA2")));

        Assert.Equal(4, (await ListAsync()).Count);
    }

    [Fact]
    public async Task Add_WithoutEventId_IsNeverTakenForARedelivery()
    {
        Assert.True(await Store.AddAsync(Letter(eventId: null)));

        Assert.True(await Store.AddAsync(Letter(eventId: null)));

        Assert.Equal(2, (await ListAsync()).Count);
    }

    [Fact]
    public async Task Add_SameIdAgain_IsNotAdded()
    {
        Assert.True(await Store.AddAsync(Letter(id: IdOf(7))));

        Assert.False(await Store.AddAsync(Letter(eventId: "wamid.other", source: "twilio:main", id: IdOf(7))));

        Assert.Equal("360dialog:main", Assert.Single(await ListAsync()).Source);
    }

    [Fact]
    public async Task Add_SameEventAfterTheFirstWasResolved_IsAddedAgain()
    {
        await Store.AddAsync(Letter());
        await Store.RecordAttemptAsync(IdOf(1), StoreTestContext.Start.AddMinutes(1));
        Context.Time.Advance(TimeSpan.FromMinutes(2));

        Assert.True(await Store.AddAsync(Letter()));

        Assert.Equal(IdOf(2), Assert.Single(await ListAsync()).Id);
        Assert.Equal(2, (await ListAsync(includeResolved: true)).Count);
    }

    [Fact]
    public async Task Add_AlreadyResolvedLetterForAnUnresolvedItem_IsNotAdded()
    {
        await Store.AddAsync(Letter());

        Assert.False(await Store.AddAsync(Letter() with { ResolvedAt = StoreTestContext.Start }));

        Assert.Single(await ListAsync(includeResolved: true));
    }

    [Fact]
    public async Task List_IsOldestFirstFilteredBySourceAndWithoutResolvedUnlessAsked()
    {
        await Store.AddAsync(Letter(eventId: "c", receivedAt: StoreTestContext.Start.AddMinutes(3)));
        await Store.AddAsync(Letter(eventId: "a", receivedAt: StoreTestContext.Start.AddMinutes(1)));
        await Store.AddAsync(Letter(eventId: "b", source: "twilio:main", receivedAt: StoreTestContext.Start.AddMinutes(2)));
        await Store.AddAsync(Letter(eventId: "d", receivedAt: StoreTestContext.Start.AddMinutes(4)));
        await Store.RecordAttemptAsync(IdOf(4), StoreTestContext.Start.AddMinutes(5));

        Assert.Equal(["a", "b", "c"], (await ListAsync()).Select(l => l.EventId));
        Assert.Equal(["a", "b", "c", "d"], (await ListAsync(includeResolved: true)).Select(l => l.EventId));
        Assert.Equal(["a", "c"], (await ListAsync("360dialog:main")).Select(l => l.EventId));
        Assert.Equal(["a", "c", "d"], (await ListAsync("360dialog:main", includeResolved: true)).Select(l => l.EventId));
        Assert.Equal(["b"], (await ListAsync("twilio:main")).Select(l => l.EventId));
        Assert.Empty(await ListAsync("bird:main", includeResolved: true));
    }

    [Fact]
    public async Task List_ReceivedAtTheSameInstant_IsInIdOrder()
    {
        await Store.AddAsync(Letter(eventId: "second", id: IdOf(20)));
        await Store.AddAsync(Letter(eventId: "first", id: IdOf(10)));
        await Store.AddAsync(Letter(eventId: "third", id: new Guid(30, 0, 0, [0, 0, 0, 0, 0, 0, 0, 0])));

        Assert.Equal(["first", "second", "third"], (await ListAsync()).Select(l => l.EventId));
    }

    [Fact]
    public async Task RecordAttempt_Failed_CountsItAndLeavesTheLetterUnresolved()
    {
        await Store.AddAsync(Letter());

        Assert.True(await Store.RecordAttemptAsync(IdOf(1), null));
        Assert.True(await Store.RecordAttemptAsync(IdOf(1), null));

        var letter = Assert.Single(await ListAsync());
        Assert.Equal(2, letter.Attempts);
        Assert.Null(letter.ResolvedAt);
    }

    [Fact]
    public async Task RecordAttempt_Succeeded_ResolvesTheLetterAndKeepsTheFirstResolution()
    {
        await Store.AddAsync(Letter());
        var resolved = StoreTestContext.Start.AddMinutes(10);

        Assert.True(await Store.RecordAttemptAsync(IdOf(1), resolved));
        Assert.True(await Store.RecordAttemptAsync(IdOf(1), resolved.AddMinutes(5)));
        Assert.True(await Store.RecordAttemptAsync(IdOf(1), null));

        Assert.Empty(await ListAsync());
        var letter = Assert.Single(await ListAsync(includeResolved: true));
        Assert.Equal(resolved, letter.ResolvedAt);
        Assert.Equal(3, letter.Attempts);
    }

    [Fact]
    public async Task RecordAttempt_UnknownId_ReportsThatItDoesNotExist()
    {
        await Store.AddAsync(Letter());

        Assert.False(await Store.RecordAttemptAsync(IdOf(99), StoreTestContext.Start));

        Assert.Equal(0, Assert.Single(await ListAsync()).Attempts);
    }

    [Fact]
    public async Task Erase_DeletesTheDeadLettersThatNameThePersonOnly()
    {
        await Store.AddAsync(Letter(eventId: "1", subject: StoreTestContext.UserId(1)));
        await Store.AddAsync(Letter(eventId: "2", subject: StoreTestContext.UserId(1)));
        await Store.AddAsync(Letter(eventId: "3", subject: StoreTestContext.ParentUserId(1)));
        await Store.AddAsync(Letter(eventId: "4", subject: StoreTestContext.Person(1)));
        await Store.AddAsync(Letter(eventId: "5"));
        await Store.RecordAttemptAsync(IdOf(2), StoreTestContext.Start);

        Assert.Equal(2, await Store.EraseAsync(StoreTestContext.UserId(1)));

        Assert.Equal(["3", "4", "5"], (await ListAsync(includeResolved: true)).Select(l => l.EventId));
        Assert.Equal(1, await Store.EraseAsync(StoreTestContext.Person(1)));
        Assert.Equal(0, await Store.EraseAsync(StoreTestContext.UserId(1)));
        Assert.Equal(["3", "5"], (await ListAsync()).Select(l => l.EventId));
    }

    [Fact]
    public async Task Erase_AlsoDeletesDeadLettersWithoutSubjectWhoseRawItemQuotesThePerson()
    {
        // An item too broken to name its sender still holds the number ("from":"5511987654321"), or the user ID.
        var number = StoreTestContext.Reported("+5511987654321");
        await Store.AddAsync(Letter(eventId: "1"));
        await Store.AddAsync(Letter(eventId: "2") with { RawItem = "From=whatsapp%3A%2B5511987654321&Body=STOP" });
        await Store.AddAsync(Letter(eventId: "3") with { RawItem = $$"""{"from_user_id":"{{StoreTestContext.UserId(1).Value}}"}""" });
        await Store.AddAsync(Letter(eventId: "4") with { RawItem = """{"from":"5511987654322"}""" });
        await Store.AddAsync(Letter(eventId: "5") with { RawItem = $$"""{"from_user_id":"{{StoreTestContext.UserId(2).Value}}"}""" });

        Assert.Equal(2, await Store.EraseAsync(number));
        Assert.Equal(1, await Store.EraseAsync(StoreTestContext.UserId(1)));

        Assert.Equal(["4", "5"], (await ListAsync()).Select(l => l.EventId));
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task Add_Invalid_IsRefusedAndNothingIsAdded(string field, WebhookDeadLetter letter)
    {
        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.AddAsync(letter).AsTask());

        Assert.False(string.IsNullOrEmpty(error.Message), field);
        Assert.Empty(await ListAsync(includeResolved: true));
    }

    /// <summary>Dead letters every store refuses, by what is wrong with them.</summary>
    /// <returns>The cases.</returns>
    public static TheoryData<string, WebhookDeadLetter> Invalid()
    {
        var valid = new WebhookDeadLetter
        {
            Id = IdOf(1),
            Source = "360dialog:main",
            Code = MalformedItemCodes.ItemMalformed,
            Message = "entry[0] is not an object",
            RawItem = "[]",
            ReceivedAt = StoreTestContext.Start,
        };
        return new()
        {
            { "empty id", valid with { Id = Guid.Empty } },
            { "empty source", valid with { Source = "" } },
            { "source too long", valid with { Source = new string('s', WebhookDeadLetterRules.MaxKeyLength + 1) } },
            { "empty code", valid with { Code = " " } },
            { "code too long", valid with { Code = new string('C', WebhookDeadLetterRules.MaxKeyLength + 1) } },
            { "empty event id", valid with { EventId = string.Empty } },
            { "event id too long", valid with { EventId = new string('e', WebhookDeadLetterRules.MaxKeyLength + 1) } },
            { "no message", valid with { Message = null! } },
            { "no raw item", valid with { RawItem = null! } },
        };
    }

    [Fact]
    public async Task Add_ConcurrentRedeliveriesOfOneItem_AddExactlyOne()
    {
        using var start = new ManualResetEventSlim();
        var letters = Enumerable.Range(0, 20).Select(_ => Letter()).ToArray();
        var attempts = letters.Select(letter => Task.Run(async () =>
        {
            start.Wait();
            return await Store.AddAsync(letter);
        })).ToArray();
        start.Set();

        Assert.Single(await Task.WhenAll(attempts), added => added);
        Assert.Single(await ListAsync(includeResolved: true));
    }
}
