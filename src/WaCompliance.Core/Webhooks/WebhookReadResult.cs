namespace WaCompliance.Webhooks;

/// <summary>What a provider reader made of a webhook request: events, a verification challenge answer, or a rejection.</summary>
public sealed record WebhookReadResult
{
    private WebhookReadResult(IReadOnlyList<WhatsAppEvent> events, WebhookRejection? rejection, string? challengeResponse, IReadOnlyList<MalformedWebhookItem>? malformed = null)
    {
        Events = events;
        MalformedItems = malformed ?? [];
        Rejection = rejection;
        ChallengeResponse = challengeResponse;
    }

    private Func<CancellationToken, ValueTask>? _applied;

    /// <summary>The events (empty when rejected or for a challenge).</summary>
    public IReadOnlyList<WhatsAppEvent> Events { get; }

    /// <summary>
    /// The items of an authentic delivery that could not be read: each becomes a dead letter when processed, and the
    /// delivery is still acknowledged (the provider must not retry what a retry cannot fix).
    /// </summary>
    public IReadOnlyList<MalformedWebhookItem> MalformedItems { get; }

    /// <summary>Why the request was refused, or <see langword="null"/>.</summary>
    public WebhookRejection? Rejection { get; }

    /// <summary>For a subscription verification request (Meta's <c>hub.challenge</c>): the text to answer.</summary>
    public string? ChallengeResponse { get; }

    /// <summary>Whether the request was authentic and understood.</summary>
    public bool IsAccepted => Rejection is null;

    /// <summary>An authentic request with its events.</summary>
    /// <param name="events">The events (may be empty for notifications this SDK does not act on).</param>
    /// <returns>The result.</returns>
    public static WebhookReadResult Accepted(IReadOnlyList<WhatsAppEvent> events) => new(events ?? [], null, null);

    /// <summary>An authentic request with the events read and the items that could not be.</summary>
    /// <param name="events">The events read.</param>
    /// <param name="malformed">The items that could not be read.</param>
    /// <returns>The result.</returns>
    public static WebhookReadResult Accepted(IReadOnlyList<WhatsAppEvent> events, IReadOnlyList<MalformedWebhookItem> malformed) =>
        new(events ?? [], null, null, malformed ?? []);

    /// <summary>
    /// This result, with what its reader does once the delivery has been applied: for example, remember the
    /// delivery's signature so that a replay of it is refused. A reader defers such memory to
    /// <see cref="MarkAppliedAsync"/>, so that a delivery whose processing failed (a store briefly down, answered with
    /// 5xx) is accepted again when the provider delivers it again.
    /// </summary>
    /// <param name="applied">Called once, after the delivery was applied.</param>
    /// <returns>The result.</returns>
    public WebhookReadResult WhenApplied(Func<CancellationToken, ValueTask> applied)
    {
        ArgumentNullException.ThrowIfNull(applied);
        return new WebhookReadResult(Events, Rejection, ChallengeResponse, MalformedItems) { _applied = applied };
    }

    /// <summary>
    /// Tells the reader the delivery was applied: every event applied and every malformed item kept.
    /// <see cref="WebhookProcessor.ProcessAsync(WebhookReadResult, CancellationToken)"/> calls it when it succeeds; a
    /// host that applies the events itself calls it before it acknowledges the delivery. Without it, a reader's replay
    /// protection does not remember the delivery (a redelivery is accepted and deduplicated by event id).
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the reader has taken note.</returns>
    public ValueTask MarkAppliedAsync(CancellationToken cancellationToken = default)
    {
        var applied = Interlocked.Exchange(ref _applied, null);
        return applied is null ? default : applied(cancellationToken);
    }

    /// <summary>A refused request.</summary>
    /// <param name="code">The code (see <see cref="WebhookRejection"/> constants).</param>
    /// <param name="message">The explanation.</param>
    /// <param name="statusCode">The HTTP status to answer.</param>
    /// <returns>The result.</returns>
    public static WebhookReadResult Rejected(string code, string message, int statusCode) => new([], new WebhookRejection(code, message, statusCode), null);

    /// <summary>A verification challenge to answer with the given text.</summary>
    /// <param name="response">The text.</param>
    /// <returns>The result.</returns>
    public static WebhookReadResult Challenge(string response) => new([], null, response);
}
