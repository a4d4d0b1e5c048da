using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using WaCompliance.Storage.PostgreSql.Internal;

namespace WaCompliance.Storage.PostgreSql;

/// <summary>
/// Brings the WaCompliance schema in a PostgreSQL database up to date: versioned migrations, applied in order in
/// one transaction, recorded in the <c>schema_version</c> table. Idempotent, and safe when several application
/// instances start at once: they take a transaction-level advisory lock, so one migrates and the others then find
/// the schema current.
/// </summary>
/// <remarks>
/// With <see cref="PostgreSqlStorageOptions.MigrateOnStart"/> (the default) the application migrates at start; call
/// <see cref="MigrateAsync"/> yourself from a deployment step when the application's database user may not change
/// the schema. Resolve it from the service provider after <c>UsePostgreSql</c>, or create one over a data source.
/// </remarks>
public sealed partial class PostgreSqlMigrator
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;
    private readonly int _commandTimeout;
    private readonly ILogger _logger;

    /// <summary>Creates a migrator for a schema in the database of a data source.</summary>
    /// <param name="dataSource">The data source; the migrator does not dispose it.</param>
    /// <param name="schema">The schema name (see <see cref="PostgreSqlStorageOptions.Schema"/>).</param>
    /// <param name="commandTimeout">The command timeout in seconds.</param>
    /// <param name="logger">Logs applied migrations.</param>
    /// <exception cref="ArgumentException">The schema name is not a plain lower-case identifier.</exception>
    public PostgreSqlMigrator(
        NpgsqlDataSource dataSource,
        string schema = PostgreSqlStorageOptions.DefaultSchema,
        int commandTimeout = 30,
        ILogger<PostgreSqlMigrator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _schema = SchemaName.Validate(schema);
        _commandTimeout = commandTimeout;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The schema version this version of the package brings a database to.</summary>
    public static int LatestVersion => Migrations.Latest;

    /// <summary>The schema this migrator manages.</summary>
    public string Schema => _schema;

    /// <summary>Applies every pending migration.</summary>
    /// <param name="cancellationToken">Cancels the migration (nothing is applied then: it is one transaction).</param>
    /// <returns>How many migrations were applied: 0 when the schema was already current.</returns>
    /// <exception cref="PostgresException">The database refused a statement (for example, the user may not create the schema).</exception>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);
        var quoted = $"\"{_schema}\"";

        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock($1)", cancellationToken,
            new NpgsqlParameter<long> { TypedValue = PostgreSqlStorage.AdvisoryLockKey(_schema, "migrate") }).ConfigureAwait(false);

        // Check first: CREATE SCHEMA IF NOT EXISTS still needs the CREATE privilege when the schema exists.
        var schemaExists = (bool)(await ScalarAsync(connection, transaction,
            "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)", cancellationToken,
            new NpgsqlParameter<string> { TypedValue = _schema }).ConfigureAwait(false))!;
        if (!schemaExists)
        {
            await ExecuteAsync(connection, transaction, $"CREATE SCHEMA IF NOT EXISTS {quoted}", cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, transaction, $"""
            CREATE TABLE IF NOT EXISTS {quoted}.schema_version (
                version integer PRIMARY KEY,
                name text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, cancellationToken).ConfigureAwait(false);
        var current = Convert.ToInt32(
            await ScalarAsync(connection, transaction, $"SELECT coalesce(max(version), 0) FROM {quoted}.schema_version", cancellationToken).ConfigureAwait(false),
            CultureInfo.InvariantCulture);

        var applied = 0;
        foreach (var migration in Migrations.All)
        {
            if (migration.Version <= current)
            {
                continue;
            }

            await ExecuteAsync(connection, transaction, migration.Sql.Replace("{schema}", quoted, StringComparison.Ordinal), cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, $"INSERT INTO {quoted}.schema_version (version, name) VALUES ($1, $2)", cancellationToken,
                new NpgsqlParameter<int> { TypedValue = migration.Version },
                new NpgsqlParameter<string> { TypedValue = migration.Name }).ConfigureAwait(false);
            applied++;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (applied > 0)
        {
            MigrationsApplied(_logger, applied, _schema, Migrations.Latest);
        }
        else if (current > Migrations.Latest)
        {
            SchemaNewer(_logger, _schema, current, Migrations.Latest);
        }

        return applied;
    }

    /// <summary>The schema version recorded in the database.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The version, or 0 when the schema was never migrated.</returns>
    public async Task<int> GetVersionAsync(CancellationToken cancellationToken = default)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var exists = await ScalarAsync(connection, null, "SELECT to_regclass($1) IS NOT NULL", cancellationToken,
            new NpgsqlParameter<string> { TypedValue = $"\"{_schema}\".schema_version" }).ConfigureAwait(false);
        if (exists is not true)
        {
            return 0;
        }

        return Convert.ToInt32(
            await ScalarAsync(connection, null, $"SELECT coalesce(max(version), 0) FROM \"{_schema}\".schema_version", cancellationToken).ConfigureAwait(false),
            CultureInfo.InvariantCulture);
    }

    private async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = _commandTimeout };
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.AddRange(parameters);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<object?> ScalarAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = _commandTimeout };
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.AddRange(parameters);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information,
        Message = "Applied {Count} WaCompliance migrations to schema {Schema}; it is now at version {Version}")]
    private static partial void MigrationsApplied(ILogger logger, int count, string schema, int version);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning,
        Message = "Schema {Schema} is at version {Version}, newer than this package knows ({Latest}): it was migrated by a newer release")]
    private static partial void SchemaNewer(ILogger logger, string schema, int version, int latest);
}
