using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace WaCompliance.Providers.Twilio.Tests.Infrastructure;

/// <summary>
/// Runs Prism mock servers for Twilio's official OpenAPI specs (2010 Messages API and Content API v1) on free loopback
/// ports. Requests the stub receives are replayed to them; a 4xx from Prism means the request breaks the spec.
/// In CI (<c>CI=true</c>) a missing Prism fails loudly; locally the fixture installs it with <c>eng/prism.sh install</c>.
/// </summary>
public sealed class PrismFixture : IAsyncLifetime
{
    private readonly List<Process> _processes = [];
    private readonly StringBuilder _output = new();

    public Uri ApiUrl { get; private set; } = null!;

    public Uri ContentUrl { get; private set; } = null!;

    public HttpClient Client { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static string RepoRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "WaCompliance.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("WaCompliance.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string SpecPath(string file) =>
        Path.Combine(RepoRoot, "tests", "WaCompliance.Providers.Twilio.Tests", "Specs", file);

    public async Task InitializeAsync()
    {
        var prism = Path.Combine(RepoRoot, ".tools", "prism", "node_modules", ".bin", "prism");
        if (!File.Exists(prism))
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    $"Prism is not installed at {prism}. CI must run 'eng/prism.sh install' first (test.sh does); the Twilio contract tests never skip.");
            }

            var install = Process.Start(new ProcessStartInfo("bash", [Path.Combine(RepoRoot, "eng", "prism.sh"), "install"])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            var stderr = await install.StandardError.ReadToEndAsync();
            await install.WaitForExitAsync();
            if (install.ExitCode != 0 || !File.Exists(prism))
            {
                throw new InvalidOperationException($"eng/prism.sh install failed ({install.ExitCode}): {stderr}");
            }
        }

        var api = StartAsync(prism, SpecPath("twilio_api_v2010.json"));
        var content = StartAsync(prism, SpecPath("twilio_content_v1.json"));
        ApiUrl = await api;
        ContentUrl = await content;
    }

    public Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
            }

            process.Dispose();
        }

        Client.Dispose();
        return Task.CompletedTask;
    }

    private async Task<Uri> StartAsync(string prism, string spec)
    {
        if (!File.Exists(spec))
        {
            throw new FileNotFoundException("Twilio spec missing from the test project", spec);
        }

        var port = FreePort();
        var url = new Uri($"http://127.0.0.1:{port}");

        // Ready when Prism says it listens (it prints "Prism is listening on <url>"), not after some time has passed:
        // a loaded machine only makes the wait longer. Exiting first is a failure.
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process
        {
            StartInfo = new ProcessStartInfo(prism, ["mock", "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), spec])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            },
            EnableRaisingEvents = true,
        };
        void Read(string? line)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }

            if (line is not null && line.Contains("is listening on", StringComparison.Ordinal))
            {
                listening.TrySetResult();
            }
        }

        process.OutputDataReceived += (_, e) => Read(e.Data);
        process.ErrorDataReceived += (_, e) => Read(e.Data);
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"Prism exited for {spec}: {Output()}"));
        process.Start();
        _processes.Add(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await listening.Task;

        using var response = await Client.GetAsync(url);
        return url; // Any HTTP answer (404 for "/") means it is listening.
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class TwilioHttpCollection : ICollectionFixture<PrismFixture>
{
    public const string Name = "Twilio HTTP (stub + Prism)";
}
