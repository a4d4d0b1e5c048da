using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WaCompliance.Consent;
using WaCompliance.Conversations;
using WaCompliance.Identities;
using WaCompliance.Numbers;
using WaCompliance.Webhooks;
using static WaCompliance.Tests.ComplianceHarness;

namespace WaCompliance.Tests.Webhooks;

/// <summary>
/// Issue 11 parts 2 and 3 at the processor: a signed opt-out is recorded whatever its time, and every event of a
/// delivery is applied on its own (a bad one is dead-lettered, a failing one fails the delivery only after the others).
/// </summary>
public sealed class WebhookEventTimeTests
{
    private const string Source = "360dialog:main";
    private static readonly BusinessScopedUserId s_user = BusinessScopedUserId.Parse("BR.7712093455123009");

    private static InboundMessageEvent Inbound(string id, WhatsAppIdentity from, DateTimeOffset at, string text = "STOP", DateTimeOffset? reported = null) => new()
    {
        EventId = id,
        MessageId = id,
        Source = Source,
        OccurredAt = at,
        ReportedAt = reported,
        Business = Business,
        From = from,
        Text = text,
    };

    private static async Task<List<WebhookDeadLetter>> DeadLettersAsync(ComplianceHarness h)
    {
        var letters = new List<WebhookDeadLetter>();
        await foreach (var letter in h.DeadLetters.ListAsync())
        {
            letters.Add(letter);
        }

        return letters;
    }

    [Fact]
    public async Task AStopTimestampedMinutesAheadOfOurClock_IsRecorded_OnTheFirstDeliveryAndEveryRedelivery()
    {
        await using var h = new ComplianceHarness();
        await h.OptInAsync(Nz, ConsentPurpose.Marketing);
        var now = h.Time.GetUtcNow();
        var stop = Inbound("wamid.AHEAD", Nz, now.AddMinutes(10));

        var first = await h.Webhooks.ProcessAsync(WebhookReadResult.Accepted([stop]));
        var again = await h.Webhooks.ProcessAsync(WebhookReadResult.Accepted([stop]));

        var record = Assert.Single(first.Events).ConsentRecord!;
        Assert.Equal((ConsentAction.OptOut, now, now.AddMinutes(10)), (record.Action, record.CapturedAt, record.ReportedAt));
        Assert.True(Assert.Single(again.Events).IsDuplicate);
        Assert.Empty(await DeadLettersAsync(h));
        Assert.Equal(ConsentStatus.OptedOut, (await h.Ledger.GetStateAsync(Nz, ConsentPurpose.Marketing)).Status);
    }

    public static TheoryData<string> AbsurdTimes => new() { "9999-12-31T23:59:59.9999999Z", "9999-12-30T00:00:00Z", "2099-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "1970-01-01T00:00:00Z" };

    [Theory]
    [MemberData(nameof(AbsurdTimes))]
    public async Task AStopWithAnAbsurdTimestamp_IsRecordedAsReceived_AndNothingThrows(string at)
    {
        await using var h = new ComplianceHarness();
        await h.OptInAsync(Nz, ConsentPurpose.Marketing);
        var occurred = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture);

        var delivery = await h.Webhooks.ProcessAsync(WebhookReadResult.Accepted([Inbound("wamid.ABSURD", Nz, occurred)]));

        var result = Assert.Single(delivery.Events);
        Assert.True(result.Actions.HasFlag(WebhookActions.OptedOut), result.Actions.ToString());
        Assert.Equal(h.Time.GetUtcNow(), result.ConsentRecord!.CapturedAt);
        Assert.Equal(ConsentChain.NormalizeTimestamp(occurred), result.ConsentRecord.ReportedAt);
        Assert.Equal(ConsentStatus.OptedOut, (await h.Ledger.GetStateAsync(Nz, ConsentPurpose.Marketing)).Status);
        var window = await h.Windows.GetAsync(Business, Nz);
        Assert.Equal(h.Time.GetUtcNow(), window!.LastInboundAt);
    }

    [Fact]
    public async Task AStopTheReaderDatedAsReceived_KeepsTheProvidersTimeAsEvidence()
    {
        await using var h = new ComplianceHarness();
        var now = h.Time.GetUtcNow();

        var result = await h.Webhooks.ProcessAsync(Inbound("wamid.R", Nz, now, reported: now.AddYears(70)));

        Assert.Equal((now, now.AddYears(70)), (result.ConsentRecord!.CapturedAt, result.ConsentRecord.ReportedAt));
    }

    [Fact]
    public async Task AStopWithAnOldProviderTimestamp_BeatsAnOptInRecordedBeforeIt()
    {
        await using var h = new ComplianceHarness();
        await h.Ledger.RecordAsync(ConsentEvent.OptIn(Nz, ConsentPurpose.Marketing, ConsentMethod.WebForm, new ConsentEvidence("Yes", "v1")));
        h.Time.Advance(TimeSpan.FromMinutes(30));

        await h.Webhooks.ProcessAsync(Inbound("wamid.LATE", Nz, h.Time.GetUtcNow().AddDays(-1)));

        Assert.Equal(ConsentStatus.OptedOut, (await h.Ledger.GetStateAsync(Nz, ConsentPurpose.Marketing)).Status);
    }

    [Fact]
    public async Task AStartFromAProviderWhoseClockLags_AfterItsStop_Resubscribes()
    {
        await using var h = new ComplianceHarness();
        await h.OptInAsync(Nz, ConsentPurpose.Marketing);
        var provider = h.Time.GetUtcNow().AddMinutes(-2);
        await h.Webhooks.ProcessAsync(Inbound("wamid.S", Nz, provider));
        h.Time.Advance(TimeSpan.FromMinutes(1));

        var start = await h.Webhooks.ProcessAsync(Inbound("wamid.G", Nz, provider.AddMinutes(1), "START"));

        Assert.True(start.Actions.HasFlag(WebhookActions.OptedIn));
        Assert.Equal(ConsentStatus.OptedIn, (await h.Ledger.GetStateAsync(Nz, ConsentPurpose.Marketing)).Status);
    }

    [Fact]
    public async Task AStartDatedBeyondTheSkew_IsDeadLettered_TheStopsBesideItAreApplied_AndItIsAppliedOnceTheClockCatchesUp()
    {
        await using var h = new ComplianceHarness();
        var now = h.Time.GetUtcNow();
        await h.Webhooks.ProcessAsync(Inbound("wamid.S0", Britain, now));
        h.Time.Advance(TimeSpan.FromMinutes(1));
        var read = WebhookReadResult.Accepted(
        [
            Inbound("wamid.S1", Nz, h.Time.GetUtcNow()),
            Inbound("wamid.G1", Britain, h.Time.GetUtcNow().AddHours(1), "START"),
            Inbound("wamid.S2", s_user, h.Time.GetUtcNow()),
        ]);

        var delivery = await h.Webhooks.ProcessAsync(read);

        Assert.Equal(200, delivery.StatusCode);
        Assert.Equal([WebhookActions.WindowOpened | WebhookActions.OptedOut, WebhookActions.DeadLettered, WebhookActions.WindowOpened | WebhookActions.OptedOut], delivery.Events.Select(e => e.Actions));
        var letter = Assert.Single(delivery.DeadLetters);
        Assert.Equal((MalformedItemCodes.ApplyFailed, "wamid.G1", (WhatsAppIdentifier?)Britain), (letter.Code, letter.EventId, letter.Subject));
        Assert.Contains("CONSENT_CAPTURED_IN_FUTURE", letter.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("START", letter.Message, StringComparison.Ordinal);
        Assert.Equal(ConsentStatus.OptedOut, (await h.Ledger.GetStateAsync(Nz, ConsentPurpose.Marketing)).Status);
        Assert.Equal(ConsentStatus.OptedOut, (await h.Ledger.GetStateAsync(s_user, ConsentPurpose.Marketing)).Status);
        Assert.Equal(ConsentStatus.OptedOut, (await h.Ledger.GetStateAsync(Britain, ConsentPurpose.Marketing)).Status);

        var early = await SingleOutcomeAsync(h);
        Assert.Equal((false, MalformedItemCodes.ApplyFailed), (early.IsResolved, early.Code));
        h.Time.Advance(TimeSpan.FromHours(1));
        var later = await SingleOutcomeAsync(h);

        Assert.True(later.IsResolved);
        Assert.Equal(ConsentStatus.OptedIn, (await h.Ledger.GetStateAsync(Britain, ConsentPurpose.Marketing)).Status);
        Assert.Empty(await ToListAsync(h.Get<WebhookDeadLetters>().ListAsync()));
    }

    [Fact]
    public async Task AnOverLongEventIdAndANulInTheText_DoNotTakeTheStopsBesideThemWithThem()
    {
        await using var h = new ComplianceHarness();
        var now = h.Time.GetUtcNow();
        var longId = "wamid." + new string('A', 5_000);
        var read = WebhookReadResult.Accepted(
        [
            Inbound("wamid.1", Nz, now),
            Inbound(longId, Germany, now),
            Inbound("wamid.\0nul", Britain, now, "STOP\0"),
            Inbound("wamid.2", s_user, now),
        ]);

        var delivery = await h.Webhooks.ProcessAsync(read);

        Assert.All(delivery.Events, e => Assert.True(e.Actions.HasFlag(WebhookActions.OptedOut), e.Actions.ToString()));
        Assert.True((await h.Webhooks.ProcessAsync(Inbound(longId, Germany, now))).IsDuplicate);
        Assert.True(delivery.Events[1].ConsentRecord!.EventId!.Length <= 256);
    }

    [Fact]
    public async Task AGatewayNameLongerThanTheStoresKeep_IsHashedIntoTheKey()
    {
        await using var h = new ComplianceHarness();
        var stop = Inbound("wamid.1", Nz, h.Time.GetUtcNow()) with { Source = "360dialog:" + new string('s', 300) };

        var first = await h.Webhooks.ProcessAsync(stop);
        var again = await h.Webhooks.ProcessAsync(stop);

        Assert.True(first.Actions.HasFlag(WebhookActions.OptedOut));
        Assert.True(again.IsDuplicate);
    }

    [Fact]
    public async Task AStoreFailingForOneEvent_StillAppliesTheOthers_ThenFailsTheDeliverySoItIsDeliveredAgain()
    {
        var failing = new FailingWindows();
        await using var h = new ComplianceHarness(services: failing.Register);
        failing.FailFor = Germany;
        var now = h.Time.GetUtcNow();
        var read = WebhookReadResult.Accepted([Inbound("wamid.1", Nz, now), Inbound("wamid.2", Germany, now), Inbound("wamid.3", Britain, now)]);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => h.Webhooks.ProcessAsync(read).AsTask());

        Assert.Equal("The store is unreachable.", error.Message);
        Assert.Equal(ConsentStatus.OptedOut, (await h.Ledger.GetStateAsync(Nz, ConsentPurpose.Marketing)).Status);
        Assert.Equal(ConsentStatus.OptedOut, (await h.Ledger.GetStateAsync(Britain, ConsentPurpose.Marketing)).Status);
        Assert.Empty(await DeadLettersAsync(h));

        failing.FailFor = null;
        var redelivery = await h.Webhooks.ProcessAsync(read);

        Assert.Equal([true, false, true], redelivery.Events.Select(e => e.IsDuplicate));
        Assert.Equal(ConsentStatus.OptedOut, (await h.Ledger.GetStateAsync(Germany, ConsentPurpose.Marketing)).Status);
    }

    [Fact]
    public async Task TheReaderIsToldOnlyOnceTheDeliveryWasApplied()
    {
        var failing = new FailingWindows { FailFor = Nz };
        await using var h = new ComplianceHarness(services: failing.Register);
        var applied = 0;
        var read = WebhookReadResult.Accepted([Inbound("wamid.1", Nz, h.Time.GetUtcNow())]).WhenApplied(_ =>
        {
            applied++;
            return default;
        });

        await Assert.ThrowsAsync<InvalidOperationException>(() => h.Webhooks.ProcessAsync(read).AsTask());
        Assert.Equal(0, applied);
        failing.FailFor = null;
        await h.Webhooks.ProcessAsync(read);

        Assert.Equal(1, applied);
    }

    [Fact]
    public async Task ALinkTheStoreRefuses_DoesNotStopTheStopBesideIt_AndTheEventIsKeptForAReapply()
    {
        var links = new RefusingLinks();
        await using var h = new ComplianceHarness(services: s => s.AddSingleton<IIdentityLinkStore>(links));
        var stop = Inbound("wamid.L", new WhatsAppIdentity(Nz, s_user), h.Time.GetUtcNow());

        var delivery = await h.Webhooks.ProcessAsync(WebhookReadResult.Accepted([stop]));

        Assert.Equal(WebhookActions.DeadLettered, Assert.Single(delivery.Events).Actions);
        Assert.Contains("ArgumentException", Assert.Single(delivery.DeadLetters).Message, StringComparison.Ordinal);
        Assert.Equal(ConsentStatus.OptedOut, (await h.Ledger.GetStateAsync(Nz, ConsentPurpose.Marketing)).Status);

        links.Refuse = false;
        var outcome = await SingleOutcomeAsync(h);
        Assert.True(outcome.IsResolved);
        Assert.Equal(ConsentStatus.OptedOut, (await h.Ledger.GetStateAsync(s_user, ConsentPurpose.Marketing)).Status);
    }

    [Fact]
    public void EveryEventKind_IsWrittenAndReadBackForItsDeadLetter()
    {
        var at = Start;
        WhatsAppEvent[] events =
        [
            Inbound("wamid.1", new WhatsAppIdentity(Nz, s_user, null, "ana"), at, "STOP", at.AddYears(90)) with { ReplyToMessageId = "wamid.0", Origin = InboundOrigin.EntryPointReferral },
            new ButtonReplyEvent { EventId = "b", Source = Source, OccurredAt = at, From = s_user, MessageId = "b", Payload = "STOP", Text = "Stop" },
            new MessageStatusEvent
            {
                EventId = "s", Source = Source, OccurredAt = at, ProviderMessageId = "wamid.s", Status = WaCompliance.Gateways.MessageDeliveryStatus.Undelivered,
                Recipient = Nz, Error = new WaCompliance.Gateways.ProviderError(WaCompliance.Gateways.ProviderErrorKind.OptedOut, "131050", "stopped"), ClientReference = "k",
            },
            new TemplateStatusEvent
            {
                EventId = "t", Source = Source, OccurredAt = at, TemplateName = "sale", Language = "en", ProviderTemplateId = "9",
                Status = WaCompliance.Templates.TemplateStatus.Paused, Quality = WaCompliance.Templates.TemplateQuality.Red, Category = WaCompliance.Templates.TemplateCategory.Marketing, Reason = "r",
            },
            new MarketingPreferenceEvent { EventId = "p", Source = Source, OccurredAt = at, From = s_user, Preference = MarketingPreference.Stop },
            new IdentityLinkEvent { EventId = "l", Source = Source, OccurredAt = at, Business = Business, Previous = Nz, Current = Germany, Reason = IdentityLinkReason.NumberChanged },
        ];

        foreach (var @event in events)
        {
            Assert.True(WebhookEventJson.TryRead(WebhookEventJson.Write(@event), out var back), @event.GetType().Name);
            Assert.Equal(@event, back);
        }
    }

    private static async Task<DeadLetterOutcome> SingleOutcomeAsync(ComplianceHarness h)
    {
        var outcomes = await ToListAsync(h.Get<WebhookDeadLetters>().ReprocessAsync(new NoReader()));
        return Assert.Single(outcomes);
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    /// <summary>A reader for the gateway that must never be asked: the dead letters here are the processor's own.</summary>
    private sealed class NoReader : IWebhookReader
    {
        public string GatewayName => Source;

        public string Provider => "test";

        public ValueTask<WebhookReadResult> ReadAsync(WebhookRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<WebhookReadResult> ReadItemAsync(string rawItem, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    /// <summary>The in-memory link store, refusing every new link (as for a value it does not keep) while <see cref="Refuse"/>.</summary>
    private sealed class RefusingLinks : IIdentityLinkStore
    {
        private readonly InMemoryIdentityLinkStore _inner = new();

        public bool Refuse { get; set; } = true;

        public ValueTask<bool> LinkAsync(IdentityLink link, CancellationToken cancellationToken = default) =>
            Refuse ? throw new ArgumentException("The link holds a value the store does not keep.", nameof(link)) : _inner.LinkAsync(link, cancellationToken);

        public ValueTask<int> RevokeAsync(WhatsAppIdentifier first, WhatsAppIdentifier second, DateTimeOffset at, CancellationToken cancellationToken = default) =>
            _inner.RevokeAsync(first, second, at, cancellationToken);

        public ValueTask<IReadOnlyList<IdentityLink>> GetLinksAsync(WhatsAppIdentifier identifier, CancellationToken cancellationToken = default) =>
            _inner.GetLinksAsync(identifier, cancellationToken);

        public ValueTask<IReadOnlyDictionary<WhatsAppIdentifier, IReadOnlyList<IdentityLink>>> GetLinksAsync(IReadOnlyCollection<WhatsAppIdentifier> identifiers, CancellationToken cancellationToken = default) =>
            _inner.GetLinksAsync(identifiers, cancellationToken);

        public ValueTask<int> EraseAsync(WhatsAppIdentifier identifier, CancellationToken cancellationToken = default) =>
            _inner.EraseAsync(identifier, cancellationToken);
    }

    /// <summary>The in-memory window store, unreachable for one person while <see cref="FailFor"/> names them.</summary>
    private sealed class FailingWindows : IConversationWindowStore
    {
        private IConversationWindowStore _inner = null!;

        public WhatsAppIdentifier? FailFor { get; set; }

        /// <summary>Registers this store over the in-memory one.</summary>
        public void Register(IServiceCollection services) => services.AddSingleton<IConversationWindowStore>(sp =>
        {
            _inner = new InMemoryConversationWindowStore(sp.GetRequiredService<IOptions<WhatsAppComplianceOptions>>());
            return this;
        });

        public ValueTask<ConversationWindow?> GetAsync(WhatsAppNumber business, WhatsAppIdentifier user, CancellationToken cancellationToken = default) =>
            _inner.GetAsync(business, user, cancellationToken);

        public ValueTask<IReadOnlyDictionary<WhatsAppIdentifier, ConversationWindow>> GetManyAsync(WhatsAppNumber business, IReadOnlyCollection<WhatsAppIdentifier> users, CancellationToken cancellationToken = default) =>
            _inner.GetManyAsync(business, users, cancellationToken);

        public ValueTask<ConversationWindow> RecordInboundAsync(WhatsAppNumber business, WhatsAppIdentifier user, DateTimeOffset at, InboundOrigin origin = InboundOrigin.Organic, CancellationToken cancellationToken = default) =>
            user == FailFor ? throw new InvalidOperationException("The store is unreachable.") : _inner.RecordInboundAsync(business, user, at, origin, cancellationToken);

        public ValueTask<ConversationWindow?> RecordBusinessReplyAsync(WhatsAppNumber business, WhatsAppIdentifier user, DateTimeOffset at, CancellationToken cancellationToken = default) =>
            _inner.RecordBusinessReplyAsync(business, user, at, cancellationToken);

        public ValueTask<ConversationWindow?> CloseAsync(WhatsAppNumber business, WhatsAppIdentifier user, DateTimeOffset at, CancellationToken cancellationToken = default) =>
            _inner.CloseAsync(business, user, at, cancellationToken);

        public ValueTask<IReadOnlyList<ConversationWindow>> GetByUserAsync(WhatsAppIdentifier user, CancellationToken cancellationToken = default) =>
            _inner.GetByUserAsync(user, cancellationToken);

        public ValueTask<int> RemoveUserAsync(WhatsAppIdentifier user, CancellationToken cancellationToken = default) =>
            _inner.RemoveUserAsync(user, cancellationToken);
    }
}
