using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace WaCompliance.Storage.PostgreSql.Internal;

/// <summary>
/// What every PostgreSQL store shares: the data source, the schema, the command timeout and the one-time migration
/// before first use. One instance per application (a singleton), or one per test.
/// </summary>
internal sealed class PostgreSqlStorage : IAsyncDisposable, IDisposable
{
    private readonly bool _ownsDataSource;
    private readonly SemaphoreSlim _readyGate = new(1, 1);
    private volatile bool _ready;

    public PostgreSqlStorage(NpgsqlDataSource dataSource, bool ownsDataSource, string schema, int commandTimeout, bool migrateBeforeFirstUse, PostgreSqlMigrator? migrator = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        DataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        Schema = SchemaName.Validate(schema);
        CommandTimeout = commandTimeout;
        Migrator = migrator ?? new PostgreSqlMigrator(dataSource, Schema, commandTimeout);
        _ready = !migrateBeforeFirstUse;
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>The validated schema name (safe to write into SQL).</summary>
    public string Schema { get; }

    public int CommandTimeout { get; }

    public PostgreSqlMigrator Migrator { get; }

    /// <summary>Completes at once once the schema is known to be current; migrates first otherwise.</summary>
    public ValueTask EnsureReadyAsync(CancellationToken cancellationToken) =>
        _ready ? ValueTask.CompletedTask : MigrateOnceAsync(cancellationToken);

    /// <summary>Marks the schema as current (after an explicit migration).</summary>
    public void MarkReady() => _ready = true;

    /// <summary>A name qualified with the schema, for example <c>"wacompliance".consent_records</c>.</summary>
    public string Table(string name) => $"\"{Schema}\".{name}";

    /// <summary>A stable 64-bit advisory lock key for a purpose within this schema.</summary>
    public long LockKey(string purpose) => AdvisoryLockKey(Schema, purpose);

    public static long AdvisoryLockKey(string schema, string purpose)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"wacompliance:{purpose}:{schema}"), hash);
        return BinaryPrimitives.ReadInt64BigEndian(hash);
    }

    public NpgsqlCommand Command(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null) =>
        new(sql, connection, transaction) { CommandTimeout = CommandTimeout };

    public NpgsqlBatchCommand BatchCommand(string sql) => new(sql);

    public NpgsqlBatch Batch(NpgsqlConnection connection, NpgsqlTransaction? transaction = null) =>
        new(connection, transaction) { Timeout = CommandTimeout };

    public async ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        return await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _readyGate.Dispose();
        if (_ownsDataSource)
        {
            await DataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _readyGate.Dispose();
        if (_ownsDataSource)
        {
            DataSource.Dispose();
        }
    }

    private async ValueTask MigrateOnceAsync(CancellationToken cancellationToken)
    {
        await _readyGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_ready)
            {
                await Migrator.MigrateAsync(cancellationToken).ConfigureAwait(false);
                _ready = true;
            }
        }
        finally
        {
            _readyGate.Release();
        }
    }
}
