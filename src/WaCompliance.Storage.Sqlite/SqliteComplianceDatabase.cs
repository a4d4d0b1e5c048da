using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SQLitePCL;
using WaCompliance.Policy;
using WaCompliance.Storage.Sqlite.Internal;

namespace WaCompliance.Storage.Sqlite;

/// <summary>
/// One SQLite database file shared by every SQLite store: opens connections, serializes writes and applies the
/// schema migrations. Register it with <c>UseSqlite</c>, or create one to use the stores without dependency injection.
/// </summary>
/// <remarks>
/// <para>Connections stay open between operations and keep their prepared statements: reads take an idle reading
/// connection (a few are kept, the rest closed), writes share one writing connection, so a statement is compiled once
/// per connection rather than once per call. Each connection is set up with <c>busy_timeout</c>, <c>synchronous=FULL</c>,
/// <c>secure_delete=ON</c>, <c>foreign_keys=ON</c>, a 16 MB page cache and a WAL checkpoint every ~40 MB, and the
/// settings are read back (a connection where they are not in force is refused); the database runs in WAL mode, so
/// readers never wait for the writer. Writes run in
/// <c>BEGIN IMMEDIATE</c> transactions: SQLite lets one writer in at a time across every process using the file, and
/// a read-modify-write (the ledger head, an outcome transition) cannot interleave with another. Writers in this
/// process also queue on an in-process gate first, so they do not spin on SQLite's busy handler.</para>
/// <para>Microsoft.Data.Sqlite executes every call synchronously (its asynchronous methods complete synchronously), so
/// the stores call the synchronous methods and return completed tasks.</para>
/// <para>Crash safety: a process killed mid-write leaves no trace of the unfinished transaction (WAL rollback), so
/// a consent batch is in the ledger whole or not at all. <c>synchronous=FULL</c> flushes the WAL at every commit, so a
/// commit that returned also survives a power loss. <see cref="SqliteStorageOptions.OperationalSynchronous"/> may relax
/// the operational stores to <c>NORMAL</c>; consent, opt-outs, identity links, dead letters and erasures stay
/// <c>FULL</c>.</para>
/// <para>The file is checked before every read and after every commit: when it was deleted, renamed or replaced while
/// open (see <see cref="SqliteFileCheck"/>), or its WAL file was deleted, the operation fails with
/// <see cref="ComplianceStateUnavailableException"/>, and so does every later one (until the application restarts on
/// a restored file): a commit into a file no one will open again is not acknowledged.</para>
/// <para>Erasures (<c>secure_delete</c> zeroes deleted rows in the pages) are followed by
/// <c>wal_checkpoint(TRUNCATE)</c>, so no copy of an erased row stays in the WAL file.</para>
/// </remarks>
public sealed class SqliteComplianceDatabase : IDisposable
{
    // Each connection's page cache: appends touch one leaf of the subject index per event, so a larger cache keeps
    // the index's inner pages and recent leaves in memory. 16 MB per pooled connection, allocated as used.
    private const int CacheKilobytes = 16 * 1024;

    // Checkpoint (copy the WAL into the database, with its fsyncs) every ~40 MB of WAL instead of every 4 MB: batch
    // appends write about one index page per event, and checkpoint fsyncs dominated their cost at the default.
    private const int WalAutoCheckpointPages = 10_000;

    // Truncate the WAL back to at most 64 MB after a checkpoint, so the file does not stay at its peak size.
    private const long JournalSizeLimitBytes = 64L * 1024 * 1024;

    private static readonly ConditionalWeakTable<sqlite3, StrongBox<int>> s_initialized = new();

    private readonly string _connectionString;
    private readonly TimeSpan _busyTimeout;
    private readonly bool _migrateOnStart;
    private readonly string _pragmas;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly SemaphoreSlim _readyGate = new(1, 1);
    private readonly SqliteSynchronousMode _operationalSynchronous;
    private readonly ConcurrentBag<SqliteConnection> _readers = [];
    private readonly int _maxIdleReaders = Math.Max(4, Environment.ProcessorCount * 2);
    private SqliteConnection? _writer;
    private SqliteSynchronousMode? _writerSynchronous;
    private string? _path;
    private string? _walPath;
    private volatile string? _fileProblem;
    private int _idleReaders;
    private volatile bool _ready;
    private bool _disposed;

    /// <summary>Creates the database from options (dependency injection).</summary>
    /// <param name="options">The options; validated here too.</param>
    /// <param name="timeProvider">The clock (migration times).</param>
    /// <param name="logger">The logger.</param>
    /// <exception cref="OptionsValidationException">The options are not usable.</exception>
    public SqliteComplianceDatabase(IOptions<SqliteStorageOptions> options, TimeProvider timeProvider, ILogger<SqliteComplianceDatabase>? logger = null)
        : this(options?.Value!, timeProvider, (ILogger?)logger)
    {
    }

    /// <summary>Creates the database from options set in code.</summary>
    /// <param name="options">The options.</param>
    /// <param name="timeProvider">The clock (migration times); <see cref="TimeProvider.System"/> when omitted.</param>
    /// <param name="logger">The logger.</param>
    /// <exception cref="OptionsValidationException">The options are not usable.</exception>
    public SqliteComplianceDatabase(SqliteStorageOptions options, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!SqliteConnectionStrings.TryBuild(options, out var builder, out _))
        {
            var failure = new SqliteStorageOptionsValidator().Validate(null, options);
            throw new OptionsValidationException(Options.DefaultName, typeof(SqliteStorageOptions), failure.Failures ?? []);
        }

        _connectionString = builder.ToString();
        DataSource = builder.DataSource;
        _busyTimeout = options.BusyTimeout;
        _migrateOnStart = options.MigrateOnStart;
        _pragmas = string.Create(CultureInfo.InvariantCulture, $"""
            PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds};
            PRAGMA synchronous = FULL;
            PRAGMA secure_delete = ON;
            PRAGMA foreign_keys = ON;
            PRAGMA cache_size = -{CacheKilobytes};
            PRAGMA wal_autocheckpoint = {WalAutoCheckpointPages};
            PRAGMA journal_size_limit = {JournalSizeLimitBytes};
            """);
        _operationalSynchronous = options.OperationalSynchronous;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The schema version this package needs.</summary>
    public static int LatestSchemaVersion => SqliteSchema.LatestVersion;

    /// <summary>The database file (the connection string's data source; the rest of it is not exposed).</summary>
    public string DataSource { get; }

    /// <summary>Called inside every write transaction, before it commits (tests observe the connection's settings).</summary>
    internal Action<SqliteConnection, SqliteWrite>? WriteObserver { get; set; }

    /// <summary>Called with the connection of every read, before it runs (tests observe the connection's settings).</summary>
    internal Action<SqliteConnection>? ReadObserver { get; set; }

    /// <summary>
    /// Benchmarks only, to measure what durability costs: the <c>synchronous</c> of consent, opt-out and erasure writes
    /// (always <see cref="SqliteSynchronousMode.Full"/> otherwise).
    /// </summary>
    internal SqliteSynchronousMode CriticalSynchronous { get; set; } = SqliteSynchronousMode.Full;

    /// <summary>Benchmarks only, to measure what the check costs: whether the database file is checked (see <see cref="CheckFile"/>).</summary>
    internal bool ChecksFile { get; set; } = true;

    /// <summary>
    /// Applies every pending schema migration, in order, each recorded in the <c>schema_migrations</c> table, and
    /// switches the database to WAL mode. Idempotent; safe when several processes migrate the same file at once (the
    /// migration runs in one <c>BEGIN IMMEDIATE</c> transaction: the others wait, then find nothing left to do).
    /// </summary>
    /// <param name="cancellationToken">Cancels the migration before it starts.</param>
    /// <returns>How many migrations were applied (0 when the schema was up to date).</returns>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var applied = Migrate();
            _ready = true;
            return applied;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>The schema version of the database: the last migration applied, 0 for a new file.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The version.</returns>
    public Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        return Task.FromResult(ReadSchemaVersion(connection, null));
    }

    /// <summary>Closes the pooled connections of this database.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        while (_readers.TryTake(out var reader))
        {
            Close(reader);
        }

        // Callers stop writing before they dispose; a write still running keeps its connection until it ends.
        if (_writeGate.Wait(TimeSpan.FromSeconds(5)))
        {
            if (_writer is { } writer)
            {
                CloseWriter(writer);
            }

            _writeGate.Release();
        }

        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        _writeGate.Dispose();
        _readyGate.Dispose();
    }

    /// <summary>Makes sure the schema is ready: migrates on first use when <see cref="SqliteStorageOptions.MigrateOnStart"/>, else checks the version.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task.</returns>
    internal ValueTask EnsureReadyAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ThrowIfFileLost();
        return _ready ? ValueTask.CompletedTask : new ValueTask(PrepareAsync(cancellationToken));
    }

    /// <summary>Runs a read on its own connection.</summary>
    internal async ValueTask<TResult> ReadAsync<TState, TResult>(
        TState state,
        Func<SqliteConnection, TState, TResult> read,
        CancellationToken cancellationToken)
    {
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var connection = RentReader();
        TResult result;
        try
        {
            CheckFile(connection);
            ReadObserver?.Invoke(connection);
            result = read(connection, state);
        }
        catch
        {
            // The connection's state after a failure is not worth trusting: close it instead of keeping it.
            Close(connection);
            throw;
        }

        ReturnReader(connection);
        return result;
    }

    /// <summary>
    /// Runs a write in a <c>BEGIN IMMEDIATE</c> transaction, after the writers of this process before it; commits when
    /// <paramref name="write"/> returns, rolls back when it throws. The commit is acknowledged only when the file it
    /// went to is still the database file; an erasure then truncates the WAL.
    /// </summary>
    internal async ValueTask<TResult> WriteAsync<TState, TResult>(
        TState state,
        Func<SqliteConnection, SqliteTransaction, TState, TResult> write,
        CancellationToken cancellationToken,
        SqliteWrite kind = SqliteWrite.Critical)
    {
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfFileLost();
            cancellationToken.ThrowIfCancellationRequested();
            var connection = _writer ??= OpenKeepingStatements();
            try
            {
                SetWriterSynchronous(connection, kind == SqliteWrite.Operational ? _operationalSynchronous : CriticalSynchronous);
                TResult result;
                using (var transaction = connection.BeginTransaction(deferred: false))
                {
                    result = write(connection, transaction, state);
                    WriteObserver?.Invoke(connection, kind);
                    transaction.Commit();
                }

                // After the commit: a commit into a deleted or replaced file is never acknowledged.
                CheckFile(connection, afterCommit: true);
                if (kind == SqliteWrite.Erasure)
                {
                    TruncateWal(connection);
                }

                return result;
            }
            catch
            {
                CloseWriter(connection);
                throw;
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Opens a connection set up for the stores (pragmas run once per pooled native connection).</summary>
    /// <returns>The open connection.</returns>
    internal SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            var busyMilliseconds = (int)_busyTimeout.TotalMilliseconds;
            var handle = connection.Handle!;
            if (!s_initialized.TryGetValue(handle, out var box) || box.Value != busyMilliseconds)
            {
                using var command = connection.CreateCommand();
                command.CommandText = _pragmas;
                command.ExecuteNonQuery();
                VerifySettings(connection);
                s_initialized.AddOrUpdate(handle, new StrongBox<int>(busyMilliseconds));
            }

            _path ??= DatabasePath(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>An open connection that keeps its prepared statements (see <see cref="SqliteStatements"/>).</summary>
    private SqliteConnection OpenKeepingStatements()
    {
        var connection = Open();
        SqliteStatements.KeepStatements(connection);
        return connection;
    }

    /// <summary>An idle reading connection, or a new one: reads reuse connections and their prepared statements.</summary>
    private SqliteConnection RentReader()
    {
        if (_readers.TryTake(out var connection))
        {
            Interlocked.Decrement(ref _idleReaders);
            return connection;
        }

        return OpenKeepingStatements();
    }

    private void ReturnReader(SqliteConnection connection)
    {
        if (!_disposed && Interlocked.Increment(ref _idleReaders) <= _maxIdleReaders)
        {
            _readers.Add(connection);
            if (_disposed && _readers.TryTake(out var late))
            {
                // Disposed meanwhile: do not leave an open connection behind.
                Interlocked.Decrement(ref _idleReaders);
                Close(late);
            }

            return;
        }

        Interlocked.Decrement(ref _idleReaders);
        Close(connection);
    }

    /// <summary>
    /// Reads back the settings durability and erasure depend on: a connection where they are not in force (a build of
    /// SQLite that ignores them, a connection string that overrides them) is refused rather than used.
    /// </summary>
    private static void VerifySettings(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous; PRAGMA secure_delete; PRAGMA foreign_keys;";
        using var reader = command.ExecuteReader();
        Span<long> values = stackalloc long[3];
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0 && !reader.NextResult())
            {
                break;
            }

            values[i] = reader.Read() ? reader.GetInt64(0) : -1;
        }

        if (values[0] != 2 || values[1] != 1 || values[2] != 1)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"The SQLite connection did not take the settings the compliance stores need (synchronous = {values[0]}, secure_delete = {values[1]}, foreign_keys = {values[2]}; needed FULL (2), ON (1), ON (1))."));
        }
    }

    private static string? DatabasePath(SqliteConnection connection)
    {
        var path = raw.sqlite3_db_filename(connection.Handle, "main").utf8_to_string();
        return string.IsNullOrEmpty(path) ? null : path;
    }

    /// <summary>Fails when the database file was found deleted or replaced before (the failure is permanent).</summary>
    private void ThrowIfFileLost()
    {
        if (_fileProblem is { } problem)
        {
            throw new ComplianceStateUnavailableException(problem);
        }
    }

    /// <summary>
    /// Fails, now and for every later operation, when the file <paramref name="connection"/> has open is no longer the
    /// database file, or (after a commit in WAL mode) when the WAL file it committed to was deleted.
    /// </summary>
    private void CheckFile(SqliteConnection connection, bool afterCommit = false)
    {
        ThrowIfFileLost();
        if (_path is not { } path || !ChecksFile)
        {
            return;
        }

        string? problem = null;
        if (SqliteFileCheck.HasMoved(connection, path))
        {
            problem = $"The SQLite compliance database file '{path}' was deleted, moved or replaced by another file while it was open: what was written to it since may be lost, and nothing more is read or written through it. Put the database file back (or restore it) and restart the application.";
        }
        else if (afterCommit && _walPath is { } wal && !File.Exists(wal))
        {
            // An open connection keeps the WAL in place (only the last connection to close deletes it): gone means deleted.
            problem = $"The WAL file of the SQLite compliance database '{path}' was deleted while the database was open: the commits in it are lost at the next start, and nothing more is read or written through it. Restore the database and restart the application.";
        }

        if (problem is not null)
        {
            _fileProblem = problem;
            Log.DatabaseFileLost(_logger, path);
            throw new ComplianceStateUnavailableException(problem);
        }
    }

    /// <summary>Sets the writer's <c>synchronous</c> (outside a transaction, where SQLite allows it) when it differs.</summary>
    private void SetWriterSynchronous(SqliteConnection connection, SqliteSynchronousMode mode)
    {
        if (_writerSynchronous == mode)
        {
            return;
        }

        using var lease = SqliteStatements.Command(connection, null, mode == SqliteSynchronousMode.Full ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;");
        lease.Command.ExecuteNonQuery();
        _writerSynchronous = mode;
    }

    /// <summary>Copies the WAL into the database and truncates it to zero bytes, so it keeps no erased row.</summary>
    private void TruncateWal(SqliteConnection connection)
    {
        if (_walPath is null)
        {
            return;
        }

        using var lease = SqliteStatements.Command(connection, null, "PRAGMA wal_checkpoint(TRUNCATE);");
        using var reader = lease.Command.ExecuteReader();
        if (reader.Read() && reader.GetInt64(0) != 0)
        {
            Log.ErasureWalNotTruncated(_logger);
        }
    }

    /// <summary>Closes the writing connection, back at <c>synchronous = FULL</c> for whoever reuses its native connection.</summary>
    private void CloseWriter(SqliteConnection connection)
    {
        if (ReferenceEquals(_writer, connection))
        {
            _writer = null;
        }

        if (_writerSynchronous is not SqliteSynchronousMode.Full and not null)
        {
            try
            {
                using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA synchronous = FULL;";
                command.ExecuteNonQuery();
            }
            catch (SqliteException)
            {
                // Closing anyway; the pooled native connection is set up again before its next use as the writer.
            }
        }

        _writerSynchronous = null;
        Close(connection);
    }

    private static void Close(SqliteConnection connection)
    {
        SqliteStatements.Release(connection);
        connection.Dispose();
    }

    private async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await _readyGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_ready)
            {
                return;
            }

            if (_migrateOnStart)
            {
                await MigrateAsync(cancellationToken).ConfigureAwait(false);
                return;
            }

            using var connection = Open();
            using (var journal = connection.CreateCommand())
            {
                journal.CommandText = "PRAGMA journal_mode;";
                NoteWal(connection, Convert.ToString(journal.ExecuteScalar(), CultureInfo.InvariantCulture));
            }

            var version = ReadSchemaVersion(connection, null);
            if (version < SqliteSchema.LatestVersion)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"The SQLite compliance database is at schema version {version}; this version of WaCompliance.Storage.Sqlite needs version {SqliteSchema.LatestVersion}. Apply the migrations with SqliteComplianceDatabase.MigrateAsync, or set SqliteStorageOptions.MigrateOnStart."));
            }

            ReportVersion(version);
            _ready = true;
        }
        finally
        {
            _readyGate.Release();
        }
    }

    private int Migrate()
    {
        CreateDirectory();
        using var connection = Open();
        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            var mode = Convert.ToString(wal.ExecuteScalar(), CultureInfo.InvariantCulture);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"The SQLite database could not be switched to WAL mode (it is in '{mode}' mode).");
            }
        }

        NoteWal(connection, "wal");

        using var transaction = connection.BeginTransaction(deferred: false);
        Execute(connection, transaction, $"""
            CREATE TABLE IF NOT EXISTS {SqliteSchema.MigrationsTable} (
                version    INTEGER PRIMARY KEY,
                name       TEXT    NOT NULL,
                applied_at INTEGER NOT NULL
            );
            """);
        var current = ReadSchemaVersion(connection, transaction);
        var applied = 0;
        foreach (var migration in SqliteSchema.Migrations)
        {
            if (migration.Version <= current)
            {
                continue;
            }

            Execute(connection, transaction, migration.Sql);
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = $"INSERT INTO {SqliteSchema.MigrationsTable} (version, name, applied_at) VALUES (@version, @name, @at);";
            SqliteValues.Add(record, "@version", migration.Version);
            SqliteValues.Add(record, "@name", migration.Name);
            SqliteValues.Add(record, "@at", SqliteValues.ToMicros(_time.GetUtcNow()));
            record.ExecuteNonQuery();
            applied++;
        }

        transaction.Commit();
        foreach (var migration in SqliteSchema.Migrations.Where(m => m.Version > current))
        {
            Log.MigrationApplied(_logger, migration.Version, migration.Name);
        }

        ReportVersion(Math.Max(current, SqliteSchema.LatestVersion));
        return applied;
    }

    /// <summary>Remembers the WAL file's path when the database is in WAL mode (the file checks look for it).</summary>
    private void NoteWal(SqliteConnection connection, string? journalMode)
    {
        _path ??= DatabasePath(connection);
        if (_path is { } path && string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            _walPath = path + "-wal";
        }
    }

    private void ReportVersion(int version)
    {
        if (version > SqliteSchema.LatestVersion)
        {
            Log.SchemaNewer(_logger, version, SqliteSchema.LatestVersion);
        }
        else
        {
            Log.SchemaUpToDate(_logger, version);
        }
    }

    private void CreateDirectory()
    {
        if (DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(DataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }

    private static int ReadSchemaVersion(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{SqliteSchema.MigrationsTable}';";
        if (Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
        {
            return 0;
        }

        command.CommandText = $"SELECT COALESCE(MAX(version), 0) FROM {SqliteSchema.MigrationsTable};";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
