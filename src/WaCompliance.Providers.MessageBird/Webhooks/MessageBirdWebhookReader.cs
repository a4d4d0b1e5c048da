using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using WaCompliance.Numbers;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.MessageBird.Webhooks;

/// <summary>
/// Verifies and reads MessageBird/Bird webhooks. A request signed with <c>messagebird-signature</c> (Bird Channels)
/// is read as a Channels event; one signed with <c>MessageBird-Signature-JWT</c> as a legacy Conversations event.
/// Order: body size, signature over the raw body (constant time), timestamp, replay, then reading. A signature is
/// remembered for replay protection only once its delivery was applied (<see cref="WebhookReadResult.MarkAppliedAsync"/>,
/// which <see cref="WebhookProcessor.ProcessAsync(WebhookReadResult, CancellationToken)"/> calls).
/// </summary>
/// <remarks>
/// Only a request that is too large, unsigned, wrongly signed, stale or replayed is refused. An authentic delivery is
/// always accepted: what can be read becomes events, and every item that cannot be read (or the whole body, when it
/// cannot be split into items) becomes a <see cref="MalformedWebhookItem"/> for the dead-letter store, because Bird
/// retrying a delivery cannot repair it. No other exception leaves <see cref="ReadAsync"/> or
/// <see cref="ReadItemAsync"/>, whatever the headers and body hold.
/// </remarks>
internal sealed class MessageBirdWebhookReader : IWebhookReader
{
    private readonly byte[]? _key;
    private readonly string? _publicUrl;
    private readonly TimeSpan _tolerance;
    private readonly int _maxBodyBytes;
    private readonly ReplayCache? _replays;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Dictionary<string, WhatsAppNumber> _senders;

    public MessageBirdWebhookReader(string gatewayName, MessageBirdOptions options, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gatewayName);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        GatewayName = gatewayName;
        _key = string.IsNullOrEmpty(options.WebhookSigningKey) ? null : Encoding.UTF8.GetBytes(options.WebhookSigningKey);
        _publicUrl = options.WebhookPublicUrl?.OriginalString;
        _tolerance = options.WebhookTimestampTolerance;
        _maxBodyBytes = options.MaxWebhookBodyBytes;
        _replays = options.RejectReplayedWebhooks ? new ReplayCache(options.ReplayCacheCapacity) : null;
        _timeProvider = timeProvider;
        _logger = logger;
        _senders = WebhookIdentities.Known(SenderNumbers.ParseAll(options.Senders));
    }

    public string GatewayName { get; }

    public string Provider => MessageBirdGateway.ProviderName;

    public ValueTask<WebhookReadResult> ReadAsync(WebhookRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<WebhookReadResult>(Read(request));
    }

    public ValueTask<WebhookReadResult> ReadItemAsync(string rawItem, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rawItem);
        cancellationToken.ThrowIfCancellationRequested();
        WebhookReadResult result;
        if (!RawItems.TryDecode(rawItem, out var api, out var item))
        {
            result = WebhookReadResult.Accepted([], [new MalformedWebhookItem
            {
                Source = GatewayName,
                Code = MalformedItemCodes.BodyUnreadable,
                Message = $"The raw item is not one this reader wrote: its first line is neither '{RawItems.ChannelsName}' nor '{RawItems.LegacyName}' (optionally with ';base64').",
                RawItem = rawItem,
            }]);
        }
        else
        {
            result = ReadBody(item, api, _timeProvider.GetUtcNow());
        }

        Log.WebhookItemReread(_logger, GatewayName, result.Events.Count, result.MalformedItems.Count);
        return new ValueTask<WebhookReadResult>(result);
    }

    /// <summary>Forgets every remembered signature (benchmarks cycling through pre-signed requests).</summary>
    internal void ClearReplayMemory() => _replays?.Clear();

    private WebhookReadResult Read(WebhookRequest request)
    {
        if (request.Body.Length > _maxBodyBytes)
        {
            return Reject(WebhookRejection.BodyTooLarge, "The body is larger than MaxWebhookBodyBytes.", 413);
        }

        var jwt = request.Header(LegacyJwtSignature.Header);
        var signature = request.Header(ChannelsSignature.SignatureHeader);
        if (jwt is null && signature is null)
        {
            return Reject(WebhookRejection.SignatureMissing, "Neither a messagebird-signature nor a MessageBird-Signature-JWT header is present.", 401);
        }

        if (_key is null)
        {
            return Reject(WebhookRejection.SignatureInvalid, "No WebhookSigningKey is configured, so no webhook can be verified.", 401);
        }

        var url = _publicUrl ?? request.Url.OriginalString;
        var now = _timeProvider.GetUtcNow();
        var legacy = signature is null;
        SignatureVerdict verdict;
        try
        {
            verdict = legacy
                ? LegacyJwtSignature.Verify(_key, jwt, url, request.Body.Span, now)
                : ChannelsSignature.Verify(_key, signature, request.Header(ChannelsSignature.TimestampHeader), url, request.Body.Span, now, _tolerance);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException or OverflowException)
        {
            // A header shape no check foresaw: refused, as any signature that cannot be verified is.
            Log.WebhookReadFailed(_logger, GatewayName, "signature", e.GetType().Name);
            verdict = SignatureVerdict.Invalid(WebhookRejection.SignatureInvalid, "The signature header cannot be read.");
        }

        if (!verdict.IsValid)
        {
            return Reject(verdict.Code!, verdict.Reason!, 401);
        }

        if (_replays is not null && _replays.IsKnown(verdict.ReplayKey!, now))
        {
            return Reject(WebhookRejection.Replayed, "This signed request was already received and applied.", 401);
        }

        var result = ReadBody(request.Body, legacy ? WebhookApi.Legacy : WebhookApi.Channels, now);
        if (_replays is { } replays)
        {
            // Remembered only once applied: a delivery whose processing failed (a store down, answered 5xx) is accepted
            // again when Bird delivers it again, so its STOP is not lost as a "replay".
            var key = verdict.ReplayKey!;
            var until = verdict.ReplayUntil;
            result = result.WhenApplied(_ =>
            {
                replays.TryRegister(key, until, _timeProvider.GetUtcNow());
                return default;
            });
        }

        Log.WebhookAccepted(_logger, GatewayName, result.Events.Count, result.MalformedItems.Count);
        if (result.MalformedItems.Count > 0)
        {
            Log.WebhookItemsMalformed(_logger, GatewayName, result.MalformedItems.Count,
                string.Join(",", result.MalformedItems.Select(i => i.Code).Distinct(StringComparer.Ordinal)));
        }

        return result;
    }

    /// <summary>Reads every item of a verified body (or of a raw item read back): events, and the items that could not be read.</summary>
    private WebhookReadResult ReadBody(ReadOnlyMemory<byte> body, WebhookApi api, DateTimeOffset now)
    {
        var items = new List<ReadOnlyMemory<byte>>(1);
        if (!WebhookItems.TrySplit(body, items, out var problem))
        {
            return WebhookReadResult.Accepted([], [Malformed(api, body.Span, new ItemProblem(MalformedItemCodes.BodyUnreadable, problem!))]);
        }

        var events = new List<WhatsAppEvent>(items.Count);
        var malformed = new List<MalformedWebhookItem>();
        for (var i = 0; i < items.Count; i++)
        {
            var outcome = ReadItem(items[i], api, now);
            if (outcome.Event is { } @event)
            {
                events.Add(@event);
            }
            else if (outcome.Problem is { } itemProblem)
            {
                if (items.Count > 1)
                {
                    itemProblem = itemProblem with { Message = $"Item {i + 1} of {items.Count}: {itemProblem.Message}" };
                }

                malformed.Add(Malformed(api, items[i].Span, itemProblem));
            }
        }

        return WebhookReadResult.Accepted(events, malformed);
    }

    private ItemOutcome ReadItem(ReadOnlyMemory<byte> item, WebhookApi api, DateTimeOffset now)
    {
        try
        {
            return api == WebhookApi.Channels
                ? ChannelsWebhookParser.Read(item, GatewayName, now, _senders)
                : LegacyWebhookParser.Read(item, GatewayName, now, _senders);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException or OverflowException)
        {
            // A shape no rule above foresaw: the item is kept, never lost and never thrown to the host.
            Log.WebhookReadFailed(_logger, GatewayName, "item", e.GetType().Name);
            return ItemOutcome.Malformed(MalformedItemCodes.ItemMalformed, $"The item could not be read ({e.GetType().Name}).");
        }
    }

    private MalformedWebhookItem Malformed(WebhookApi api, ReadOnlySpan<byte> item, ItemProblem problem) => new()
    {
        Source = GatewayName,
        Code = problem.Code,
        Message = problem.Message,
        EventId = problem.EventId,
        Subject = problem.Subject,
        RawItem = RawItems.Encode(api, item),
    };

    private WebhookReadResult Reject(string code, string reason, int status)
    {
        Log.WebhookRejected(_logger, GatewayName, code, reason);
        return WebhookReadResult.Rejected(code, reason, status);
    }
}
