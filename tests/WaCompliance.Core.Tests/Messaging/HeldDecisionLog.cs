using WaCompliance.Conformance;
using WaCompliance.Decisions;

namespace WaCompliance.Tests.Messaging;

/// <summary>A decision log that holds the first append of one key's decision at a gate (after the decision was made, before it is recorded).</summary>
internal sealed class HeldDecisionLog(IDecisionLog inner, string key, Gate gate) : IDecisionLog
{
    private int _held;

    public async ValueTask AppendAsync(IReadOnlyList<DecisionRecord> records, CancellationToken cancellationToken = default)
    {
        if (records.Any(r => r.IdempotencyKey == key) && Interlocked.Exchange(ref _held, 1) == 0)
        {
            await gate.PassAsync();
        }

        await inner.AppendAsync(records, cancellationToken);
    }

    public ValueTask<DecisionRecord?> GetAsync(Guid decisionId, CancellationToken cancellationToken = default) => inner.GetAsync(decisionId, cancellationToken);

    public IAsyncEnumerable<DecisionRecord> QueryAsync(DecisionQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);
}
