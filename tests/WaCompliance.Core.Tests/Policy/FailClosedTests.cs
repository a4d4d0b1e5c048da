using Microsoft.Extensions.DependencyInjection;
using Moq;
using WaCompliance.Conformance;
using WaCompliance.Idempotency;
using WaCompliance.Consent;
using WaCompliance.Conversations;
using WaCompliance.Counters;
using WaCompliance.Decisions;
using WaCompliance.Gateways;
using WaCompliance.Identities;
using WaCompliance.Jurisdictions;
using WaCompliance.Messaging;
using WaCompliance.Numbers;
using WaCompliance.Policy;
using WaCompliance.Suppression;
using WaCompliance.Templates;
using static WaCompliance.Tests.ComplianceHarness;

namespace WaCompliance.Tests.Policy;

/// <summary>Any store failing during evaluation: nothing is sent and the caller gets a clear error.</summary>
public sealed class FailClosedTests
{
    public static TheoryData<string, Action<IServiceCollection>> FailingStores() => new()
    {
        { "consent ledger", s => s.AddSingleton(Failing<IConsentLedger>(m =>
        {
            m.Setup(x => x.GetSnapshotAsync(It.IsAny<ResolvedPerson>(), It.IsAny<CancellationToken>())).Throws(new InvalidOperationException("The store is unreachable."));
            return m.Setup(x => x.GetSnapshotAsync(It.IsAny<WhatsAppIdentity>(), It.IsAny<CancellationToken>()));
        })) },
        { "suppression list", s => s.AddSingleton(Failing<ISuppressionList>(m => m.Setup(x => x.FindAsync(It.IsAny<WhatsAppIdentifier>(), It.IsAny<ConsentPurpose>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>())))) },
        { "conversation window store", s => s.AddSingleton(Failing<IConversationWindowStore>(m => m.Setup(x => x.GetAsync(It.IsAny<WhatsAppNumber>(), It.IsAny<WhatsAppIdentifier>(), It.IsAny<CancellationToken>())))) },
        { "message counters", s => s.AddSingleton(Failing<IMessageCounterStore>(m => m.Setup(x => x.GetRecentAsync(It.IsAny<WhatsAppIdentifier>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>())))) },
        { "template catalog", s => s.AddSingleton(Failing<ITemplateCatalog>(m => m.Setup(x => x.GetAsync(It.IsAny<TemplateKey>(), It.IsAny<CancellationToken>())))) },
        { "jurisdiction overrides", s => s.AddSingleton(Failing<IJurisdictionOverrideStore>(m => m.Setup(x => x.GetAsync(It.IsAny<WhatsAppIdentifier>(), It.IsAny<CancellationToken>())))) },
        { "identity links", s => s.AddSingleton(Failing<IIdentityLinkStore>(m => m.Setup(x => x.GetLinksAsync(It.IsAny<IReadOnlyCollection<WhatsAppIdentifier>>(), It.IsAny<CancellationToken>())))) },
    };

    [Theory]
    [MemberData(nameof(FailingStores))]
    public async Task StoreFailing_EvaluationThrowsNamingTheStore(string store, Action<IServiceCollection> failing)
    {
        await using var h = new ComplianceHarness(services: failing);

        var error = await Assert.ThrowsAsync<ComplianceStateUnavailableException>(() => h.Policy.EvaluateAsync(Template()).AsTask());

        Assert.Equal(store, error.Store);
        Assert.Contains("nothing was sent", error.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Theory]
    [MemberData(nameof(FailingStores))]
    public async Task StoreFailing_TheMessengerSendsNothing(string store, Action<IServiceCollection> failing)
    {
        await using var h = new ComplianceHarness(services: failing);

        var error = await Assert.ThrowsAsync<ComplianceStateUnavailableException>(() => h.Messenger.SendAsync(Template()).AsTask());

        Assert.Equal(store, error.Store);
        Assert.Equal(0, h.Gateway.CallCount);
    }

    [Fact]
    public async Task BatchPrefetchFailing_TheBatchStopsAndSendsNothing()
    {
        await using var h = new ComplianceHarness(services: s => s.AddSingleton(
            Failing<ISuppressionList>(m => m.Setup(x => x.GetEntriesAsync(It.IsAny<IReadOnlyCollection<WaCompliance.Identities.WhatsAppIdentifier>>(), It.IsAny<CancellationToken>())))));

        await Assert.ThrowsAsync<ComplianceStateUnavailableException>(async () =>
        {
            await foreach (var _ in h.Messenger.SendManyAsync([Template(), Template()]))
            {
            }
        });
        Assert.Equal(0, h.Gateway.CallCount);
    }

    [Fact]
    public async Task DecisionLogFailing_NothingIsSent()
    {
        await using var h = new ComplianceHarness(services: s => s.AddSingleton(
            Failing<IDecisionLog>(m => m.Setup(x => x.AppendAsync(It.IsAny<IReadOnlyList<DecisionRecord>>(), It.IsAny<CancellationToken>())))));
        await h.InboundAsync(Nz);

        var error = await Assert.ThrowsAsync<ComplianceStateUnavailableException>(() => h.Messenger.SendAsync(Reply(Nz)).AsTask());

        Assert.Equal("decision log", error.Store);
        Assert.Equal(0, h.Gateway.CallCount);
    }

    [Fact]
    public async Task ClaimFailing_NothingIsSentWithoutADurableClaim_AndTheErrorNamesTheIdempotencyStore()
    {
        var store = new GatedIdempotencyStore(new InMemoryIdempotencyStore()) { ClaimFailure = new InvalidOperationException("connection refused") };
        await using var h = await ReadyAsync(s => s.AddSingleton<IIdempotencyStore>(store));

        var error = await Assert.ThrowsAsync<ComplianceStateUnavailableException>(() => h.Messenger.SendAsync(Template() with { IdempotencyKey = "k" }).AsTask());

        Assert.Equal("idempotency store", error.Store);
        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Null(error.SendResult);
        Assert.Equal(0, h.Gateway.CallCount);
    }

    [Fact]
    public async Task ClaimFailing_InACampaign_StopsItBeforeAnyProviderCall()
    {
        var store = new GatedIdempotencyStore(new InMemoryIdempotencyStore()) { ClaimFailure = new InvalidOperationException("connection refused") };
        await using var h = await ReadyAsync(s => s.AddSingleton<IIdempotencyStore>(store));

        var error = await Assert.ThrowsAsync<ComplianceStateUnavailableException>(async () =>
        {
            await foreach (var _ in h.Messenger.SendManyAsync([Template() with { IdempotencyKey = "a" }, Template() with { IdempotencyKey = "b" }]))
            {
            }
        });

        Assert.Equal("idempotency store", error.Store);
        Assert.Equal(0, h.Gateway.CallCount);
    }

    [Fact]
    public async Task OutcomeFailing_AfterTheProviderAccepted_TheErrorCarriesTheSend_AndTheKeyIsNeverSentAgain()
    {
        var store = new GatedIdempotencyStore(new InMemoryIdempotencyStore()) { CompleteFailure = new InvalidOperationException("disk I/O error") };
        await using var h = await ReadyAsync(s => s.AddSingleton<IIdempotencyStore>(store));

        var error = await Assert.ThrowsAsync<ComplianceStateUnavailableException>(() => h.Messenger.SendAsync(Template() with { IdempotencyKey = "k" }).AsTask());

        Assert.Equal("idempotency store", error.Store);
        Assert.Equal((SendResultStatus.Sent, "rec-000001"), (error.SendResult!.Status, error.SendResult.ProviderMessageId));
        var record = (await store.GetAsync("k"))!;
        Assert.Equal((SendStatus.InProgress, error.SendResult.Reference), (record.Status, record.Reference));
        store.CompleteFailure = null;
        Assert.Equal(SendResultStatus.Duplicate, (await h.Messenger.SendAsync(Template() with { IdempotencyKey = "k", Resend = ResendPolicy.IfFailedOrUnknown })).Status);
        Assert.Equal(1, h.Gateway.CallCount);
    }

    [Fact]
    public async Task LedgerWriteFailing_AfterTheProviderSaidThePersonStoppedMarketing_TheErrorNamesTheLedger()
    {
        var ledger = new FailingOptOuts();
        await using var h = new ComplianceHarness(o => o.Policy.QuietHours.International = null, s => s.AddSingleton<IConsentLedger>(sp =>
            ledger.Wrap(ActivatorUtilities.CreateInstance<ConsentLedger>(sp))));
        await h.OptInAsync(Nz, ConsentPurpose.Marketing, ConsentType.Express);
        await h.TemplateAsync("spring_sale", TemplateCategory.Marketing);
        h.Gateway.Then(GatewaySendResult.Refused(new WaCompliance.Gateways.ProviderError(WaCompliance.Gateways.ProviderErrorKind.OptedOut, "131050", "User stopped marketing messages") { HttpStatus = 400 }));

        var error = await Assert.ThrowsAsync<ComplianceStateUnavailableException>(() => h.Messenger.SendAsync(Marketing(Nz) with { IdempotencyKey = "k" }).AsTask());

        Assert.Equal("consent ledger", error.Store);
        Assert.Equal((SendResultStatus.Failed, "OptedOut"), (error.SendResult!.Status, error.SendResult.Error!.Code));
        Assert.Equal((SendStatus.Failed, "OptedOut"), ((await h.Sends.GetAsync("k"))!.Status, (await h.Sends.GetAsync("k"))!.ErrorCode));
    }

    [Fact]
    public async Task CounterWriteFailing_AfterTheSend_TheErrorNamesTheCountersAndCarriesTheSentResult()
    {
        var counters = new Mock<IMessageCounterStore>(MockBehavior.Loose);
        counters.Setup(x => x.GetRecentAsync(It.IsAny<WhatsAppIdentifier>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .Returns(ValueTask.FromResult<IReadOnlyList<MessageCountEntry>>([]));
        counters.Setup(x => x.RecordAsync(It.IsAny<MessageCountEntry>(), It.IsAny<CancellationToken>())).Throws(new InvalidOperationException("The store is unreachable."));
        await using var h = await ReadyAsync(s => s.AddSingleton(counters.Object));

        var error = await Assert.ThrowsAsync<ComplianceStateUnavailableException>(() => h.Messenger.SendAsync(Template() with { IdempotencyKey = "k" }).AsTask());

        Assert.Equal("message counters", error.Store);
        Assert.Equal(SendResultStatus.Sent, error.SendResult!.Status);
        Assert.Equal(SendStatus.Sent, (await h.Sends.GetAsync("k"))!.Status);
    }

    [Fact]
    public async Task CampaignRecheckFailing_TheCampaignStopsBeforeAnyProviderCall()
    {
        // The chunk's prefetch reads the suppression list once; the re-check before the first group of calls fails.
        var suppressions = new FailingSecondRead(new InMemorySuppressionList(new WaCompliance.Privacy.HmacSubjectKeyProvider("harness-pepper-0123456789abcdef0123456789"), TimeProvider.System));
        await using var h = await ReadyAsync(s => s.AddSingleton<ISuppressionList>(suppressions));

        var error = await Assert.ThrowsAsync<ComplianceStateUnavailableException>(async () =>
        {
            await foreach (var _ in h.Messenger.SendManyAsync([Template() with { IdempotencyKey = "a" }]))
            {
            }
        });

        Assert.Equal("suppression list", error.Store);
        Assert.Equal(0, h.Gateway.CallCount);
    }

    private static async Task<ComplianceHarness> ReadyAsync(Action<IServiceCollection> services)
    {
        var h = new ComplianceHarness(o => o.Policy.QuietHours.International = null, services);
        await h.OptInAsync(Nz, ConsentPurpose.Utility);
        await h.TemplateAsync("order_shipped", TemplateCategory.Utility);
        return h;
    }

    /// <summary>A ledger that records everything except opt-outs (the store is gone by then).</summary>
    private sealed class FailingOptOuts
    {
        public IConsentLedger Wrap(IConsentLedger inner)
        {
            var mock = new Mock<IConsentLedger>(MockBehavior.Loose);
            mock.Setup(x => x.RecordAsync(It.IsAny<ConsentEvent>(), It.IsAny<CancellationToken>()))
                .Returns((ConsentEvent e, CancellationToken ct) => e.Action == ConsentAction.OptOut
                    ? ValueTask.FromException<ConsentRecord>(new InvalidOperationException("The store is unreachable."))
                    : inner.RecordAsync(e, ct));
            mock.Setup(x => x.GetSnapshotAsync(It.IsAny<WhatsAppIdentity>(), It.IsAny<CancellationToken>()))
                .Returns((WhatsAppIdentity p, CancellationToken ct) => inner.GetSnapshotAsync(p, ct));
            mock.Setup(x => x.GetSnapshotAsync(It.IsAny<ResolvedPerson>(), It.IsAny<CancellationToken>()))
                .Returns((ResolvedPerson p, CancellationToken ct) => inner.GetSnapshotAsync(p, ct));
            mock.Setup(x => x.GetSnapshotsAsync(It.IsAny<IReadOnlyCollection<WhatsAppIdentifier>>(), It.IsAny<CancellationToken>()))
                .Returns((IReadOnlyCollection<WhatsAppIdentifier> ids, CancellationToken ct) => inner.GetSnapshotsAsync(ids, ct));
            return mock.Object;
        }
    }

    /// <summary>A suppression list whose batch read works once (the campaign's prefetch) and then fails.</summary>
    private sealed class FailingSecondRead(ISuppressionList inner) : ISuppressionList
    {
        private int _reads;

        public ValueTask<SuppressionEntry> AddAsync(WhatsAppIdentifier number, ConsentPurpose purpose, SuppressionReason reason, string? source = null, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default) =>
            inner.AddAsync(number, purpose, reason, source, expiresAt, cancellationToken);

        public ValueTask AddAsync(SuppressionEntry entry, CancellationToken cancellationToken = default) => inner.AddAsync(entry, cancellationToken);

        public ValueTask<bool> RemoveAsync(WhatsAppIdentifier number, ConsentPurpose purpose, SuppressionReason reason, CancellationToken cancellationToken = default) =>
            inner.RemoveAsync(number, purpose, reason, cancellationToken);

        public ValueTask<SuppressionEntry?> FindAsync(WhatsAppIdentifier number, ConsentPurpose purpose, DateTimeOffset asOf, CancellationToken cancellationToken = default) =>
            inner.FindAsync(number, purpose, asOf, cancellationToken);

        public ValueTask<IReadOnlyList<SuppressionEntry>> GetEntriesAsync(WaCompliance.Privacy.SubjectKey subject, CancellationToken cancellationToken = default) =>
            inner.GetEntriesAsync(subject, cancellationToken);

        public ValueTask<IReadOnlyDictionary<WhatsAppIdentifier, IReadOnlyList<SuppressionEntry>>> GetEntriesAsync(IReadOnlyCollection<WhatsAppIdentifier> numbers, CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _reads) == 1
                ? inner.GetEntriesAsync(numbers, cancellationToken)
                : ValueTask.FromException<IReadOnlyDictionary<WhatsAppIdentifier, IReadOnlyList<SuppressionEntry>>>(new InvalidOperationException("The store is unreachable."));
    }

    private static OutboundMessage Template() => Utility(Nz);

    /// <summary>A store whose set-up call throws, as a store that cannot be reached does.</summary>
    private static T Failing<T>(Func<Mock<T>, Moq.Language.IThrows> setup)
        where T : class
    {
        var mock = new Mock<T>(MockBehavior.Loose) { DefaultValue = DefaultValue.Empty };
        setup(mock).Throws(new InvalidOperationException("The store is unreachable."));
        return mock.Object;
    }
}
