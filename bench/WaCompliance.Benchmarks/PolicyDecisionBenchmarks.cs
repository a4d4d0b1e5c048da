using BenchmarkDotNet.Attributes;
using WaCompliance.Messaging;
using WaCompliance.Policy;

namespace WaCompliance.Benchmarks;

/// <summary>
/// Issue figure: one decision, in-memory stores, every pack on, number pre-parsed: median at most 1 µs and at most
/// 512 bytes allocated. A marketing template to a New Zealand number with consent, business-initiated, inside the
/// sending hours: every rule runs, none objects. Beside it, the same utility template to a person known only by a
/// business-scoped user ID (no phone, strictest jurisdiction assumed, one warning).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class PolicyDecisionBenchmarks
{
    private PolicyBenchmarkSetup _setup = null!;
    private ICompliancePolicy _policy = null!;
    private OutboundMessage _marketing = null!;
    private OutboundMessage _utility = null!;
    private OutboundMessage _userIdOnly = null!;

    [GlobalSetup]
    public void Setup()
    {
        _setup = new PolicyBenchmarkSetup(1_000);
        _policy = _setup.Get<ICompliancePolicy>();
        _marketing = PolicyBenchmarkSetup.Marketing(_setup.People[7]);
        _utility = PolicyBenchmarkSetup.Utility(_setup.People[7], "A-1042");
        var userId = Identities.BusinessScopedUserId.Parse("NZ.40000000000000007");
        _setup.Get<Consent.IConsentLedger>().RecordAsync(Consent.ConsentEvent.OptIn(userId, ConsentPurpose.All, Consent.ConsentMethod.WebForm,
            new Consent.ConsentEvidence("Yes, send me order updates from Acme Ltd on WhatsApp.", "form-v3")) with { CapturedAt = PolicyBenchmarkSetup.Noon.AddDays(-1) })
            .AsTask().GetAwaiter().GetResult();
        _userIdOnly = PolicyBenchmarkSetup.Utility(userId, "A-1042");
        if (!_policy.EvaluateAsync(_userIdOnly).AsTask().GetAwaiter().GetResult().IsAllowed)
        {
            throw new InvalidOperationException("The user-ID-only benchmark message must be allowed.");
        }

        var check = _policy.EvaluateAsync(_marketing).AsTask().GetAwaiter().GetResult();
        if (!check.IsAllowed || !_policy.EvaluateAsync(_utility).AsTask().GetAwaiter().GetResult().IsAllowed)
        {
            throw new InvalidOperationException($"The benchmark message must be allowed: {check}");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _setup.Dispose();

    [Benchmark(Baseline = true)]
    public bool Decision_MarketingTemplate_EveryPackOn() => _policy.EvaluateAsync(_marketing).GetAwaiter().GetResult().IsAllowed;

    [Benchmark]
    public bool Decision_UtilityTemplate_EveryPackOn() => _policy.EvaluateAsync(_utility).GetAwaiter().GetResult().IsAllowed;

    [Benchmark]
    public bool Decision_UtilityTemplate_UserIdOnly() => _policy.EvaluateAsync(_userIdOnly).GetAwaiter().GetResult().IsAllowed;
}
