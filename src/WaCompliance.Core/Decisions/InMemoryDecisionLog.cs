using System.Runtime.CompilerServices;
using WaCompliance.Internal;

namespace WaCompliance.Decisions;

/// <summary>A thread-safe in-memory <see cref="IDecisionLog"/>.</summary>
public sealed class InMemoryDecisionLog : IDecisionLog
{
    private readonly Lock _gate = new();
    private readonly List<DecisionRecord> _records = [];
    private readonly Dictionary<Guid, DecisionRecord> _byId = [];

    /// <summary>How many decisions are held.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _records.Count;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask AppendAsync(IReadOnlyList<DecisionRecord> records, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(records);
        var normalized = new DecisionRecord[records.Count];
        for (var i = 0; i < normalized.Length; i++)
        {
            normalized[i] = DecisionRecords.Normalize(records[i]);
        }

        lock (_gate)
        {
            foreach (var record in normalized)
            {
                if (_byId.TryAdd(record.DecisionId, record))
                {
                    _records.Add(record);
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<DecisionRecord?> GetAsync(Guid decisionId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_byId.GetValueOrDefault(decisionId));
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<DecisionRecord> QueryAsync(DecisionQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Guard.NotNull(query);
        DecisionRecord[] matches;
        lock (_gate)
        {
            matches = _records.Where(query.Matches)
                .OrderBy(r => r.DecidedAt)
                .ThenBy(r => r.DecisionId)
                .Take(Math.Max(0, query.Limit))
                .ToArray();
        }

        foreach (var record in matches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return record;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}
