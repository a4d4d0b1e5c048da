using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using WaCompliance.Messaging;
using WaCompliance.Policy;

namespace WaCompliance.Benchmarks;

/// <summary>
/// Issue figure: campaign preflight with batched prefetch, 100,000 recipients at most 5 s on SQLite and 10 s on
/// PostgreSQL; and how the time grows from 10,000 to 100,000 to 1,000,000. One operation is the whole
/// <c>EvaluateManyAsync</c> run over a utility campaign to every seeded person (all allowed).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public abstract class StorageCampaignPreflightBenchmarks
{
    private StorageTarget _target = null!;
    private PolicyBenchmarkSetup _setup = null!;
    private ICompliancePolicy _policy = null!;
    private OutboundMessage[] _messages = [];

    /// <summary>10,000, 100,000 and 1,000,000, or the comma-separated counts in <c>WACOMPLIANCE_BENCH_RECIPIENTS</c>.</summary>
    [ParamsSource(nameof(RecipientCounts))]
    public int Recipients { get; set; }

    public static IEnumerable<int> RecipientCounts() =>
        Environment.GetEnvironmentVariable("WACOMPLIANCE_BENCH_RECIPIENTS") is { Length: > 0 } counts
            ? counts.Split(',').Select(c => int.Parse(c, System.Globalization.CultureInfo.InvariantCulture))
            : [10_000, 100_000, 1_000_000];

    private protected abstract StorageTarget CreateTarget();

    [GlobalSetup]
    public void Setup()
    {
        _target = CreateTarget();
        _setup = new PolicyBenchmarkSetup(Recipients, storage: _target.Use);
        _target.AfterSeeding();
        _policy = _setup.Get<ICompliancePolicy>();
        _messages = _setup.UtilityCampaign(Recipients);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _setup.Dispose();
        _target.Dispose();
    }

    [Benchmark]
    public int Preflight_UtilityCampaign()
    {
        var allowed = 0;
        var decisions = _policy.EvaluateManyAsync(_messages, PolicyBenchmarkSetup.Noon).GetAsyncEnumerator();
        try
        {
            while (decisions.MoveNextAsync().AsTask().GetAwaiter().GetResult())
            {
                if (decisions.Current.IsAllowed)
                {
                    allowed++;
                }
            }
        }
        finally
        {
            decisions.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        return allowed == _messages.Length ? allowed : throw new InvalidOperationException($"{allowed} of {_messages.Length} allowed");
    }
}

/// <summary>Campaign preflight on SQLite stores.</summary>
public class SqliteCampaignPreflightBenchmarks : StorageCampaignPreflightBenchmarks
{
    private protected override StorageTarget CreateTarget() => StorageTarget.Sqlite();
}

/// <summary>Campaign preflight on PostgreSQL stores.</summary>
public class PostgreSqlCampaignPreflightBenchmarks : StorageCampaignPreflightBenchmarks
{
    private protected override StorageTarget CreateTarget() => StorageTarget.PostgreSql();
}
