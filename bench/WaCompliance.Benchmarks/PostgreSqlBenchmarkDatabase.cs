using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.Options;
using Npgsql;
using WaCompliance.Consent;
using WaCompliance.Numbers;
using WaCompliance.Privacy;
using WaCompliance.Storage.PostgreSql.Internal;
using WaCompliance.Storage.PostgreSql.Stores;

namespace WaCompliance.Benchmarks;

/// <summary>
/// A fresh schema on the PostgreSQL server named by <c>WACOMPLIANCE_TEST_POSTGRES</c> (start one with
/// <c>eng/postgres.sh start</c>), with a ledger over it; the schema is dropped at the end.
/// </summary>
internal sealed class PostgreSqlBenchmarkDatabase : IAsyncDisposable
{
    private const string Pepper = "benchmark-pepper-0123456789abcdef0123";

    private PostgreSqlBenchmarkDatabase(NpgsqlDataSource dataSource, string schema)
    {
        DataSource = dataSource;
        Schema = schema;
        var keys = new HmacSubjectKeyProvider(Pepper);
        var storage = new PostgreSqlStorage(dataSource, ownsDataSource: false, schema, commandTimeout: 300, migrateBeforeFirstUse: true);
        var options = Options.Create(new WhatsAppComplianceOptions { BusinessName = "Acme Ltd", Pepper = Pepper });
        Ledger = new ConsentLedger(new PostgreSqlConsentStore(storage, keys), keys, TimeProvider.System, options);
    }

    public NpgsqlDataSource DataSource { get; }

    public string Schema { get; }

    public ConsentLedger Ledger { get; }

    public static PostgreSqlBenchmarkDatabase Create()
    {
        var schema = "bench_" + Guid.NewGuid().ToString("N")[..12];
        return new PostgreSqlBenchmarkDatabase(DataSources.Create(ConnectionString()), schema);
    }

    /// <summary>The connection string of the benchmark server, from <c>WACOMPLIANCE_TEST_POSTGRES</c>.</summary>
    public static string ConnectionString()
    {
        var connectionString = Environment.GetEnvironmentVariable("WACOMPLIANCE_TEST_POSTGRES");
        return string.IsNullOrWhiteSpace(connectionString)
            ? throw new InvalidOperationException(
                "Set WACOMPLIANCE_TEST_POSTGRES to a PostgreSQL connection string, e.g. from a throwaway cluster: " +
                "d=$(eng/postgres.sh start); export WACOMPLIANCE_TEST_POSTGRES=$(cat $d/connection-string); ...; eng/postgres.sh stop $d")
            : connectionString;
    }

    public static WhatsAppNumber Person(int index) =>
        WhatsAppNumber.Parse(string.Create(CultureInfo.InvariantCulture, $"+6421{1_000_000 + index}"));

    public static ConsentEvent OptIn(WhatsAppNumber number) =>
        ConsentEvent.OptIn(number, ConsentPurpose.Marketing, ConsentMethod.WebForm, new ConsentEvidence("I agree to receive offers from Acme Ltd", "v1")
        {
            IpAddress = "203.0.113.7",
        });

    public async ValueTask DisposeAsync()
    {
        await using (var drop = DataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE"))
        {
            await drop.ExecuteNonQueryAsync();
        }

        await DataSource.DisposeAsync();
    }

    /// <summary>Adds operations per second to the summary.</summary>
    internal sealed class ThroughputConfig : ManualConfig
    {
        public ThroughputConfig()
        {
            AddColumn(StatisticColumn.OperationsPerSecond);
        }
    }
}
