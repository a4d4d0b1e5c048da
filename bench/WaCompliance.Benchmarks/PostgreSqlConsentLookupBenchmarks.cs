using BenchmarkDotNet.Attributes;
using WaCompliance.Consent;
using WaCompliance.Numbers;

namespace WaCompliance.Benchmarks;

/// <summary>
/// Consent state lookups against PostgreSQL on loopback, ledger holding 100,000 subjects (one in ten opted out):
/// one person (one round trip), and campaign prefetch of 1,000 people (one round trip; time per person).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[Config(typeof(PostgreSqlBenchmarkDatabase.ThroughputConfig))]
public class PostgreSqlConsentLookupBenchmarks
{
    private const int Subjects = 100_000;
    private const int Chunk = 1_000;
    private PostgreSqlBenchmarkDatabase _database = null!;
    private WhatsAppNumber[] _numbers = [];
    private WaCompliance.Identities.WhatsAppIdentifier[] _identifiers = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _database = PostgreSqlBenchmarkDatabase.Create();
        _numbers = Enumerable.Range(0, Subjects).Select(PostgreSqlBenchmarkDatabase.Person).ToArray();
        foreach (var chunk in _numbers.Chunk(5_000))
        {
            var events = chunk.Select((n, i) => i % 10 == 0
                ? ConsentEvent.OptOut(n, ConsentPurpose.All, ConsentMethod.Keyword)
                : PostgreSqlBenchmarkDatabase.OptIn(n));
            _database.Ledger.RecordManyAsync(events).AsTask().GetAwaiter().GetResult();
        }

        using (var analyze = _database.DataSource.CreateCommand($"ANALYZE \"{_database.Schema}\".consent_records"))
        {
            analyze.ExecuteNonQuery();
        }

        // Visit subjects in a scattered order.
        new Random(7).Shuffle(_numbers);
        _identifiers = Array.ConvertAll(_numbers, n => (WaCompliance.Identities.WhatsAppIdentifier)n);
    }

    [GlobalCleanup]
    public void Cleanup() => _database.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public async Task<ConsentStatus> GetState_Marketing()
    {
        var number = _numbers[_next];
        _next = _next + 1 == _numbers.Length ? 0 : _next + 1;
        return (await _database.Ledger.GetStateAsync(number, ConsentPurpose.Marketing)).Status;
    }

    [Benchmark(OperationsPerInvoke = Chunk)]
    public async Task<int> GetSnapshots_PrefetchOf1000()
    {
        var start = _next;
        _next = (_next + Chunk) % (_numbers.Length - Chunk);
        var snapshots = await _database.Ledger.GetSnapshotsAsync(new ArraySegment<WaCompliance.Identities.WhatsAppIdentifier>(_identifiers, start, Chunk));
        return snapshots.Count;
    }
}
