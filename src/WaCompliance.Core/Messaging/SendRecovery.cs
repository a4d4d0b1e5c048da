using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WaCompliance.Diagnostics;
using WaCompliance.Idempotency;
using WaCompliance.Internal;
using WaCompliance.Policy;

namespace WaCompliance.Messaging;

/// <summary>
/// The recovery pass of the send path. A claim still in progress after its lease was abandoned (the process stopped
/// between the claim and the outcome, or could not record the outcome); recovery turns it into
/// <see cref="SendStatus.Unknown"/>, never into a resend. Status webhooks reconcile unknown sends by provider id or by
/// the send's reference whenever they arrive (before recovery ran or after); what is still unknown is reported for a
/// decision: reconcile it with the provider, record the outcome (<see cref="IIdempotencyStore.CompleteAsync"/>), or
/// send it again by choice (<see cref="ResendPolicy.IfFailedOrUnknown"/>). It runs once when the host has started
/// (<see cref="SendingOptions.RecoverOnStart"/>) and whenever <see cref="RecoverAsync"/> is called.
/// </summary>
public sealed class SendRecovery
{
    private const int Page = 500;
    private readonly IIdempotencyStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the recovery pass.</summary>
    /// <param name="store">The idempotency store.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger.</param>
    public SendRecovery(IIdempotencyStore store, TimeProvider timeProvider, ILogger<SendRecovery>? logger = null)
    {
        _store = Guard.NotNull(store);
        _time = Guard.NotNull(timeProvider);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Turns every claim whose lease ended into an unknown outcome, then lists the unknown sends that await a decision.
    /// </summary>
    /// <param name="limit">At most this many records in each list of the report (1000).</param>
    /// <param name="cancellationToken">Cancels the pass.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ComplianceStateUnavailableException">The idempotency store failed.</exception>
    public async ValueTask<SendRecoveryReport> RecoverAsync(int limit = 1000, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var now = _time.GetUtcNow();
        try
        {
            // Every abandoned claim becomes unknown, however many there are; the report lists the first ones.
            var expired = new List<SendRecord>();
            IReadOnlyList<SendRecord> page;
            do
            {
                page = await _store.ExpireLeasesAsync(now, Page, cancellationToken).ConfigureAwait(false);
                expired.AddRange(page);
            }
            while (page.Count == Page);

            var unresolved = await _store.GetByStatusAsync(SendStatus.Unknown, limit + 1, cancellationToken).ConfigureAwait(false);
            var report = new SendRecoveryReport
            {
                RecoveredAt = now,
                Expired = [.. expired.Take(limit)],
                Unresolved = [.. unresolved.Take(limit)],
                IsTruncated = expired.Count > limit || unresolved.Count > limit,
            };
            if (report.Expired.Count > 0 || report.Unresolved.Count > 0)
            {
                Log.RecoveryReport(_logger, report.Expired.Count, report.Unresolved.Count);
            }

            return report;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ComplianceStateUnavailableException("idempotency store",
                $"Send recovery could not run: the idempotency store failed with {e.GetType().Name}: {e.Message}", e);
        }
    }
}
