using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using WaCompliance.Consent;
using WaCompliance.Conversations;
using WaCompliance.Messaging;
using WaCompliance.Numbers;
using WaCompliance.Policy;
using WaCompliance.Storage.Sqlite;
using WaCompliance.Storage.Sqlite.Internal;

namespace WaCompliance.Benchmarks;

/// <summary>
/// Issue 11 (durability): what <c>synchronous = FULL</c> (a WAL flush at every commit) and the database file check
/// (one <c>stat</c> before each read and after each commit) cost, against the settings before (NORMAL, no check), in
/// one run. A consent append commits one opt-in; a window write is an operational commit (a later inbound message
/// each time, so every commit writes); a consent read is one read; a decision reads every store for one of 10,000
/// people (as <see cref="StorageDecisionBenchmarks"/>); the file check alone is the question asked before a read.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 20)]
public class SqliteDurabilityBenchmarks
{
    private const int People = 10_000;
    private const int Rotation = 1_000;
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"wacompliance-bench-{Guid.NewGuid():N}.db");
    private PolicyBenchmarkSetup _setup = null!;
    private ICompliancePolicy _policy = null!;
    private IConsentLedger _ledger = null!;
    private IConversationWindowStore _windows = null!;
    private OutboundMessage[] _marketing = [];
    private ConsentEvent[] _optIns = [];
    private WhatsAppNumber[] _others = [];
    private SqliteConnection _connection = null!;
    private int _next;
    private int _nextOptIn;
    private long _inboundTicks;

    /// <summary>The <c>synchronous</c> of every commit: NORMAL as before issue 11, FULL as now.</summary>
    [Params(SqliteSynchronousMode.Normal, SqliteSynchronousMode.Full)]
    public SqliteSynchronousMode Synchronous { get; set; }

    /// <summary>Whether the database file is checked (not before issue 11).</summary>
    [Params(false, true)]
    public bool FileCheck { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _setup = new PolicyBenchmarkSetup(People, storage: builder =>
            builder.UseSqlite($"Data Source={_path}", options => options.OperationalSynchronous = Synchronous));
        var database = _setup.Get<SqliteComplianceDatabase>();
        database.CriticalSynchronous = Synchronous;
        database.ChecksFile = FileCheck;
        _policy = _setup.Get<ICompliancePolicy>();
        _ledger = _setup.Get<IConsentLedger>();
        _windows = _setup.Get<IConversationWindowStore>();
        _marketing = _setup.People.Take(Rotation).Select(p => PolicyBenchmarkSetup.Marketing(p)).ToArray();
        _others = Enumerable.Range(0, 200_000)
            .Select(i => WhatsAppNumber.Parse(string.Create(CultureInfo.InvariantCulture, $"+6422{1_000_000 + i}")))
            .ToArray();
        _optIns = _others.Select(SqliteBenchmarkDatabase.OptIn).ToArray();
        _connection = database.Open();
        if (!_policy.EvaluateAsync(_marketing[0]).AsTask().GetAwaiter().GetResult().IsAllowed)
        {
            throw new InvalidOperationException("The benchmark decisions must be allowed.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _connection.Dispose();
        _setup.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }

    [Benchmark]
    public long ConsentAppend_OneOptIn()
    {
        var next = _nextOptIn;
        _nextOptIn = next + 1 == _optIns.Length ? 0 : next + 1;
        return _ledger.RecordAsync(_optIns[next]).AsTask().GetAwaiter().GetResult().Sequence;
    }

    [Benchmark]
    public DateTimeOffset WindowWrite_OneInbound()
    {
        _inboundTicks += TimeSpan.TicksPerMillisecond;
        var at = PolicyBenchmarkSetup.Noon.AddTicks(_inboundTicks);
        return _windows.RecordInboundAsync(PolicyBenchmarkSetup.Business, _others[Next()], at).AsTask().GetAwaiter().GetResult().LastInboundAt;
    }

    [Benchmark]
    public ConsentStatus ConsentRead_OneState() =>
        _ledger.GetStateAsync(_setup.People[Next()], ConsentPurpose.Marketing).AsTask().GetAwaiter().GetResult().Status;

    [Benchmark]
    public bool FileCheck_Alone() => SqliteFileCheck.HasMoved(_connection, _path);

    [Benchmark]
    public bool Decision_MarketingTemplate_EveryPackOn() => _policy.EvaluateAsync(_marketing[Next()]).GetAwaiter().GetResult().IsAllowed;

    private int Next()
    {
        var next = _next;
        _next = next + 1 == Rotation ? 0 : next + 1;
        return next;
    }
}
