using System.Diagnostics;

namespace WaCompliance.Storage.PostgreSql.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the tests run against: the one named by <c>WACOMPLIANCE_TEST_POSTGRES</c> (set by
/// <c>test.sh</c>), or else a throwaway cluster started with <c>eng/postgres.sh</c> for this test run and stopped when
/// it ends. When no server can be had the tests fail, never skip.
/// </summary>
public static class PostgresServer
{
    /// <summary>The environment variable holding the connection string of the server to use.</summary>
    public const string EnvironmentVariable = "WACOMPLIANCE_TEST_POSTGRES";

    private static readonly Lazy<Task<string>> s_connectionString = new(StartAsync);

    /// <summary>The connection string of the server (to its <c>postgres</c> maintenance database).</summary>
    /// <returns>The connection string.</returns>
    public static Task<string> GetConnectionStringAsync() => s_connectionString.Value;

    /// <summary>The repository root (where <c>eng/postgres.sh</c> lives).</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "eng", "postgres.sh")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("eng/postgres.sh was not found above " + AppContext.BaseDirectory);
        }
    }

    private static async Task<string> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var script = Path.Combine(RepositoryRoot, "eng", "postgres.sh");
        var start = new ProcessStartInfo("bash", [script, "start"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash could not be started to run eng/postgres.sh");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var dir = (await stdout).Trim();
        if (process.ExitCode != 0 || dir.Length == 0)
        {
            var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
            throw new InvalidOperationException(
                $"No PostgreSQL server for the tests{(ci ? " (CI=true: PostgreSQL tests never skip)" : string.Empty)}: {EnvironmentVariable} is not set and eng/postgres.sh start failed with exit code {process.ExitCode}: {(await stderr).Trim()}");
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(script, dir);
        return (await File.ReadAllTextAsync(Path.Combine(dir, "connection-string"))).Trim();
    }

    private static void Stop(string script, string dir)
    {
        using var stop = Process.Start(new ProcessStartInfo("bash", [script, "stop", dir]) { UseShellExecute = false });
        stop?.WaitForExit(30_000);
    }
}
