using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WaCompliance.Gateways;
using WaCompliance.Idempotency;
using WaCompliance.Messaging;
using WaCompliance.Numbers;
using WaCompliance.Testing;
using WaCompliance.Webhooks;

namespace WaCompliance.Storage.Sqlite.Tests;

/// <summary>
/// A real process sending one message is killed at each step of the send path (it prints the step and stops there for
/// good, so the kill lands exactly at it); a new instance on the same file then recovers. No key reaches the provider
/// twice, and every key ends sent, failed or unknown, never stuck in progress.
/// </summary>
public sealed class SendCrashTests : IDisposable
{
    private const string Key = "crash:1";
    private const string Pepper = "crash-test-pepper-0123456789abcdef0123456789";
    private readonly TempDatabase _file = new();
    private readonly string _providerLog = Path.Combine(Path.GetTempPath(), "wacompliance-sqlite-tests", $"{Guid.NewGuid():N}.provider.log");

    public void Dispose()
    {
        _file.Dispose();
        File.Delete(_providerLog);
    }

    [Theory]
    [InlineData("claimed", 0)]
    [InlineData("called", 1)]
    [InlineData("completing", 1)]
    public async Task ProcessKilledAtAStepOfTheSend_TheKeyEndsUnknownAfterRecovery_AndIsNeverSentTwice(string step, int providerCalls)
    {
        await RunAndKillAtAsync(step);
        Assert.Equal(providerCalls, ProviderLines().Length);

        await using var next = Start(out var gateway);
        Assert.Equal(SendStatus.InProgress, (await next.GetRequiredService<IIdempotencyStore>().GetAsync(Key))!.Status);
        var report = await next.GetRequiredService<SendRecovery>().RecoverAsync();

        var record = Assert.Single(report.Expired);
        Assert.Equal((Key, SendStatus.Unknown), (record.Key, record.Status));
        var again = await next.GetRequiredService<IWhatsAppMessenger>().SendAsync(Message());
        Assert.Equal(SendResultStatus.Duplicate, again.Status);
        Assert.Equal(0, gateway.CallCount);
        Assert.Equal(providerCalls, ProviderLines().Length);
    }

    [Theory]
    [InlineData("called")]
    [InlineData("completing")]
    public async Task ProcessKilledAfterTheProviderTookTheMessage_ItsStatusWebhookReconcilesTheKeyByReference(string step)
    {
        await RunAndKillAtAsync(step);
        var line = Assert.Single(ProviderLines()).Split(' ');
        Assert.Equal(Key, line[0]);

        await using var next = Start(out _);
        await next.GetRequiredService<SendRecovery>().RecoverAsync();
        await next.GetRequiredService<WebhookProcessor>().ProcessAsync(new MessageStatusEvent
        {
            EventId = line[2] + ":delivered",
            Source = "file:main",
            OccurredAt = DateTimeOffset.UtcNow,
            ProviderMessageId = line[2],
            Status = MessageDeliveryStatus.Delivered,
            ClientReference = line[1],
        });

        var record = (await next.GetRequiredService<IIdempotencyStore>().GetAsync(Key))!;
        Assert.Equal((SendStatus.Sent, line[2], line[1]), (record.Status, record.ProviderMessageId, record.Reference));
    }

    private async Task RunAndKillAtAsync(string step)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "WaCompliance.Storage.Sqlite.Crash.dll"), "send", _file.Path, step, _providerLog })
        {
            start.ArgumentList.Add(argument);
        }

        using var child = Process.Start(start) ?? throw new InvalidOperationException("The crash helper did not start.");
        var reached = false;
        try
        {
            // The helper prints each step it reaches and stops for good at the chosen one: kill it there.
            while (await child.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line == step)
                {
                    reached = true;
                    child.Kill(entireProcessTree: true);
                    break;
                }

                Assert.False(line.StartsWith("finished", StringComparison.Ordinal), $"The helper finished instead of stopping at '{step}'.");
            }
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill(entireProcessTree: true);
            }

            await child.WaitForExitAsync();
        }

        Assert.True(reached, $"The helper ended before it reached '{step}': " + await child.StandardError.ReadToEndAsync());
    }

    private string[] ProviderLines() => File.Exists(_providerLog) ? File.ReadAllLines(_providerLog) : [];

    /// <summary>A new instance on the same file, its clock past any lease the dead process took.</summary>
    private ServiceProvider Start(out RecordingMessageGateway gateway)
    {
        gateway = new RecordingMessageGateway("file:main", [WhatsAppNumber.Parse("+14155550100")]);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(1)));
        services.AddWhatsAppCompliance(o =>
        {
            o.BusinessName = "Crash Test Ltd";
            o.Pepper = Pepper;
            o.Policy.QuietHours.International = null;
        }).AddRecordingGateway(gateway).UseSqlite(_file.ConnectionString);
        return services.BuildServiceProvider();
    }

    private static OutboundMessage Message() =>
        OutboundMessage.Template(WhatsAppNumber.Parse("+64211000001"), "order_shipped", "en", MessagePurpose.Utility, ["Aroha", "A-1042"], Key);
}
