using BenchmarkDotNet.Attributes;
using WaCompliance.Consent;

namespace WaCompliance.Benchmarks;

/// <summary>
/// Issue figures: consent ledger appends to a SQLite file (WAL, synchronous=NORMAL), each event validated, keyed,
/// hash-chained and stored with its personal data. Targets: at least 5,000 events/s one by one and 50,000 events/s
/// in batches of 1,000. The Op/s column is events per second (batched: one operation is one event).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[OperationsPerSecond]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class SqliteLedgerAppendBenchmarks
{
    private const int BatchSize = 1_000;
    private SqliteBenchmarkDatabase _database = null!;
    private ConsentEvent[] _events = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _database = new SqliteBenchmarkDatabase();
        _events = SqliteBenchmarkDatabase.Numbers(100_000).Select(SqliteBenchmarkDatabase.OptIn).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _database.Dispose();

    [Benchmark]
    public long Append_OneByOne() =>
        _database.Ledger.RecordAsync(NextEvent()).AsTask().GetAwaiter().GetResult().Sequence;

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int Append_BatchOf1000()
    {
        var batch = new ConsentEvent[BatchSize];
        for (var i = 0; i < batch.Length; i++)
        {
            batch[i] = NextEvent();
        }

        return _database.Ledger.RecordManyAsync(batch).AsTask().GetAwaiter().GetResult().Recorded.Count;
    }

    private ConsentEvent NextEvent()
    {
        var next = _events[_next];
        _next = _next + 1 == _events.Length ? 0 : _next + 1;
        return next;
    }
}
