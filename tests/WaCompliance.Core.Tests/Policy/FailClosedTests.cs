using Microsoft.Extensions.DependencyInjection;
using Moq;
using WaCompliance.Consent;
using WaCompliance.Conversations;
using WaCompliance.Counters;
using WaCompliance.Decisions;
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
