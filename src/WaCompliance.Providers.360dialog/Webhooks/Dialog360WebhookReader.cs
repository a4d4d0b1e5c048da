using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Web;
using Microsoft.Extensions.Logging;
using WaCompliance.Numbers;
using WaCompliance.Providers.Dialog360.Internal;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.Dialog360.Webhooks;

/// <summary>
/// Verifies and reads the webhooks 360dialog forwards: Meta's <c>whatsapp_business_account</c> envelope with
/// inbound messages, statuses, system messages, template status updates, marketing preferences and user ID updates.
/// </summary>
/// <remarks>
/// <para>
/// Only authentication and size are refused (<c>SIGNATURE_MISSING</c>, <c>SIGNATURE_INVALID</c>,
/// <c>BODY_TOO_LARGE</c>; <c>UNSUPPORTED</c> for other methods and unconfigured registrations). An authentic body is
/// always accepted: it is read item by item (<see cref="CloudApiWebhookParser"/>), each item that cannot be read
/// becomes a <see cref="MalformedWebhookItem"/> (a dead letter once processed) and every other item is still read.
/// </para>
/// <para>
/// Authentication, before anything is parsed: <c>X-Hub-Signature-256</c> (<c>sha256=</c> hex HMAC-SHA256 of the raw
/// body with the app secret) when an app secret is configured, and the configured secret header when one is; every
/// configured check must pass. Comparisons are constant-time.
/// </para>
/// <para>
/// A registration with neither configured refuses every notification (<c>UNSUPPORTED</c>, 403): unauthenticated
/// webhooks are never read.
/// </para>
/// <para>
/// Neither scheme signs a timestamp or a delivery id, so a request cannot be told from Meta's own retry of it (the
/// same bytes and signature): replays are not refused but absorbed by the webhook processor's deduplication on event
/// ids, which depend on the body only (never on how the signature is written: <c>sha256=</c> in any case, hex in any
/// case), so a replay is a no-op.
/// </para>
/// </remarks>
internal sealed class Dialog360WebhookReader : IWebhookReader
{
    private const string SignatureHeader = "X-Hub-Signature-256";
    private const string SignaturePrefix = "sha256=";
    private const int MaxChallengeLength = 256;

    private readonly byte[]? _appSecret;

    // Keyed HMAC instances reused per thread: re-keying on every request costs more than the hash of a typical body.
    private readonly ThreadLocal<IncrementalHash>? _hmac;
    private readonly string? _secretHeaderName;
    private readonly byte[]? _secretHeaderHash;
    private readonly byte[]? _verifyTokenHash;
    private readonly int _maxBodyBytes;
    private readonly CloudApiWebhookParser _parser;
    private readonly ILogger _logger;

    /// <summary>Creates the reader.</summary>
    /// <param name="gatewayName">The gateway name, e.g. <c>360dialog:eu</c>.</param>
    /// <param name="options">The webhook options (validated).</param>
    /// <param name="senders">The registration's business numbers (answered without parsing when a webhook names one).</param>
    /// <param name="timeProvider">The clock (for events without a timestamp).</param>
    /// <param name="logger">The logger.</param>
    public Dialog360WebhookReader(string gatewayName, Dialog360WebhookOptions options, IEnumerable<WhatsAppNumber> senders, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gatewayName);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(senders);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        GatewayName = gatewayName;
        _appSecret = string.IsNullOrEmpty(options.AppSecret) ? null : Encoding.UTF8.GetBytes(options.AppSecret);
        if (_appSecret is { } key)
        {
            _hmac = new ThreadLocal<IncrementalHash>(() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key));
        }
        if (!string.IsNullOrEmpty(options.SecretHeaderName) && !string.IsNullOrEmpty(options.SecretHeaderValue))
        {
            _secretHeaderName = options.SecretHeaderName;
            _secretHeaderHash = SHA256.HashData(Encoding.UTF8.GetBytes(options.SecretHeaderValue));
        }

        _verifyTokenHash = string.IsNullOrEmpty(options.VerifyToken) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(options.VerifyToken));
        _maxBodyBytes = options.MaxBodyBytes;
        var byDigits = new Dictionary<string, WhatsAppNumber>(StringComparer.Ordinal);
        foreach (var sender in senders)
        {
            byDigits[sender.Digits] = sender;
        }

        _parser = new CloudApiWebhookParser(gatewayName, byDigits, timeProvider, logger);
        _logger = logger;
    }

    /// <inheritdoc />
    public string GatewayName { get; }

    /// <inheritdoc />
    public string Provider => Dialog360Names.Provider;

    /// <inheritdoc />
    public ValueTask<WebhookReadResult> ReadAsync(WebhookRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var result = Read(request);
        if (result.Rejection is { } rejection)
        {
            Dialog360Log.WebhookRejected(_logger, GatewayName, rejection.Code);
        }
        else if (result.ChallengeResponse is null)
        {
            Dialog360Log.WebhookRead(_logger, GatewayName, result.Events.Count, result.MalformedItems.Count);
        }

        return ValueTask.FromResult(result);
    }

    /// <inheritdoc />
    /// <remarks>
    /// A raw item this reader wrote is a small Meta envelope of its own (the item's metadata, its contacts entry and
    /// the item), or a whole body: either is read exactly as a delivery is, without authentication. Text that is not
    /// an envelope is accepted with one <c>BODY_UNREADABLE</c> item.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="rawItem"/> is <see langword="null"/>.</exception>
    public ValueTask<WebhookReadResult> ReadItemAsync(string rawItem, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rawItem);
        cancellationToken.ThrowIfCancellationRequested();
        var result = _parser.Parse(Encoding.UTF8.GetBytes(rawItem));
        Dialog360Log.WebhookRead(_logger, GatewayName, result.Events.Count, result.MalformedItems.Count);
        return ValueTask.FromResult(result);
    }

    private WebhookReadResult Read(WebhookRequest request)
    {
        if (string.Equals(request.Method, "GET", StringComparison.OrdinalIgnoreCase))
        {
            return request.Url is { } url
                ? Handshake(url)
                : WebhookReadResult.Rejected(WebhookRejection.Unsupported, "A GET request is only accepted as a subscription handshake (hub.mode=subscribe).", 405);
        }

        if (!string.Equals(request.Method, "POST", StringComparison.OrdinalIgnoreCase))
        {
            return WebhookReadResult.Rejected(WebhookRejection.Unsupported, "Webhook notifications are POST requests; subscription handshakes are GET requests.", 405);
        }

        if (_appSecret is null && _secretHeaderName is null)
        {
            return WebhookReadResult.Rejected(WebhookRejection.Unsupported,
                "Webhooks are not enabled for this registration: configure Webhook:AppSecret or Webhook:SecretHeaderName and Webhook:SecretHeaderValue.", 403);
        }

        if (request.Body.Length > _maxBodyBytes)
        {
            return WebhookReadResult.Rejected(WebhookRejection.BodyTooLarge,
                string.Create(CultureInfo.InvariantCulture, $"The body has {request.Body.Length} bytes; at most {_maxBodyBytes} are accepted."), 413);
        }

        if (Authenticate(request) is { } refused)
        {
            return refused;
        }

        return _parser.Parse(request.Body);
    }

    private WebhookReadResult Handshake(Uri url)
    {
        var query = HttpUtility.ParseQueryString(url.Query);
        var mode = query["hub.mode"];
        if (mode is null)
        {
            return WebhookReadResult.Rejected(WebhookRejection.Unsupported, "A GET request is only accepted as a subscription handshake (hub.mode=subscribe).", 405);
        }

        if (_verifyTokenHash is null)
        {
            return WebhookReadResult.Rejected(WebhookRejection.Unsupported, "Subscription handshakes are refused: no verify token is configured (Webhook:VerifyToken).", 403);
        }

        var token = query["hub.verify_token"];
        if (token is null)
        {
            return WebhookReadResult.Rejected(WebhookRejection.SignatureMissing, "The handshake has no hub.verify_token.", 401);
        }

        if (!string.Equals(mode, "subscribe", StringComparison.Ordinal)
            || !CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(token)), _verifyTokenHash))
        {
            return WebhookReadResult.Rejected(WebhookRejection.SignatureInvalid, "The handshake's hub.mode or hub.verify_token does not match.", 401);
        }

        var challenge = query["hub.challenge"];
        if (string.IsNullOrEmpty(challenge) || challenge.Length > MaxChallengeLength || !challenge.All(char.IsAsciiLetterOrDigit))
        {
            return WebhookReadResult.Rejected(WebhookRejection.BodyMalformed, "The handshake's hub.challenge is missing or not a short alphanumeric token.", 400);
        }

        return WebhookReadResult.Challenge(challenge);
    }

    private WebhookReadResult? Authenticate(WebhookRequest request)
    {
        if (_appSecret is not null)
        {
            var signature = Header(request, SignatureHeader);
            if (string.IsNullOrEmpty(signature))
            {
                return WebhookReadResult.Rejected(WebhookRejection.SignatureMissing, $"The request has no {SignatureHeader} header.", 401);
            }

            if (!IsValidSignature(signature.AsSpan().Trim(), request.Body.Span))
            {
                return WebhookReadResult.Rejected(WebhookRejection.SignatureInvalid, $"The {SignatureHeader} signature does not match the body.", 401);
            }
        }

        if (_secretHeaderName is not null)
        {
            var value = Header(request, _secretHeaderName);
            if (value is null)
            {
                return WebhookReadResult.Rejected(WebhookRejection.SignatureMissing, $"The request has no {_secretHeaderName} header.", 401);
            }

            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(Encoding.UTF8.GetBytes(value), hash);
            if (!CryptographicOperations.FixedTimeEquals(hash, _secretHeaderHash))
            {
                return WebhookReadResult.Rejected(WebhookRejection.SignatureInvalid, $"The {_secretHeaderName} header does not match.", 401);
            }
        }

        return null;
    }

    /// <summary>A header, or <see langword="null"/> (also when the request has no header dictionary at all).</summary>
    private static string? Header(WebhookRequest request, string name) => request.Headers is null ? null : request.Header(name);

    /// <summary>
    /// Compares the signature's decoded bytes, not its text: <c>sha256=</c> and the hex digits in any case are the
    /// same signature.
    /// </summary>
    private bool IsValidSignature(ReadOnlySpan<char> signature, ReadOnlySpan<byte> body)
    {
        if (!signature.StartsWith(SignaturePrefix, StringComparison.OrdinalIgnoreCase)
            || signature.Length != SignaturePrefix.Length + (2 * HMACSHA256.HashSizeInBytes))
        {
            return false;
        }

        Span<byte> given = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (Convert.FromHexString(signature[SignaturePrefix.Length..], given, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != given.Length)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var hmac = _hmac!.Value!;
        hmac.AppendData(body);
        hmac.GetHashAndReset(expected);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
