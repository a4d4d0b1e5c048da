using System.Text;
using Microsoft.Extensions.Logging;
using WaCompliance.Numbers;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.MessageBird.Webhooks;

/// <summary>
/// Verifies and reads MessageBird/Bird webhooks. A request signed with <c>messagebird-signature</c> (Bird Channels)
/// is read as a Channels event; one signed with <c>MessageBird-Signature-JWT</c> as a legacy Conversations event.
/// Order: body size, signature over the raw body (constant time), timestamp, replay, then parsing.
/// </summary>
internal sealed class MessageBirdWebhookReader : IWebhookReader
{
    private readonly byte[]? _key;
    private readonly string? _publicUrl;
    private readonly TimeSpan _tolerance;
    private readonly int _maxBodyBytes;
    private readonly ReplayCache? _replays;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Dictionary<string, WhatsAppNumber> _senders = new(StringComparer.Ordinal);

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
        foreach (var sender in options.Senders ?? [])
        {
            if (WhatsAppNumber.TryParse(sender, null, out var number))
            {
                _senders[number.E164] = number;
                _senders[number.Digits] = number;
            }
        }
    }

    public string GatewayName { get; }

    public string Provider => MessageBirdGateway.ProviderName;

    public ValueTask<WebhookReadResult> ReadAsync(WebhookRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<WebhookReadResult>(Read(request));
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
        var verdict = legacy
            ? LegacyJwtSignature.Verify(_key, jwt, url, request.Body.Span, now)
            : ChannelsSignature.Verify(_key, signature, request.Header(ChannelsSignature.TimestampHeader), url, request.Body.Span, now, _tolerance);
        if (!verdict.IsValid)
        {
            return Reject(verdict.Code!, verdict.Reason!, 401);
        }

        if (_replays is not null && !_replays.TryRegister(verdict.ReplayKey!, verdict.ReplayUntil, now))
        {
            return Reject(WebhookRejection.Replayed, "This signed request was already received.", 401);
        }

        if (request.Body.IsEmpty)
        {
            return Reject(WebhookRejection.BodyMalformed, "The body is empty.", 400);
        }

        var parsed = legacy
            ? LegacyWebhookParser.Parse(request.Body, GatewayName, now, _senders)
            : ChannelsWebhookParser.Parse(request.Body, GatewayName, now, _senders);
        if (parsed.Problem is not null)
        {
            return Reject(WebhookRejection.BodyMalformed, parsed.Problem, 400);
        }

        Log.WebhookAccepted(_logger, GatewayName, parsed.EventType, parsed.Events!.Count);
        return WebhookReadResult.Accepted(parsed.Events!);
    }

    private WebhookReadResult Reject(string code, string reason, int status)
    {
        Log.WebhookRejected(_logger, GatewayName, code, reason);
        return WebhookReadResult.Rejected(code, reason, status);
    }
}
