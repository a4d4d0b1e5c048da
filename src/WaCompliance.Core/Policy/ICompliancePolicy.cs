using WaCompliance.Messaging;

namespace WaCompliance.Policy;

/// <summary>
/// Decides, message by message, whether a message may be sent: every rule of the enabled packs, one decision with
/// every violation. The same engine answers dry runs for another instant ("would this be allowed at 21:05 in São
/// Paulo?") and whole campaigns.
/// </summary>
public interface ICompliancePolicy
{
    /// <summary>The rules in force, in evaluation order.</summary>
    IReadOnlyList<IComplianceRule> Rules { get; }

    /// <summary>Decides one message now.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The decision.</returns>
    /// <exception cref="ComplianceStateUnavailableException">State could not be read (fail closed).</exception>
    ValueTask<ComplianceDecision> EvaluateAsync(OutboundMessage message, CancellationToken cancellationToken = default);

    /// <summary>Decides one message as of another instant (dry run), with today's state.</summary>
    /// <param name="message">The message.</param>
    /// <param name="asOf">The instant.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The decision.</returns>
    /// <exception cref="ComplianceStateUnavailableException">State could not be read (fail closed).</exception>
    ValueTask<ComplianceDecision> EvaluateAsync(OutboundMessage message, DateTimeOffset asOf, CancellationToken cancellationToken = default);

    /// <summary>
    /// Decides a campaign, streaming one decision per message in input order. State is read in chunks; messages earlier
    /// in the same run count as sent when later ones are decided (caps, limits, duplicates, pair rate).
    /// </summary>
    /// <param name="messages">The messages.</param>
    /// <param name="asOf">The instant, or <see langword="null"/> for now.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The decisions.</returns>
    IAsyncEnumerable<ComplianceDecision> EvaluateManyAsync(IAsyncEnumerable<OutboundMessage> messages, DateTimeOffset? asOf = null, CancellationToken cancellationToken = default);

    /// <summary>Decides a campaign given as a sequence (see the other overload).</summary>
    /// <param name="messages">The messages.</param>
    /// <param name="asOf">The instant, or <see langword="null"/> for now.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The decisions.</returns>
    IAsyncEnumerable<ComplianceDecision> EvaluateManyAsync(IEnumerable<OutboundMessage> messages, DateTimeOffset? asOf = null, CancellationToken cancellationToken = default);
}
