using BenchmarkDotNet.Attributes;
using WaCompliance.Consent;
using WaCompliance.Numbers;

namespace WaCompliance.Benchmarks;

/// <summary>
/// Issue figure: current consent state from a warm SQLite ledger of 100,000 subjects (one opt-in each, every tenth
/// opted out since), read through the ledger: key the number, read the subject's records, fold. Also the campaign
/// prefetch: snapshots of 500 people in one query (one operation is one person).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[OperationsPerSecond]
public class SqliteConsentLookupBenchmarks
{
    private const int Subjects = 100_000;
    private const int PrefetchChunk = 500;
    private SqliteBenchmarkDatabase _database = null!;
    private WhatsAppNumber[] _numbers = [];
    private WaCompliance.Identities.WhatsAppIdentifier[] _identifiers = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _database = new SqliteBenchmarkDatabase();
        _numbers = SqliteBenchmarkDatabase.Numbers(Subjects);
        foreach (var chunk in _numbers.Chunk(10_000))
        {
            _database.Ledger.RecordManyAsync(chunk.Select(SqliteBenchmarkDatabase.OptIn)).AsTask().GetAwaiter().GetResult();
        }

        var optOuts = _numbers.Where((_, i) => i % 10 == 0).Select(n => ConsentEvent.OptOut(n, ConsentPurpose.All, ConsentMethod.Keyword));
        _database.Ledger.RecordManyAsync(optOuts).AsTask().GetAwaiter().GetResult();

        // Visit subjects in a scattered order so lookups do not walk the index sequentially.
        new Random(7).Shuffle(_numbers);
        _identifiers = Array.ConvertAll(_numbers, n => (WaCompliance.Identities.WhatsAppIdentifier)n);
        foreach (var number in _numbers.Take(1_000))
        {
            _database.Ledger.GetStateAsync(number, ConsentPurpose.Marketing).AsTask().GetAwaiter().GetResult();
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _database.Dispose();

    [Benchmark]
    public ConsentStatus GetState_Marketing()
    {
        var number = _numbers[_next];
        _next = _next + 1 == _numbers.Length ? 0 : _next + 1;
        return _database.Ledger.GetStateAsync(number, ConsentPurpose.Marketing).AsTask().GetAwaiter().GetResult().Status;
    }

    [Benchmark(OperationsPerInvoke = PrefetchChunk)]
    public int GetSnapshots_500()
    {
        var start = _next;
        _next = (_next + PrefetchChunk) % (_numbers.Length - PrefetchChunk);
        return _database.Ledger.GetSnapshotsAsync(new ArraySegment<WaCompliance.Identities.WhatsAppIdentifier>(_identifiers, start, PrefetchChunk)).AsTask().GetAwaiter().GetResult().Count;
    }
}
