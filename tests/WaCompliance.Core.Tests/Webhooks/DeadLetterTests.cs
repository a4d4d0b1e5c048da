using WaCompliance.Consent;
using WaCompliance.Identities;
using WaCompliance.Webhooks;
using static WaCompliance.Tests.ComplianceHarness;

namespace WaCompliance.Tests.Webhooks;

/// <summary>One bad item in a delivery never takes the good ones with it, and nothing is silently dropped.</summary>
public sealed class DeadLetterTests
{
    private static readonly BusinessScopedUserId s_user = BusinessScopedUserId.Parse("BR.7712093455123009");

    private static InboundMessageEvent Stop(ComplianceHarness h, WhatsAppIdentity from, string id) => new()
    {
        EventId = id,
        MessageId = id,
        Source = "360dialog:main",
        OccurredAt = h.Time.GetUtcNow(),
        Business = Business,
        From = from,
        Text = "STOP",
    };

    private static MalformedWebhookItem Bad(string raw, string? eventId = "wamid.bad", WhatsAppIdentifier? subject = null) => new()
    {
        Source = "360dialog:main",
        Code = MalformedItemCodes.IdentityMissing,
        Message = "entry[0].changes[0].value.messages[3] names no person (no from, no from_user_id).",
        EventId = eventId,
        RawItem = raw,
        Subject = subject,
    };

    [Fact]
    public async Task ABatchWithThreeGoodStopsAndOneMalformedItem_RecordsThreeOptOutsAndOneDeadLetter()
    {
        await using var h = new ComplianceHarness();
        var read = WebhookReadResult.Accepted(
            [Stop(h, Nz, "wamid.1"), Stop(h, s_user, "wamid.2"), Stop(h, Germany, "wamid.3")],
            [Bad("{\"id\":\"wamid.bad\"}")]);

        var delivery = await h.Webhooks.ProcessAsync(read);

        Assert.Equal(200, delivery.StatusCode);
        Assert.Equal(3, delivery.Events.Count(e => e.Actions.HasFlag(WebhookActions.OptedOut)));
        var letter = Assert.Single(delivery.DeadLetters);
        Assert.Equal(MalformedItemCodes.IdentityMissing, letter.Code);
        foreach (var person in new WhatsAppIdentity[] { Nz, s_user, Germany })
        {
            Assert.Equal(ConsentStatus.OptedOut, (await h.Ledger.GetStateAsync(person, ConsentPurpose.Marketing)).Status);
        }

        var listed = new List<WebhookDeadLetter>();
        await foreach (var item in h.Get<WebhookDeadLetters>().ListAsync("360dialog:main"))
        {
            listed.Add(item);
        }

        Assert.Equal(letter.Id, Assert.Single(listed).Id);
    }

    [Fact]
    public async Task ARedeliveredMalformedItem_IsKeptOnce()
    {
        await using var h = new ComplianceHarness();
        var read = WebhookReadResult.Accepted([], [Bad("{}")]);

        await h.Webhooks.ProcessAsync(read);
        var again = await h.Webhooks.ProcessAsync(read);

        Assert.Empty(again.DeadLetters);
        var count = 0;
        await foreach (var _ in h.DeadLetters.ListAsync())
        {
            count++;
        }

        Assert.Equal(1, count);
    }

    [Fact]
    public async Task AnUnreadableSignedBody_IsDeadLettered_NotRefused()
    {
        await using var h = new ComplianceHarness();
        var read = WebhookReadResult.Accepted([], [Bad("not json at all", eventId: null) with { Code = MalformedItemCodes.BodyUnreadable }]);

        var delivery = await h.Webhooks.ProcessAsync(read);

        Assert.Equal(200, delivery.StatusCode);
        Assert.Single(delivery.DeadLetters);
    }

    [Fact]
    public async Task Reprocess_AfterAFix_AppliesTheItemAndResolvesTheDeadLetter()
    {
        await using var h = new ComplianceHarness();
        await h.Webhooks.ProcessAsync(WebhookReadResult.Accepted([], [Bad("{\"from_user_id\":\"BR.7712093455123009\"}", subject: s_user)]));
        var reader = new FixedReader("360dialog:main", raw => WebhookReadResult.Accepted([Stop(h, s_user, "wamid.bad")]));

        var outcomes = new List<DeadLetterOutcome>();
        await foreach (var outcome in h.Get<WebhookDeadLetters>().ReprocessAsync(reader))
        {
            outcomes.Add(outcome);
        }

        Assert.True(Assert.Single(outcomes).IsResolved);
        Assert.Equal(ConsentStatus.OptedOut, (await h.Ledger.GetStateAsync(s_user, ConsentPurpose.Marketing)).Status);
        await foreach (var _ in h.DeadLetters.ListAsync())
        {
            Assert.Fail("A resolved dead letter is no longer listed.");
        }
    }

    [Fact]
    public async Task Reprocess_StillMalformed_KeepsTheDeadLetterAndCountsTheAttempt()
    {
        await using var h = new ComplianceHarness();
        await h.Webhooks.ProcessAsync(WebhookReadResult.Accepted([], [Bad("{}")]));
        var reader = new FixedReader("360dialog:main", raw => WebhookReadResult.Accepted([], [Bad(raw)]));

        await foreach (var outcome in h.Get<WebhookDeadLetters>().ReprocessAsync(reader))
        {
            Assert.False(outcome.IsResolved);
            Assert.Equal(MalformedItemCodes.IdentityMissing, outcome.Code);
        }

        await foreach (var letter in h.DeadLetters.ListAsync())
        {
            Assert.Equal(1, letter.Attempts);
        }
    }

    [Fact]
    public async Task Erasure_DeletesTheDeadLettersThatNameThePerson()
    {
        await using var h = new ComplianceHarness();
        await h.Webhooks.ProcessAsync(WebhookReadResult.Accepted([], [Bad("{\"from_user_id\":\"BR.7712093455123009\"}", subject: s_user), Bad("{}", eventId: "wamid.other")]));

        var erased = await h.DataSubjects.EraseAsync(s_user);

        Assert.Equal(1, erased.DeadLettersRemoved);
        var remaining = 0;
        await foreach (var _ in h.DeadLetters.ListAsync())
        {
            remaining++;
        }

        Assert.Equal(1, remaining);
    }

    [Fact]
    public async Task ARejectedRequest_IsNotProcessed()
    {
        await using var h = new ComplianceHarness();

        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await h.Webhooks.ProcessAsync(WebhookReadResult.Rejected("SIGNATURE_INVALID", "bad signature", 401)));
    }

    [Theory]
    [InlineData("STOP\u0000")]
    [InlineData("STOP \uD800")]
    [InlineData("\uDC00STOP")]
    public async Task AStopWhoseTextTheLedgerCannotKeep_IsStillRecorded(string escaped)
    {
        await using var h = new ComplianceHarness();
        var text = System.Text.RegularExpressions.Regex.Unescape(escaped);
        var stop = Stop(h, s_user, "wamid.odd") with { Text = text };

        var result = await h.Webhooks.ProcessAsync(stop);

        Assert.True(result.Actions.HasFlag(WebhookActions.OptedOut));
        Assert.Equal(ConsentStatus.OptedOut, (await h.Ledger.GetStateAsync(s_user, ConsentPurpose.Marketing)).Status);
        Assert.True((await h.Ledger.VerifyAsync()).IsValid);
    }

    [Fact]
    public async Task ALongStopWithAnEmojiAcrossTheCut_IsRecorded()
    {
        await using var h = new ComplianceHarness();
        var text = "STOP marketing " + new string('x', 1023 - 15) + "\U0001F600 and more";
        Assert.True(char.IsHighSurrogate(text[1023]));

        var result = await h.Webhooks.ProcessAsync(Stop(h, s_user, "wamid.emoji") with { Text = text });

        Assert.NotNull(result.ConsentRecord);
        Assert.True((await h.Ledger.VerifyAsync()).IsValid);
    }

    [Fact]
    public async Task AStopWithAVeryLongMessageId_IsRecordedOnce()
    {
        await using var h = new ComplianceHarness();
        var id = "wamid." + new string('A', 600);
        var stop = Stop(h, s_user, id);

        await h.Webhooks.ProcessAsync(stop);
        await h.Webhooks.ProcessAsync(stop);

        var records = 0;
        await foreach (var _ in h.Ledger.GetHistoryAsync(s_user))
        {
            records++;
        }

        Assert.Equal(1, records);
        Assert.Equal(ConsentStatus.OptedOut, (await h.Ledger.GetStateAsync(s_user, ConsentPurpose.Marketing)).Status);
    }

    private sealed class FixedReader(string gatewayName, Func<string, WebhookReadResult> read) : IWebhookReader
    {
        public string GatewayName => gatewayName;

        public string Provider => "test";

        public ValueTask<WebhookReadResult> ReadAsync(WebhookRequest request, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public ValueTask<WebhookReadResult> ReadItemAsync(string rawItem, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(read(rawItem));
    }
}
