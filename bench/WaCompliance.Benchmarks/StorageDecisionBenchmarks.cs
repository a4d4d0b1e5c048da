using BenchmarkDotNet.Attributes;
using WaCompliance.Messaging;
using WaCompliance.Policy;

namespace WaCompliance.Benchmarks;

/// <summary>
/// Issue figure: one decision with durable stores, warm cache: at most 50 µs on SQLite and 500 µs on PostgreSQL on
/// loopback. Every pack on, 10,000 people with an opt-in, each decision for the next of 1,000 of them in turn (all
/// allowed), so every store is read for a real person: consent, suppression, window, template, counters, overrides.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public abstract class StorageDecisionBenchmarks
{
    private const int People = 10_000;
    private const int Rotation = 1_000;
    private StorageTarget _target = null!;
    private PolicyBenchmarkSetup _setup = null!;
    private ICompliancePolicy _policy = null!;
    private OutboundMessage[] _marketing = [];
    private OutboundMessage[] _utility = [];
    private int _next;

    private protected abstract StorageTarget CreateTarget();

    [GlobalSetup]
    public void Setup()
    {
        _target = CreateTarget();
        _setup = new PolicyBenchmarkSetup(People, storage: _target.Use);
        _target.AfterSeeding();
        _policy = _setup.Get<ICompliancePolicy>();
        _marketing = _setup.People.Take(Rotation).Select(p => PolicyBenchmarkSetup.Marketing(p)).ToArray();
        _utility = _setup.UtilityCampaign(Rotation);
        for (var i = 0; i < Rotation; i++)
        {
            var marketing = _policy.EvaluateAsync(_marketing[i]).AsTask().GetAwaiter().GetResult();
            var utility = _policy.EvaluateAsync(_utility[i]).AsTask().GetAwaiter().GetResult();
            if (!marketing.IsAllowed || !utility.IsAllowed)
            {
                throw new InvalidOperationException($"The benchmark messages must be allowed: {marketing} / {utility}");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _setup.Dispose();
        _target.Dispose();
    }

    [Benchmark(Baseline = true)]
    public bool Decision_MarketingTemplate_EveryPackOn() => _policy.EvaluateAsync(_marketing[Next()]).GetAwaiter().GetResult().IsAllowed;

    [Benchmark]
    public bool Decision_UtilityTemplate_EveryPackOn() => _policy.EvaluateAsync(_utility[Next()]).GetAwaiter().GetResult().IsAllowed;

    private int Next()
    {
        var next = _next;
        _next = next + 1 == Rotation ? 0 : next + 1;
        return next;
    }
}

/// <summary>One decision on SQLite stores (a file in the temporary folder, WAL mode).</summary>
public class SqliteDecisionBenchmarks : StorageDecisionBenchmarks
{
    private protected override StorageTarget CreateTarget() => StorageTarget.Sqlite();
}

/// <summary>One decision on PostgreSQL stores (loopback server from <c>WACOMPLIANCE_TEST_POSTGRES</c>).</summary>
public class PostgreSqlDecisionBenchmarks : StorageDecisionBenchmarks
{
    private protected override StorageTarget CreateTarget() => StorageTarget.PostgreSql();
}
