namespace WaCompliance.Messaging;

/// <summary>
/// Sends WhatsApp messages only when the policy allows them: evaluate, record the decision, claim the idempotency
/// key, send through the sender's gateway with retries, circuit breaker, timeout and throughput limit, record the
/// outcome, and feed provider errors with compliance meaning back into the stores.
/// </summary>
public interface IWhatsAppMessenger
{
    /// <summary>Sends one message if the policy allows it.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the send (before the provider call).</param>
    /// <returns>What happened.</returns>
    ValueTask<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends a batch: decisions are made in chunks with prefetched state, allowed messages are sent with bounded
    /// concurrency, results stream back as they finish (not necessarily in input order).
    /// </summary>
    /// <param name="messages">The messages.</param>
    /// <param name="options">Concurrency and progress.</param>
    /// <param name="cancellationToken">Cancels the batch.</param>
    /// <returns>One result per message.</returns>
    IAsyncEnumerable<SendResult> SendManyAsync(IAsyncEnumerable<OutboundMessage> messages, SendManyOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Sends a batch given as a sequence (see the other overload).</summary>
    /// <param name="messages">The messages.</param>
    /// <param name="options">Concurrency and progress.</param>
    /// <param name="cancellationToken">Cancels the batch.</param>
    /// <returns>One result per message.</returns>
    IAsyncEnumerable<SendResult> SendManyAsync(IEnumerable<OutboundMessage> messages, SendManyOptions? options = null, CancellationToken cancellationToken = default);
}
