using WaCompliance.Identities;

namespace WaCompliance.Webhooks;

/// <summary>Keeps webhook items that could not be read or applied, until they are re-processed.</summary>
public interface IWebhookDeadLetterStore
{
    /// <summary>Adds a dead letter; one with the same source and event id already unresolved is not added twice.</summary>
    /// <param name="letter">The dead letter.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether it was added.</returns>
    ValueTask<bool> AddAsync(WebhookDeadLetter letter, CancellationToken cancellationToken = default);

    /// <summary>The dead letters, oldest first.</summary>
    /// <param name="source">Only those of this gateway registration, or all.</param>
    /// <param name="includeResolved">Whether to list those already re-processed.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The dead letters.</returns>
    IAsyncEnumerable<WebhookDeadLetter> ListAsync(string? source = null, bool includeResolved = false, CancellationToken cancellationToken = default);

    /// <summary>Records an attempt to re-process a dead letter, and its success.</summary>
    /// <param name="id">The dead letter.</param>
    /// <param name="resolvedAt">When it was applied; <see langword="null"/> when the attempt failed.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether the dead letter exists.</returns>
    ValueTask<bool> RecordAttemptAsync(Guid id, DateTimeOffset? resolvedAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the dead letters that name a person (erasure): those whose subject is the person and those whose raw
    /// item quotes them (<see cref="WebhookDeadLetterRules.NamesPerson"/>).
    /// </summary>
    /// <param name="subject">The person's identifier.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>How many were deleted.</returns>
    ValueTask<int> EraseAsync(WhatsAppIdentifier subject, CancellationToken cancellationToken = default);
}
