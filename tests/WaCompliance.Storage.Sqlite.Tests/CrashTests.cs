using System.Diagnostics;
using System.Globalization;
using WaCompliance.Conformance;
using WaCompliance.Consent;
using WaCompliance.Privacy;
using Xunit.Abstractions;

namespace WaCompliance.Storage.Sqlite.Tests;

/// <summary>
/// A process appending consent batches is killed while it writes; the ledger it leaves must verify and hold whole
/// batches only, every record with its personal data.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output) : IDisposable
{
    private const int BatchSize = 2000;

    // Three rounds at least (restarting on the same file), more until a kill lands inside a batch.
    private const int MaxRounds = 10;
    private static readonly TimeSpan s_roundTimeout = TimeSpan.FromSeconds(60);

    private readonly TempDatabase _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task ProcessKilledWhileAppendingBatches_LeavesAVerifiableLedgerWithoutHalfWrittenEvents()
    {
        var killedDuringABatch = 0;
        for (var round = 0; round < MaxRounds && (round < 3 || killedDuringABatch == 0); round++)
        {
            var lastCommitted = await RunAndKillAsync(firstPerson: round * 100_000);

            var (head, records, withPersonalData) = await InspectAsync();
            Assert.True(head == lastCommitted || head == lastCommitted + BatchSize,
                $"Round {round}: the ledger ends at {head}; the last batch committed ended at {lastCommitted} and batches hold {BatchSize} events.");
            Assert.Equal(head, records);
            Assert.Equal(records, withPersonalData);
            if (head == lastCommitted)
            {
                killedDuringABatch++;
            }

            output.WriteLine($"Round {round}: killed after head {lastCommitted}; the reopened ledger verifies with {head} records, "
                + (head == lastCommitted ? "the batch under way rolled back." : "the batch under way had committed."));
        }

        // At least one kill landed before the batch under way committed: its events are absent, not half there.
        Assert.True(killedDuringABatch > 0, $"No kill of {MaxRounds} landed while a batch was being written.");
    }

    /// <summary>Runs the helper until it has committed two batches and is writing another, then kills it.</summary>
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

        using var child = Process.Start(start) ?? throw new InvalidOperationException("The crash helper did not start.");
        using var timeout = new CancellationTokenSource(s_roundTimeout);
        long committed = 0, committedLines = 0;
        try
        {
            // Lines are read after the child wrote them and it may be further on: kill at the first "writing" seen after
            // two commits, then read what it wrote before it died to learn the last batch it really committed.
            var killed = false;
            while (await child.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                var parts = line.Split(' ');
                if (parts[0] == "committed")
                {
                    committedLines++;
                    committed = long.Parse(parts[2], CultureInfo.InvariantCulture);
                }
                else if (parts[0] == "writing" && committedLines >= 2 && !killed)
                {
                    child.Kill(entireProcessTree: true);
                    killed = true;
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
