using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace WaCompliance.Benchmarks;

/// <summary>Where a storage benchmark keeps its stores: a fresh SQLite file or a fresh PostgreSQL schema, removed afterwards.</summary>
internal abstract class StorageTarget : IDisposable
{
    /// <summary>Points the compliance builder at this target.</summary>
    public abstract void Use(IWhatsAppComplianceBuilder builder);

    public abstract void Dispose();

    /// <summary>
    /// After bulk seeding: brings the planner statistics up to date, as autovacuum would a minute later, so the
    /// measurement is of the steady state and not of plans made for empty tables.
    /// </summary>
    public virtual void AfterSeeding()
    {
    }

    /// <summary>A new SQLite file in the temporary folder (WAL mode, as <c>UseSqlite</c> sets it up).</summary>
    public static StorageTarget Sqlite() => new SqliteTarget();

    /// <summary>A new schema on the server named by <c>WACOMPLIANCE_TEST_POSTGRES</c>.</summary>
    public static StorageTarget PostgreSql() => new PostgreSqlTarget();

    private sealed class SqliteTarget : StorageTarget
    {
        private readonly string _path = Path.Combine(Path.GetTempPath(), $"wacompliance-bench-{Guid.NewGuid():N}.db");

        public override void Use(IWhatsAppComplianceBuilder builder) => builder.UseSqlite($"Data Source={_path}");

        public override void Dispose()
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_path + suffix);
            }
        }
    }

    private sealed class PostgreSqlTarget : StorageTarget
    {
        private readonly string _connectionString = PostgreSqlBenchmarkDatabase.ConnectionString();
        private readonly string _schema = "bench_" + Guid.NewGuid().ToString("N")[..12];

        public override void Use(IWhatsAppComplianceBuilder builder) =>
            builder.UsePostgreSql(_connectionString, options => options.Schema = _schema);

        public override void AfterSeeding()
        {
            using var dataSource = NpgsqlDataSource.Create(_connectionString);
            using var analyze = dataSource.CreateCommand($"SELECT format('ANALYZE %I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname = '{_schema}'");
            var statements = new List<string>();
            using (var reader = analyze.ExecuteReader())
            {
                while (reader.Read())
                {
                    statements.Add(reader.GetString(0));
                }
            }

            foreach (var statement in statements)
            {
                using var command = dataSource.CreateCommand(statement);
                command.ExecuteNonQuery();
            }
        }

        public override void Dispose()
        {
            using var dataSource = NpgsqlDataSource.Create(_connectionString);
            using var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE");
            drop.ExecuteNonQuery();
        }
    }
}
