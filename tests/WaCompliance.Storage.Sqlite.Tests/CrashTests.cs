using System.Diagnostics;
using System.Globalization;
using WaCompliance.Conformance;
using WaCompliance.Consent;
using WaCompliance.Privacy;
using Xunit.Abstractions;

namespace WaCompliance.Storage.Sqlite.Tests;

/// <summary>
/// A process appending consent batches is killed while it writes: it stops for good halfway through its third batch,
/// inside the write transaction, and is killed there (by construction, not by timing). The ledger it leaves must
/// verify and hold whole batches only, every record with its personal data.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output) : IDisposable
{
    private const int BatchSize = 2000;

    // Three rounds, restarting on the same file; each kill lands inside the third batch of its round.
    private const int Rounds = 3;
    private const int StopInside = 3;

    private readonly TempDatabase _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task ProcessKilledWhileAppendingBatches_LeavesAVerifiableLedgerWithoutHalfWrittenEvents()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var lastCommitted = await RunAndKillAsync(firstPerson: round * 100_000);

            var (head, records, withPersonalData) = await InspectAsync();
            Assert.Equal((round + 1) * (StopInside - 1) * BatchSize, lastCommitted);
            Assert.True(head == lastCommitted,
                $"Round {round}: the ledger ends at {head}; the last batch committed ended at {lastCommitted}: the half-written batch must roll back.");
            Assert.Equal(head, records);
            Assert.Equal(records, withPersonalData);
            output.WriteLine($"Round {round}: killed halfway through a batch after head {lastCommitted}; the reopened ledger verifies with {head} records.");
        }
    }

    /// <summary>Runs the helper until it stops inside its third batch, then kills it.</summary>
    /// <returns>The head sequence after the last batch it reported committed before it died.</returns>
    private async Task<long> RunAndKillAsync(int firstPerson)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "WaCompliance.Storage.Sqlite.Crash.dll"));
        start.ArgumentList.Add(_file.Path);
        start.ArgumentList.Add(BatchSize.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(firstPerson.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(StopInside.ToString(CultureInfo.InvariantCulture));

        using var child = Process.Start(start) ?? throw new InvalidOperationException("The crash helper did not start.");
        long committed = 0, committedLines = 0;
        var killedInside = false;
        try
        {
            // The helper prints "inside <batch>" and stops there, inside the transaction: kill it then.
            while (await child.StandardOutput.ReadLineAsync() is { } line)
            {
                var parts = line.Split(' ');
                if (parts[0] == "committed")
                {
                    committedLines++;
                    committed = long.Parse(parts[2], CultureInfo.InvariantCulture);
                }
                else if (parts[0] == "inside")
                {
                    child.Kill(entireProcessTree: true);
                    killedInside = true;
                    break;
                }
            }
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill(entireProcessTree: true);
            }

            await child.WaitForExitAsync(CancellationToken.None);
        }

        Assert.True(killedInside, $"The crash helper ended before it stopped inside a batch: {await child.StandardError.ReadToEndAsync()}");
        Assert.True(committedLines >= 2, $"The crash helper stopped early: {await child.StandardError.ReadToEndAsync()}");
        return committed;
    }

    private async Task<(long Head, long Records, long WithPersonalData)> InspectAsync()
    {
        using var database = _file.Open();
        var keys = new HmacSubjectKeyProvider(StoreTestContext.Pepper);
        var store = new SqliteConsentStore(database, keys);
        var ledger = new ConsentLedger(store, keys, TimeProvider.System, new StoreTestContext().Options);

        var result = await ledger.VerifyAsync();
        Assert.True(result.IsValid, string.Join("; ", result.Problems.Select(p => p.Message)));

        long records = 0, withPersonalData = 0;
        await foreach (var record in store.ReadAsync())
        {
            records++;
            if (record.PersonalData is not null)
            {
                withPersonalData++;
            }
        }

        return (result.Head.Sequence, records, withPersonalData);
    }
}
