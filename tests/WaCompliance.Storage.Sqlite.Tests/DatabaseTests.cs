using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using WaCompliance.Conformance;
using WaCompliance.Consent;
using WaCompliance.Idempotency;
using WaCompliance.Privacy;

namespace WaCompliance.Storage.Sqlite.Tests;

public sealed class DatabaseTests : IDisposable
{
    private readonly TempDatabase _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task Migrate_NewFile_AppliesEveryMigrationOnceAndSwitchesToWal()
    {
        var database = _file.Open();

        Assert.Equal(SqliteComplianceDatabase.LatestSchemaVersion, await database.MigrateAsync());
        Assert.Equal(0, await database.MigrateAsync());
        Assert.Equal(0, await _file.Open().MigrateAsync());

        Assert.Equal(SqliteComplianceDatabase.LatestSchemaVersion, await database.GetSchemaVersionAsync());
        Assert.Equal("wal", Scalar("PRAGMA journal_mode;"));
        Assert.Equal((long)SqliteComplianceDatabase.LatestSchemaVersion, Scalar("SELECT COUNT(*) FROM schema_migrations;"));
    }

    [Fact]
    public async Task Migrate_ManyInstancesAtOnce_AppliesEachMigrationExactlyOnce()
    {
        var databases = Enumerable.Range(0, 6).Select(_ => _file.Open()).ToArray();
        using var start = new ManualResetEventSlim();

        var migrations = databases.Select(database => Task.Run(async () =>
        {
            start.Wait();
            return await database.MigrateAsync();
        })).ToArray();
        start.Set();

        var applied = await Task.WhenAll(migrations);

        Assert.Equal(SqliteComplianceDatabase.LatestSchemaVersion, applied.Sum());
        Assert.Equal((long)SqliteComplianceDatabase.LatestSchemaVersion, Scalar("SELECT COUNT(*) FROM schema_migrations;"));
    }

    [Fact]
    public async Task Connections_AreSetUpForConcurrentUse()
    {
        var database = _file.Open(configure: options => options.BusyTimeout = TimeSpan.FromMilliseconds(2500));
        await database.MigrateAsync();

        using var connection = database.Open();

        Assert.Equal("wal", Pragma(connection, "journal_mode"));
        Assert.Equal("2500", Pragma(connection, "busy_timeout"));
        Assert.Equal("2", Pragma(connection, "synchronous"));
        Assert.Equal("1", Pragma(connection, "secure_delete"));
        Assert.Equal("1", Pragma(connection, "foreign_keys"));
    }

    [Fact]
    public async Task Write_WhileAnotherProcessHoldsTheWriteLock_WaitsForIt()
    {
        // The longest busy timeout, so no pause of a loaded machine can outlast it: the claim can only wait.
        var database = _file.Open(configure: options => options.BusyTimeout = SqliteStorageOptions.MaxBusyTimeout);
        var store = new SqliteIdempotencyStore(database);
        await database.MigrateAsync();
        using var other = _file.OpenRaw();
        using var transaction = other.BeginTransaction(deferred: false);

        // Microsoft.Data.Sqlite blocks the calling thread while SQLite waits; run the claim on another one. SQLite offers
        // no hook to see the claim waiting, so the pause only gives it time to reach the lock: on a slow machine the test
        // proves less, it cannot fail.
        var claim = Task.Run(() => store.TryClaimAsync("k1", StoreTestContext.Start).AsTask());
        await Task.Delay(300);
        Assert.False(claim.IsCompleted);
        transaction.Commit();

        Assert.True((await claim).IsNew);
    }

    [Fact]
    public async Task Write_WhenTheLockIsHeldLongerThanTheBusyTimeout_FailsInsteadOfWaitingForever()
    {
        var database = _file.Open(configure: options => options.BusyTimeout = TimeSpan.FromSeconds(1));
        var store = new SqliteIdempotencyStore(database);
        await database.MigrateAsync();
        using var other = _file.OpenRaw();
        using var transaction = other.BeginTransaction(deferred: false);

        var stopwatch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<SqliteException>(() => store.TryClaimAsync("k1", StoreTestContext.Start).AsTask());

        Assert.Equal(5, error.SqliteErrorCode);

        // It waited for the busy timeout first (a loaded machine can only make the wait longer, so there is no upper bound).
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromSeconds(0.9), $"The write gave up after {stopwatch.Elapsed}, before the busy timeout.");
    }

    [Theory]
    [InlineData("UPDATE consent_records SET source = 'forged' WHERE sequence = 1;")]
    [InlineData("DELETE FROM consent_records WHERE sequence = 1;")]
    [InlineData("UPDATE consent_personal_data SET ip_address = '198.51.100.1' WHERE sequence = 1;")]
    public async Task Ledger_UpdateOrDeleteThroughSql_IsRefusedByTheAppendOnlyTriggers(string sql)
    {
        await RecordAsync(StoreTestContext.Person(1));
        using var raw = _file.OpenRaw();
        using var command = raw.CreateCommand();
        command.CommandText = sql;

        var error = Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());

        Assert.Contains("only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ledger_SubjectRewrittenInAnotherForm_IsReportedNotSilentlyHidden()
    {
        var person = StoreTestContext.Person(1);
        await RecordAsync(person);
        using (var raw = _file.OpenRaw())
        {
            using var command = raw.CreateCommand();
            command.CommandText = """
                PRAGMA ignore_check_constraints = ON;
                DROP TRIGGER consent_records_no_update;
                UPDATE consent_records SET subject = upper(subject);
                """;
            command.ExecuteNonQuery();
        }

        var (store, ledger) = Ledger();

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ledger.VerifyAsync().AsTask());
        Assert.Contains("Consent record 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(ConsentStatus.None, (await ledger.GetStateAsync(person, ConsentPurpose.Marketing)).Status);
        Assert.Equal(1, (await store.GetHeadAsync()).Sequence);
    }

    [Fact]
    public async Task Ledger_SubjectThatIsNotAKey_IsRefusedByTheSchema()
    {
        await RecordAsync(StoreTestContext.Person(1));
        using var raw = _file.OpenRaw();
        using var command = raw.CreateCommand();
        command.CommandText = """
            INSERT INTO consent_records (sequence, record_id, subject, purpose, action, method, consent_type, lawful_basis,
                captured_at, recorded_at, personal_data_digest, previous_hash, hash)
            SELECT 2, record_id, 'not-a-key', purpose, action, method, consent_type, lawful_basis, captured_at, recorded_at,
                personal_data_digest, hash, hash FROM consent_records WHERE sequence = 1;
            """;

        var error = Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());

        Assert.Contains("CHECK", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reopened_AfterRestart_TheLedgerReadsBackIdenticalAndVerifies()
    {
        var written = new List<ConsentRecord>();
        for (var i = 0; i < 20; i++)
        {
            written.Add(await RecordAsync(StoreTestContext.Person(i % 5)));
        }

        SqliteConnection.ClearAllPools();
        var (store, ledger) = Ledger();
        var read = new List<ConsentRecord>();
        await foreach (var record in store.ReadAsync())
        {
            read.Add(record);
        }

        Assert.Equal(written, read);
        Assert.True((await ledger.VerifyAsync()).IsValid);
    }

    [Fact]
    public async Task ReadAsync_LedgerLongerThanAPage_ReadsEveryRecordInOrder()
    {
        var (_, ledger) = Ledger();
        var events = Enumerable.Range(0, 2_345)
            .Select(i => ConsentEvent.OptIn(StoreTestContext.Person(i), ConsentPurpose.Marketing, ConsentMethod.Import));
        await ledger.RecordManyAsync(events);

        var result = await ledger.VerifyAsync();

        Assert.True(result.IsValid);
        Assert.Equal(2_345, result.RecordsChecked);
    }

    [Fact]
    public async Task Snapshots_ForMoreNumbersThanAChunk_AnswerEveryNumber()
    {
        var (_, ledger) = Ledger();
        await ledger.RecordManyAsync(Enumerable.Range(0, 1_200).Where(i => i % 3 == 0)
            .Select(i => ConsentEvent.OptOut(StoreTestContext.Person(i), ConsentPurpose.All, ConsentMethod.Import)));
        var numbers = Enumerable.Range(0, 1_200).Select(i => (Identities.WhatsAppIdentifier)StoreTestContext.Person(i)).ToArray();

        var snapshots = await ledger.GetSnapshotsAsync(numbers);

        Assert.Equal(1_200, snapshots.Count);
        Assert.All(numbers.Select((number, i) => (i, snapshots[number].GetState(ConsentPurpose.Marketing, StoreTestContext.Start))),
            pair => Assert.Equal(pair.i % 3 == 0 ? ConsentStatus.OptedOut : ConsentStatus.None, pair.Item2.Status));
    }

    private async Task<ConsentRecord> RecordAsync(Numbers.WhatsAppNumber person)
    {
        var (_, ledger) = Ledger();
        return await ledger.RecordAsync(ConsentEvent.OptIn(person, ConsentPurpose.Marketing, ConsentMethod.WebForm,
            new ConsentEvidence("I agree", "v1") { IpAddress = "203.0.113.7" }));
    }

    private (SqliteConsentStore Store, ConsentLedger Ledger) Ledger()
    {
        var context = new StoreTestContext();
        var store = new SqliteConsentStore(_file.Open(context.Time), new HmacSubjectKeyProvider(StoreTestContext.Pepper));
        return (store, new ConsentLedger(store, context.Keys, context.Time, context.Options));
    }

    private object? Scalar(string sql)
    {
        using var raw = _file.OpenRaw();
        using var command = raw.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static string? Pragma(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
