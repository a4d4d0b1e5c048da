using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using WaCompliance.Messaging;
using WaCompliance.Policy;

namespace WaCompliance.Benchmarks;

/// <summary>Issue figure: EvaluateManyAsync over 1,000,000 messages, in-memory stores, at most 2 s on this 2-core machine.</summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class CampaignEvaluationBenchmarks
{
    private PolicyBenchmarkSetup _setup = null!;
    private ICompliancePolicy _policy = null!;
    private OutboundMessage[] _messages = [];

    [Params(1_000_000)]
    public int Messages { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _setup = new PolicyBenchmarkSetup(Messages);
        _policy = _setup.Get<ICompliancePolicy>();
        _messages = _setup.People.Select((p, i) => PolicyBenchmarkSetup.Utility(p, $"A-{i}")).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _setup.Dispose();

    [Benchmark]
    public int EvaluateMany_UtilityCampaign()
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
