using WaCompliance.Counters;
using WaCompliance.Identities;

namespace WaCompliance.Conformance;

/// <summary>The contract of <see cref="IMessageCounterStore"/>.</summary>
public abstract class MessageCounterStoreConformanceTests : StoreConformanceBase<IMessageCounterStore>
{
    private static MessageCountEntry Sent(WhatsAppIdentifier recipient, ConsentPurpose purpose, DateTimeOffset at, bool businessInitiated = true, string? topic = null, int sender = 0) => new()
    {
        Sender = StoreTestContext.Business(sender),
        Recipient = recipient,
        Purpose = purpose,
        SentAt = at,
        BusinessInitiated = businessInitiated,
        Topic = topic,
    };

    [Fact]
    public async Task Count_NothingSent_IsZero()
    {
        Assert.Equal(0, await Store.CountAsync(StoreTestContext.Person(1), StoreTestContext.Start.AddDays(-1)));
        Assert.Equal(0, await Store.CountUniqueRecipientsAsync(StoreTestContext.Business(), StoreTestContext.Start.AddDays(-1)));
    }

    [Fact]
    public async Task Count_SinceIsInclusiveAndOlderMessagesAreLeftOut()
    {
        var person = StoreTestContext.Person(1);
        await Store.RecordAsync(Sent(person, ConsentPurpose.Marketing, StoreTestContext.Start));
        await Store.RecordAsync(Sent(person, ConsentPurpose.Marketing, StoreTestContext.Start.AddHours(10)));
        await Store.RecordAsync(Sent(person, ConsentPurpose.Marketing, StoreTestContext.Start.AddHours(25)));

        Assert.Equal(2, await Store.CountAsync(person, StoreTestContext.Start.AddHours(10)));
        Assert.Equal(3, await Store.CountAsync(person, StoreTestContext.Start));
        Assert.Equal(1, await Store.CountAsync(person, StoreTestContext.Start.AddHours(10).AddTicks(10)));
    }

    [Fact]
    public async Task Count_ByPurposeAndTopic_FiltersAndTopicsIgnoreCase()
    {
        var person = StoreTestContext.Person(1);
        await Store.RecordAsync(Sent(person, ConsentPurpose.Marketing, StoreTestContext.Start, topic: "Spring Sale"));
        await Store.RecordAsync(Sent(person, ConsentPurpose.Marketing, StoreTestContext.Start.AddMinutes(1), topic: "spring sale"));
        await Store.RecordAsync(Sent(person, ConsentPurpose.Marketing, StoreTestContext.Start.AddMinutes(2), topic: "winter"));
        await Store.RecordAsync(Sent(person, ConsentPurpose.Utility, StoreTestContext.Start.AddMinutes(3), topic: "spring sale"));

        Assert.Equal(3, await Store.CountAsync(person, StoreTestContext.Start, ConsentPurpose.Marketing));
        Assert.Equal(2, await Store.CountAsync(person, StoreTestContext.Start, ConsentPurpose.Marketing, "SPRING SALE"));
        Assert.Equal(3, await Store.CountAsync(person, StoreTestContext.Start, topic: "spring sale"));
    }

    [Theory]
    [MemberData(nameof(HostileText.Data), MemberType = typeof(HostileText))]
    public async Task Record_HostileTopicAndFingerprint_RoundTripExactly(string text)
    {
        var person = StoreTestContext.Person(1);
        var entry = Sent(person, ConsentPurpose.Marketing, StoreTestContext.Start, topic: "t" + text) with { ContentFingerprint = text };
        await Store.RecordAsync(entry);

        var recent = Assert.Single(await Store.GetRecentAsync(person, StoreTestContext.Start));

        Assert.Equal(("t" + text, text), (recent.Topic, recent.ContentFingerprint));
        Assert.Equal(1, await Store.CountAsync(person, StoreTestContext.Start, topic: "t" + text));
        Assert.Equal(0, await Store.CountAsync(person, StoreTestContext.Start, topic: "t"));
    }

    [Fact]
    public async Task UniqueRecipients_CountEachPersonOnceAndOnlyBusinessInitiated()
    {
        var since = StoreTestContext.Start;
        await Store.RecordAsync(Sent(StoreTestContext.Person(1), ConsentPurpose.Marketing, since.AddMinutes(1)));
        await Store.RecordAsync(Sent(StoreTestContext.Person(1), ConsentPurpose.Utility, since.AddMinutes(2)));
        await Store.RecordAsync(Sent(StoreTestContext.Person(2), ConsentPurpose.Utility, since.AddMinutes(3)));
        await Store.RecordAsync(Sent(StoreTestContext.Person(3), ConsentPurpose.Utility, since.AddMinutes(4), businessInitiated: false));
        await Store.RecordAsync(Sent(StoreTestContext.Person(4), ConsentPurpose.Utility, since.AddMinutes(5), sender: 1));

        Assert.Equal(2, await Store.CountUniqueRecipientsAsync(StoreTestContext.Business(0), since));
        Assert.Equal(1, await Store.CountUniqueRecipientsAsync(StoreTestContext.Business(1), since));
    }

    [Fact]
    public async Task UniqueRecipients_PersonReachedAgainLater_CountsInTheLaterWindow()
    {
        var sender = StoreTestContext.Business();
        await Store.RecordAsync(Sent(StoreTestContext.Person(1), ConsentPurpose.Marketing, StoreTestContext.Start));
        await Store.RecordAsync(Sent(StoreTestContext.Person(2), ConsentPurpose.Marketing, StoreTestContext.Start.AddHours(1)));
        await Store.RecordAsync(Sent(StoreTestContext.Person(1), ConsentPurpose.Marketing, StoreTestContext.Start.AddHours(30)));

        Assert.Equal(1, await Store.CountUniqueRecipientsAsync(sender, StoreTestContext.Start.AddHours(6)));
        Assert.Equal(2, await Store.CountUniqueRecipientsAsync(sender, StoreTestContext.Start));
        Assert.Equal(StoreTestContext.Start.AddHours(30), await Store.GetLastBusinessInitiatedAsync(sender, StoreTestContext.Person(1)));
        Assert.Null(await Store.GetLastBusinessInitiatedAsync(sender, StoreTestContext.Person(9)));
    }

    [Fact]
    public async Task GetEntries_ForManyPeople_ReturnsRecentMessagesOldestFirst()
    {
        await Store.RecordAsync(Sent(StoreTestContext.Person(1), ConsentPurpose.Marketing, StoreTestContext.Start.AddMinutes(2)));
        await Store.RecordAsync(Sent(StoreTestContext.Person(1), ConsentPurpose.Marketing, StoreTestContext.Start.AddMinutes(1)));
        await Store.RecordAsync(Sent(StoreTestContext.Person(2), ConsentPurpose.Marketing, StoreTestContext.Start.AddDays(-3)));

        var entries = await Store.GetEntriesAsync([StoreTestContext.Person(1), StoreTestContext.Person(2), StoreTestContext.Person(3)], StoreTestContext.Start.AddDays(-1));

        var single = Assert.Single(entries);
        Assert.Equal(StoreTestContext.Person(1), single.Key);
        Assert.Equal([StoreTestContext.Start.AddMinutes(1), StoreTestContext.Start.AddMinutes(2)], single.Value.Select(e => e.SentAt));
    }

    [Fact]
    public async Task GetRecent_ReturnsOnePersonsMessagesOldestFirstWithFingerprints()
    {
        var person = StoreTestContext.Person(1);
        await Store.RecordAsync(Sent(person, ConsentPurpose.Marketing, StoreTestContext.Start.AddMinutes(2)) with { ContentFingerprint = "sha256:b" });
        await Store.RecordAsync(Sent(person, ConsentPurpose.Utility, StoreTestContext.Start.AddMinutes(1)) with { ContentFingerprint = "sha256:a", Topic = "order 42" });
        await Store.RecordAsync(Sent(person, ConsentPurpose.Marketing, StoreTestContext.Start.AddMinutes(-5)));

        var recent = await Store.GetRecentAsync(person, StoreTestContext.Start);

        Assert.Equal(["sha256:a", "sha256:b"], recent.Select(e => e.ContentFingerprint));
        Assert.Equal("order 42", recent[0].Topic);
        Assert.Equal(ConsentPurpose.Utility, recent[0].Purpose);
        Assert.Equal(StoreTestContext.Business(), recent[0].Sender);
        Assert.Empty(await Store.GetRecentAsync(StoreTestContext.Person(2), StoreTestContext.Start));
    }

    [Fact]
    public async Task Record_FingerprintTooLong_IsRefused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Store.RecordAsync(Sent(StoreTestContext.Person(1), ConsentPurpose.Marketing, StoreTestContext.Start) with { ContentFingerprint = new string('f', 129) }).AsTask());
    }

    [Fact]
    public async Task RemoveRecipient_ForgetsThatPersonEverywhere()
    {
        var person = StoreTestContext.Person(1);
        await Store.RecordAsync(Sent(person, ConsentPurpose.Marketing, StoreTestContext.Start));
        await Store.RecordAsync(Sent(person, ConsentPurpose.Utility, StoreTestContext.Start.AddMinutes(1)));
        await Store.RecordAsync(Sent(StoreTestContext.Person(2), ConsentPurpose.Utility, StoreTestContext.Start.AddMinutes(1)));

        Assert.Equal(2, await Store.RemoveRecipientAsync(person));

        Assert.Equal(0, await Store.CountAsync(person, StoreTestContext.Start));
        Assert.Equal(1, await Store.CountUniqueRecipientsAsync(StoreTestContext.Business(), StoreTestContext.Start));
        Assert.Null(await Store.GetLastBusinessInitiatedAsync(StoreTestContext.Business(), person));
    }

    [Fact]
    public async Task Record_ConcurrentlyForOnePerson_CountsEveryMessage()
    {
        var person = StoreTestContext.Person(1);

        await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            Store.RecordAsync(Sent(person, ConsentPurpose.Marketing, StoreTestContext.Start.AddSeconds(i))).AsTask()));

        Assert.Equal(100, await Store.CountAsync(person, StoreTestContext.Start));
    }

    [Fact]
    public async Task Record_ConcurrentlyForManyPeople_CountsEachOnce()
    {
        await Task.WhenAll(Enumerable.Range(0, 300).Select(i =>
            Store.RecordAsync(Sent(StoreTestContext.Person(i % 150), ConsentPurpose.Marketing, StoreTestContext.Start.AddSeconds(i))).AsTask()));

        Assert.Equal(150, await Store.CountUniqueRecipientsAsync(StoreTestContext.Business(), StoreTestContext.Start));
    }

    [Theory]
    [MemberData(nameof(StoreTestContext.IdentifierKindData), MemberType = typeof(StoreTestContext))]
    public async Task Counters_ThroughAnIdentifierOfAnyKind_CountReadAndForgetThatRecipient(string kind)
    {
        var recipient = StoreTestContext.Identifier(kind);
        await Store.RecordAsync(Sent(recipient, ConsentPurpose.Marketing, StoreTestContext.Start, topic: "Spring Sale") with { ContentFingerprint = "sha256:a" });
        await Store.RecordAsync(Sent(recipient, ConsentPurpose.Utility, StoreTestContext.Start.AddMinutes(1), businessInitiated: false));
        await Store.RecordAsync(Sent(StoreTestContext.Person(1), ConsentPurpose.Marketing, StoreTestContext.Start.AddMinutes(2)));

        Assert.Equal(2, await Store.CountAsync(recipient, StoreTestContext.Start));
        Assert.Equal(1, await Store.CountAsync(recipient, StoreTestContext.Start, ConsentPurpose.Marketing, "spring sale"));
        var recent = await Store.GetRecentAsync(recipient, StoreTestContext.Start);
        Assert.Equal([ConsentPurpose.Marketing, ConsentPurpose.Utility], recent.Select(e => e.Purpose));
        Assert.All(recent, e => Assert.Equal(recipient, e.Recipient));
        Assert.Equal(StoreTestContext.Business(), recent[0].Sender);
        Assert.Equal("sha256:a", recent[0].ContentFingerprint);
        var batch = await Store.GetEntriesAsync([recipient, StoreTestContext.Person(1), StoreTestContext.UserId(9)], StoreTestContext.Start);
        Assert.Equal(2, batch.Count);
        Assert.Equal(recent, batch[recipient]);
        Assert.Equal(2, await Store.CountUniqueRecipientsAsync(StoreTestContext.Business(), StoreTestContext.Start));
        Assert.Equal(StoreTestContext.Start, await Store.GetLastBusinessInitiatedAsync(StoreTestContext.Business(), recipient));

        Assert.Equal(2, await Store.RemoveRecipientAsync(recipient));

        Assert.Equal(0, await Store.CountAsync(recipient, StoreTestContext.Start));
        Assert.Empty(await Store.GetRecentAsync(recipient, StoreTestContext.Start));
        Assert.Null(await Store.GetLastBusinessInitiatedAsync(StoreTestContext.Business(), recipient));
        Assert.Equal(1, await Store.CountUniqueRecipientsAsync(StoreTestContext.Business(), StoreTestContext.Start));
        Assert.Equal(1, await Store.CountAsync(StoreTestContext.Person(1), StoreTestContext.Start));
    }

    [Fact]
    public async Task UniqueRecipients_UserIdAndNumberNotLinked_CountAsTwoPeople()
    {
        await Store.RecordAsync(Sent(StoreTestContext.UserId(1), ConsentPurpose.Marketing, StoreTestContext.Start));
        await Store.RecordAsync(Sent(StoreTestContext.ParentUserId(1), ConsentPurpose.Marketing, StoreTestContext.Start));
        await Store.RecordAsync(Sent(StoreTestContext.Person(1), ConsentPurpose.Marketing, StoreTestContext.Start));

        Assert.Equal(3, await Store.CountUniqueRecipientsAsync(StoreTestContext.Business(), StoreTestContext.Start));
        Assert.Equal(1, await Store.CountAsync(StoreTestContext.UserId(1), StoreTestContext.Start));
    }

    [Theory]
    [MemberData(nameof(StoreTestContext.BusinessNumberKindData), MemberType = typeof(StoreTestContext))]
    public async Task Record_FromASenderOfAnyLineType_ReadsBackThatSender(string kind)
    {
        var sender = StoreTestContext.NumberOfKind(kind);
        await Store.RecordAsync(Sent(StoreTestContext.UserId(1), ConsentPurpose.Utility, StoreTestContext.Start) with { Sender = sender });

        var entry = Assert.Single(await Store.GetRecentAsync(StoreTestContext.UserId(1), StoreTestContext.Start));

        Assert.Equal(sender, entry.Sender);
        Assert.Equal(sender.E164, entry.Sender.E164);
        Assert.Equal(sender, Assert.Single((await Store.GetEntriesAsync([StoreTestContext.UserId(1)], StoreTestContext.Start))[StoreTestContext.UserId(1)]).Sender);
        Assert.Equal(1, await Store.CountUniqueRecipientsAsync(sender, StoreTestContext.Start));
        Assert.Equal(StoreTestContext.Start, await Store.GetLastBusinessInitiatedAsync(sender, StoreTestContext.UserId(1)));
    }
}
