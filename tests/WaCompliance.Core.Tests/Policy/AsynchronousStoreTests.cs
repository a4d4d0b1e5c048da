using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using WaCompliance.Consent;
using WaCompliance.Conversations;
using WaCompliance.Counters;
using WaCompliance.Jurisdictions;
using WaCompliance.Identities;
using WaCompliance.Numbers;
using WaCompliance.Policy;
using WaCompliance.Suppression;
using WaCompliance.Templates;
using static WaCompliance.Tests.ComplianceHarness;

namespace WaCompliance.Tests.Policy;

/// <summary>
/// A decision reads its stores synchronously while they answer synchronously and continues asynchronously from the
/// first read that does not: every stage's read, when it completes later, gives the same decision, and a read that
/// fails later still names its store.
/// </summary>
public sealed class AsynchronousStoreTests
{
    public static TheoryData<string> Scenarios() => ["utility allowed", "marketing without consent", "reply outside the window", "reply inside the window", "suppressed"];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task EveryStoreAnsweringLater_GivesTheSameDecisionAsStoresAnsweringAtOnce(string scenario)
    {
        var synchronous = await DecideAsync(scenario, yielding: false);
        var asynchronous = await DecideAsync(scenario, yielding: true);

        Assert.Equal(synchronous.Outcome, asynchronous.Outcome);
        Assert.Equal(synchronous.Codes(), asynchronous.Codes());
    }

    public static TheoryData<string, Action<IServiceCollection>> FailingLater() => new()
    {
        { "template catalog", s => s.AddSingleton(FailsLater<ITemplateCatalog, MessageTemplate?>(m => m.Setup(x => x.GetAsync(It.IsAny<TemplateKey>(), It.IsAny<CancellationToken>())))) },
        { "consent ledger", s => s.AddSingleton(FailsLater<IConsentStore, ConsentSnapshot>(m => m.Setup(x => x.GetSnapshotAsync(It.IsAny<WhatsAppIdentifier>(), It.IsAny<CancellationToken>())))) },
        { "suppression list", s => s.AddSingleton(FailsLater<ISuppressionList, SuppressionEntry?>(m => m.Setup(x => x.FindAsync(It.IsAny<WhatsAppIdentifier>(), It.IsAny<ConsentPurpose>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>())))) },
        { "conversation window store", s => s.AddSingleton(FailsLater<IConversationWindowStore, ConversationWindow?>(m => m.Setup(x => x.GetAsync(It.IsAny<WhatsAppNumber>(), It.IsAny<WhatsAppIdentifier>(), It.IsAny<CancellationToken>())))) },
        { "message counters", s => s.AddSingleton(FailsLater<IMessageCounterStore, IReadOnlyList<MessageCountEntry>>(m => m.Setup(x => x.GetRecentAsync(It.IsAny<WhatsAppIdentifier>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>())))) },
        { "jurisdiction overrides", s => s.AddSingleton(FailsLater<IJurisdictionOverrideStore, JurisdictionOverride?>(m => m.Setup(x => x.GetAsync(It.IsAny<WhatsAppIdentifier>(), It.IsAny<CancellationToken>())))) },
    };

    [Theory]
    [MemberData(nameof(FailingLater))]
    public async Task StoreFailingAfterAnsweringLater_EvaluationThrowsNamingTheStore(string store, Action<IServiceCollection> failing)
    {
        await using var h = new ComplianceHarness(services: s =>
        {
            // Stores before the failing one answer later too, so the failure reaches the asynchronous continuation.
            Yielding(s);
            failing(s);
        });

        var error = await Assert.ThrowsAsync<ComplianceStateUnavailableException>(() => h.Policy.EvaluateAsync(Utility(Nz)).AsTask());

        Assert.Equal(store, error.Store);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    private static async Task<ComplianceDecision> DecideAsync(string scenario, bool yielding)
    {
        await using var h = new ComplianceHarness(services: yielding ? Yielding : null);
        await h.OptInAsync(Nz, ConsentPurpose.Utility);
        switch (scenario)
        {
            case "utility allowed":
                return await h.Policy.EvaluateAsync(Utility(Nz));
            case "marketing without consent":
                return await h.Policy.EvaluateAsync(Marketing(Nz));
            case "reply outside the window":
                return await h.Policy.EvaluateAsync(Reply(Nz));
            case "reply inside the window":
                await h.InboundAsync(Nz);
                return await h.Policy.EvaluateAsync(Reply(Nz));
            default:
                await h.Get<ISuppressionList>().AddAsync(Nz, ConsentPurpose.All, SuppressionReason.DoNotContactList);
                return await h.Policy.EvaluateAsync(Utility(Nz));
        }
    }

    // Registers the in-memory stores behind a proxy whose every ValueTask<T> completes only after a yield.
    private static void Yielding(IServiceCollection services)
    {
        services.AddSingleton(sp => YieldingProxy<ITemplateCatalog>.Wrap(ActivatorUtilities.CreateInstance<InMemoryTemplateCatalog>(sp)));
        services.AddSingleton(sp => YieldingProxy<IConsentStore>.Wrap(ActivatorUtilities.CreateInstance<InMemoryConsentStore>(sp)));
        services.AddSingleton(sp => YieldingProxy<ISuppressionList>.Wrap(ActivatorUtilities.CreateInstance<InMemorySuppressionList>(sp)));
        services.AddSingleton(sp => YieldingProxy<IConversationWindowStore>.Wrap(ActivatorUtilities.CreateInstance<InMemoryConversationWindowStore>(sp)));
        services.AddSingleton(sp => YieldingProxy<IMessageCounterStore>.Wrap(ActivatorUtilities.CreateInstance<InMemoryMessageCounterStore>(sp)));
        services.AddSingleton(sp => YieldingProxy<IJurisdictionOverrideStore>.Wrap(ActivatorUtilities.CreateInstance<InMemoryJurisdictionOverrideStore>(sp)));
    }

    private static TStore FailsLater<TStore, TResult>(Func<Mock<TStore>, Moq.Language.Flow.ISetup<TStore, ValueTask<TResult>>> setup)
        where TStore : class
    {
        var mock = new Mock<TStore>(MockBehavior.Loose) { DefaultValue = DefaultValue.Empty };
        setup(mock).Returns(FailAfterYieldAsync<TResult>);
        return mock.Object;
    }

    private static async ValueTask<T> FailAfterYieldAsync<T>()
    {
        await Task.Yield();
        throw new InvalidOperationException("The store is unreachable.");
    }
}

/// <summary>Forwards every call to a store; results of type <see cref="ValueTask{TResult}"/> complete only after a yield.</summary>
public class YieldingProxy<T> : DispatchProxy
    where T : class
{
    private static readonly MethodInfo s_yield = typeof(YieldingProxy<T>).GetMethod(nameof(YieldAsync), BindingFlags.NonPublic | BindingFlags.Static)!;
    private T _inner = null!;

    public static T Wrap(T inner)
    {
        var proxy = Create<T, YieldingProxy<T>>();
        ((YieldingProxy<T>)(object)proxy)._inner = inner;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        object? result;
        try
        {
            result = targetMethod!.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }

        var type = targetMethod.ReturnType;
        return type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>)
            ? s_yield.MakeGenericMethod(type.GetGenericArguments()[0]).Invoke(null, [result])
            : result;
    }

    private static async ValueTask<TResult> YieldAsync<TResult>(ValueTask<TResult> inner)
    {
        await Task.Yield();
        return await inner.ConfigureAwait(false);
    }
}
