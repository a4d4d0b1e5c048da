using BenchmarkDotNet.Attributes;
using WaCompliance.Consent;
using WaCompliance.Numbers;

namespace WaCompliance.Benchmarks;

/// <summary>
/// Consent ledger appends to PostgreSQL on loopback, each event with personal data: one by one (one transaction and
/// one round trip per event) and in batches of 1,000 (one round trip per batch). Op/s is events per second.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[Config(typeof(PostgreSqlBenchmarkDatabase.ThroughputConfig))]
public class PostgreSqlLedgerAppendBenchmarks
{
    private const int Batch = 1_000;
    private const int People = 200_000;
    private PostgreSqlBenchmarkDatabase _database = null!;
    private WhatsAppNumber[] _people = [];
    private ConsentEvent[] _batch = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _database = PostgreSqlBenchmarkDatabase.Create();
        _people = Enumerable.Range(0, People).Select(PostgreSqlBenchmarkDatabase.Person).ToArray();
        _batch = new ConsentEvent[Batch];
        _database.Ledger.RecordAsync(PostgreSqlBenchmarkDatabase.OptIn(_people[0])).AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _database.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public async Task<long> AppendOne()
    {
        var record = await _database.Ledger.RecordAsync(PostgreSqlBenchmarkDatabase.OptIn(NextPerson()));
        return record.Sequence;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task<int> AppendBatchOf1000()
    {
        for (var i = 0; i < Batch; i++)
        {
            _batch[i] = PostgreSqlBenchmarkDatabase.OptIn(NextPerson());
        }

        var result = await _database.Ledger.RecordManyAsync(_batch);
        return result.Recorded.Count;
    }

    private WhatsAppNumber NextPerson()
    {
        var person = _people[_next];
        _next = _next + 1 == _people.Length ? 0 : _next + 1;
        return person;
    }
}
