using System.Diagnostics;
using WaCompliance.Conformance;
using WaCompliance.Consent;
using WaCompliance.Storage.PostgreSql.Tests.Infrastructure;

namespace WaCompliance.Storage.PostgreSql.Tests;

/// <summary>
/// A process killed while it appends consent batches leaves a ledger that verifies, with no half-written batch and
/// no record without its personal data; the next instance appends after it.
/// </summary>
public sealed class CrashTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private const int BatchSize = 250;

    [Fact]
    public async Task ProcessKilledMidBatch_LeavesAVerifiableLedgerWithoutHalfWrittenEvents()
    {
        var schema = PostgresDatabaseFixture.NewSchema();
        await using (var setup = AppInstance.Start(database.ConnectionString, schema))
        {
            await setup.Get<PostgreSqlMigrator>().MigrateAsync();
        }

        for (var round = 0; round < 3; round++)
        {
            var committed = await RunAndKillAsync(schema, killAfterBatches: 2 + round);
            Assert.True(committed >= 2 + round);
        }

        var records = await database.CountAsync($"SELECT count(*) FROM \"{schema}\".consent_records");
        var withoutPersonalData = await database.CountAsync($"""
            SELECT count(*) FROM "{schema}".consent_records r
            LEFT JOIN "{schema}".consent_personal_data p ON p.record_id = r.record_id
            WHERE p.record_id IS NULL
            """);
        var orphanedPersonalData = await database.CountAsync($"""
            SELECT count(*) FROM "{schema}".consent_personal_data p
            LEFT JOIN "{schema}".consent_records r ON r.record_id = p.record_id
            WHERE r.record_id IS NULL
            """);

        await using var after = AppInstance.Start(database.SeparateConnectionString(), schema);
        var ledger = after.Get<IConsentLedger>();
        var verification = await ledger.VerifyAsync();
        Assert.True(verification.IsValid, string.Join("; ", verification.Problems.Select(p => p.Message)));
        Assert.Equal(records, verification.RecordsChecked);
        Assert.True(records > 0);
        Assert.Equal(0, records % BatchSize);
        Assert.Equal(0, withoutPersonalData);
        Assert.Equal(0, orphanedPersonalData);

        var next = await ledger.RecordAsync(ConsentEvent.OptOut(StoreTestContext.Person(9), ConsentPurpose.All, ConsentMethod.Keyword));
        Assert.Equal(records + 1, next.Sequence);
        Assert.True((await ledger.VerifyAsync()).IsValid);
    }

    /// <summary>Runs the crash child until it reported some committed batches, then kills it while it writes.</summary>
    private async Task<int> RunAndKillAsync(string schema, int killAfterBatches)
    {
        var dll = CrashProgramPath();
        var connectionString = database.SeparateConnectionString();
        var start = new ProcessStartInfo("dotnet", [dll, connectionString, schema, StoreTestContext.Pepper, BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var committed = 0;
        try
        {
            while (committed < killAfterBatches)
            {
                var line = await process.StandardOutput.ReadLineAsync();
                if (line is null)
                {
                    Assert.Fail("The crash child ended before it was killed: " + await process.StandardError.ReadToEndAsync());
                }

                if (line.StartsWith("committed ", StringComparison.Ordinal))
                {
                    committed++;
                }
            }

            // It starts writing the next batch right after printing: the kill lands wherever it is, and whatever it
            // was doing, no half of a batch may remain.
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        // A transaction the dead client left open ends on the server (committed or rolled back) when the server notices:
        // appends hold the ledger's advisory lock, so taking it waits exactly until nothing of the dead client is in flight.
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await using var wait = new Npgsql.NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction) { CommandTimeout = 0 };
            wait.Parameters.Add(new Npgsql.NpgsqlParameter<long> { TypedValue = Internal.PostgreSqlStorage.AdvisoryLockKey(schema, "ledger") });
            await wait.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }

        return committed;
    }

    private static string CrashProgramPath()
    {
        // The test runs from tests/<Tests>/bin/<Configuration>/net10.0/: the child is built beside it by the project reference.
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var path = Path.Combine(PostgresServer.RepositoryRoot, "tests", "WaCompliance.Storage.PostgreSql.Crash", "bin", configuration, framework,
            "WaCompliance.Storage.PostgreSql.Crash.dll");
        Assert.True(File.Exists(path), "The crash child was not built: " + path);
        return path;
    }
}
