using System.Globalization;
using Npgsql;
using WaCompliance.Storage.PostgreSql.Internal;

namespace WaCompliance.Storage.PostgreSql.Tests.Infrastructure;

/// <summary>
/// A fresh database per test class (random name, dropped afterwards); each test then gets its own schema in it, so
/// tests are isolated and classes run in parallel.
/// </summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    private string? _serverConnectionString;

    /// <summary>The database name.</summary>
    public string DatabaseName { get; } = "wac_test_" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The connection string of the test database.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>A data source on the test database, shared by the class's tests.</summary>
    public NpgsqlDataSource DataSource { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _serverConnectionString = await PostgresServer.GetConnectionStringAsync();
        await using (var server = NpgsqlDataSource.Create(_serverConnectionString))
        {
            await using var create = server.CreateCommand($"CREATE DATABASE \"{DatabaseName}\"");
            await create.ExecuteNonQueryAsync();
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(_serverConnectionString)
        {
            Database = DatabaseName,
            MaxPoolSize = 40,
        }.ConnectionString;
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    /// <summary>A connection string to the test database with a pool of its own (a second "app instance").</summary>
    /// <returns>The connection string.</returns>
    public string SeparateConnectionString() => new NpgsqlConnectionStringBuilder(ConnectionString)
    {
        ApplicationName = "instance-" + Guid.NewGuid().ToString("N")[..6],
    }.ConnectionString;

    /// <summary>A new, not yet migrated schema name.</summary>
    /// <returns>The name.</returns>
    public static string NewSchema() => "t_" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>Storage over a new schema, migrated before first use.</summary>
    /// <returns>The storage.</returns>
    internal PostgreSqlStorage NewStorage() => new(DataSource, ownsDataSource: false, NewSchema(), commandTimeout: 60, migrateBeforeFirstUse: true);

    /// <summary>Runs one SQL statement on the test database.</summary>
    /// <param name="sql">The statement.</param>
    /// <returns>The scalar result.</returns>
    public async Task<object?> ScalarAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>Counts rows.</summary>
    /// <param name="sql">A <c>SELECT count(*) ...</c>.</param>
    /// <returns>The count.</returns>
    public async Task<long> CountAsync(string sql) => Convert.ToInt64(await ScalarAsync(sql), CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (DataSource is not null)
        {
            await DataSource.DisposeAsync();
        }

        if (_serverConnectionString is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var server = NpgsqlDataSource.Create(_serverConnectionString);
            await using var drop = server.CreateCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)");
            await drop.ExecuteNonQueryAsync();
        }
    }
}
