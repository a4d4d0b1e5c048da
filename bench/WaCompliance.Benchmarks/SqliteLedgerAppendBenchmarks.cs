using BenchmarkDotNet.Attributes;
using WaCompliance.Consent;

namespace WaCompliance.Benchmarks;

/// <summary>
/// Issue figures: consent ledger appends to a SQLite file (WAL, synchronous=NORMAL), each event validated, keyed,
/// hash-chained and stored with its personal data. Targets: at least 5,000 events/s one by one and 50,000 events/s
/// in batches of 1,000. The Op/s column is events per second (batched: one operation is one event).
/// <c>Ledger_*</c> go through <see cref="ConsentLedger"/> (validation, HMAC keying, salt and personal-data digest in
/// Core, then the store); <c>Store_*</c> hand already prepared records to <see cref="IConsentStore.AppendAsync"/>:
/// sealing (SHA-256 chain) and the SQLite transaction only.
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
    private PendingConsentRecord[] _pending = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _database = new SqliteBenchmarkDatabase();
        var numbers = SqliteBenchmarkDatabase.Numbers(100_000);
        _events = numbers.Select(SqliteBenchmarkDatabase.OptIn).ToArray();
        _pending = numbers.Select(n => SqliteBenchmarkDatabase.Pending(n, _database.Keys)).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _database.Dispose();

    [Benchmark]
    public long Ledger_OneByOne() =>
        _database.Ledger.RecordAsync(NextEvent()).AsTask().GetAwaiter().GetResult().Sequence;

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int Ledger_BatchOf1000()
    {
        var batch = new ConsentEvent[BatchSize];
        for (var i = 0; i < batch.Length; i++)
        {
            batch[i] = NextEvent();
        }

        return _database.Ledger.RecordManyAsync(batch).AsTask().GetAwaiter().GetResult().Recorded.Count;
    }

    [Benchmark]
    public long Store_OneByOne() =>
        _database.Store.AppendAsync([NextPending()]).AsTask().GetAwaiter().GetResult()[0].Sequence;

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int Store_BatchOf1000()
    {
        var batch = new PendingConsentRecord[BatchSize];
        for (var i = 0; i < batch.Length; i++)
        {
            batch[i] = NextPending();
        }

        return _database.Store.AppendAsync(batch).AsTask().GetAwaiter().GetResult().Count;
    }

    private PendingConsentRecord NextPending()
    {
        var next = _pending[_next];
        _next = _next + 1 == _pending.Length ? 0 : _next + 1;
        return next;
    }

    private ConsentEvent NextEvent()
    {
        var next = _events[_next];
        _next = _next + 1 == _events.Length ? 0 : _next + 1;
        return next;
    }
}
