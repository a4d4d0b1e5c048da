using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WaCompliance.Diagnostics;

namespace WaCompliance.Messaging;

/// <summary>
/// Runs <see cref="SendRecovery"/> once the host has started (after every hosted service's start, so storage
/// migrations have run), when <see cref="SendingOptions.RecoverOnStart"/> is on. A failure is logged, not thrown:
/// nothing is sent while the store fails anyway, and the next pass retries.
/// </summary>
internal sealed class SendRecoveryHostedService(
    SendRecovery recovery,
    IOptions<WhatsAppComplianceOptions> options,
    ILogger<SendRecoveryHostedService>? logger = null) : IHostedLifecycleService
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Sending.RecoverOnStart)
        {
            return;
        }

        try
        {
            await recovery.RecoverAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.RecoveryFailed(_logger, e.GetType().Name);
        }
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
