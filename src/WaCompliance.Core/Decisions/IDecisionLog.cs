namespace WaCompliance.Decisions;

/// <summary>The append-only log of every compliance decision: the proof of why each message was sent or not.</summary>
public interface IDecisionLog
{
    /// <summary>Appends decisions (one, or a campaign chunk) atomically.</summary>
    /// <param name="records">The decisions.</param>
    /// <param name="cancellationToken">Cancels the append.</param>
    /// <returns>A task that completes when stored.</returns>
    ValueTask AppendAsync(IReadOnlyList<DecisionRecord> records, CancellationToken cancellationToken = default);

    /// <summary>One decision by id.</summary>
    /// <param name="decisionId">The id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The decision, or <see langword="null"/>.</returns>
    ValueTask<DecisionRecord?> GetAsync(Guid decisionId, CancellationToken cancellationToken = default);

    /// <summary>Decisions matching a query, oldest first, at most <see cref="DecisionQuery.Limit"/>.</summary>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The decisions.</returns>
    IAsyncEnumerable<DecisionRecord> QueryAsync(DecisionQuery query, CancellationToken cancellationToken = default);
}
