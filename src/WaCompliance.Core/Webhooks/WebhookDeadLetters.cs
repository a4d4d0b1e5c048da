using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WaCompliance.Diagnostics;
using WaCompliance.Internal;

namespace WaCompliance.Webhooks;

/// <summary>
/// Lists and re-processes dead letters: the items of authentic webhook deliveries that could not be read, and the
/// events that were read but could not be applied. After a fix (a new reader version, a corrected configuration, a
/// clock that caught up), <see cref="ReprocessAsync"/> reads each item again with its gateway's reader (an event the
/// processor kept is read back as it was) and applies what it now yields; those that still fail stay, with their
/// attempt counted.
/// </summary>
public sealed class WebhookDeadLetters
{
    private readonly IWebhookDeadLetterStore _store;
    private readonly WebhookProcessor _processor;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the service.</summary>
    /// <param name="store">The dead letters.</param>
    /// <param name="processor">Applies what a dead letter yields once read.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger.</param>
    public WebhookDeadLetters(IWebhookDeadLetterStore store, WebhookProcessor processor, TimeProvider timeProvider, ILogger<WebhookDeadLetters>? logger = null)
    {
        _store = Guard.NotNull(store);
        _processor = Guard.NotNull(processor);
        _time = Guard.NotNull(timeProvider);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The unresolved dead letters, oldest first.</summary>
    /// <param name="source">Only those of this gateway registration, or all.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The dead letters.</returns>
    public IAsyncEnumerable<WebhookDeadLetter> ListAsync(string? source = null, CancellationToken cancellationToken = default) =>
        _store.ListAsync(source, includeResolved: false, cancellationToken);

    /// <summary>Reads again and applies every unresolved dead letter of the reader's gateway registration.</summary>
    /// <param name="reader">The reader of the gateway the dead letters came through.</param>
    /// <param name="cancellationToken">Cancels re-processing (dead letters not reached stay as they are).</param>
    /// <returns>One outcome per dead letter tried.</returns>
    public async IAsyncEnumerable<DeadLetterOutcome> ReprocessAsync(IWebhookReader reader, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Guard.NotNull(reader);
        var pending = new List<WebhookDeadLetter>();
        await foreach (var letter in _store.ListAsync(reader.GatewayName, includeResolved: false, cancellationToken).ConfigureAwait(false))
        {
            pending.Add(letter);
        }

        foreach (var letter in pending)
        {
            IReadOnlyList<WhatsAppEvent> events;
            if (WebhookEventJson.IsEvent(letter.RawItem))
            {
                // An event the processor read but could not apply: it is applied again as it was read.
                events = WebhookEventJson.TryRead(letter.RawItem, out var @event) ? [@event] : [];
                if (events.Count == 0)
                {
                    await _store.RecordAttemptAsync(letter.Id, null, cancellationToken).ConfigureAwait(false);
                    Log.DeadLetterReprocessed(_logger, letter.Source, MalformedItemCodes.BodyUnreadable);
                    yield return new DeadLetterOutcome(letter, false, MalformedItemCodes.BodyUnreadable, []);
                    continue;
                }
            }
            else
            {
                var read = await reader.ReadItemAsync(letter.RawItem, cancellationToken).ConfigureAwait(false);
                if (!read.IsAccepted || read.MalformedItems.Count > 0)
                {
                    await _store.RecordAttemptAsync(letter.Id, null, cancellationToken).ConfigureAwait(false);
                    var reason = read.Rejection?.Code ?? read.MalformedItems[0].Code;
                    Log.DeadLetterReprocessed(_logger, letter.Source, reason);
                    yield return new DeadLetterOutcome(letter, false, reason, []);
                    continue;
                }

                events = read.Events;
            }

            var results = await _processor.ReapplyAsync(events, cancellationToken).ConfigureAwait(false);
            if (results.Any(r => r.Actions.HasFlag(WebhookActions.DeadLettered)))
            {
                await _store.RecordAttemptAsync(letter.Id, null, cancellationToken).ConfigureAwait(false);
                Log.DeadLetterReprocessed(_logger, letter.Source, MalformedItemCodes.ApplyFailed);
                yield return new DeadLetterOutcome(letter, false, MalformedItemCodes.ApplyFailed, results);
                continue;
            }

            await _store.RecordAttemptAsync(letter.Id, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            Log.DeadLetterReprocessed(_logger, letter.Source, "applied");
            yield return new DeadLetterOutcome(letter, true, null, results);
        }
    }
}

/// <summary>What re-processing one dead letter did.</summary>
/// <param name="DeadLetter">The dead letter.</param>
/// <param name="IsResolved">Whether it was read and applied this time.</param>
/// <param name="Code">Why not, when it was not.</param>
/// <param name="Results">What applying its events changed.</param>
public sealed record DeadLetterOutcome(WebhookDeadLetter DeadLetter, bool IsResolved, string? Code, IReadOnlyList<WebhookProcessingResult> Results);
