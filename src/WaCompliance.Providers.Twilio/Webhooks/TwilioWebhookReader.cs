using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using WaCompliance.Conversations;
using WaCompliance.Gateways;
using WaCompliance.Numbers;
using WaCompliance.Providers.Twilio.Internal;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.Twilio.Webhooks;

/// <summary>
/// Verifies Twilio webhooks (<c>X-Twilio-Signature</c>) and reads inbound WhatsApp messages, button replies and
/// status callbacks. Verification comes first; nothing of an unverified request becomes an event.
/// </summary>
/// <remarks>
/// Twilio signs no timestamp and no delivery id, so a captured request stays valid: replays are neutralized by the
/// webhook processor's deduplication on <see cref="WhatsAppEvent.EventId"/> (the MessageSid, or MessageSid and status).
/// </remarks>
internal sealed class TwilioWebhookReader : IWebhookReader
{
    internal const string SignatureHeader = "X-Twilio-Signature";
    internal const string SignatureSettingsHeader = "X-Twilio-Webhooks-Signature-Settings";
    private const string WhatsAppPrefix = "whatsapp:";

    private static readonly HashSet<string> s_singleValued = new(StringComparer.Ordinal)
    {
        "MessageSid", "SmsMessageSid", "SmsSid", "From", "To", "Body", "NumMedia", "MessageStatus", "ErrorCode",
        "ErrorMessage", "ButtonPayload", "ButtonText", "MessageType", "OriginalRepliedMessageSid", "MediaContentType0",
        "Latitude",
    };

    private static readonly System.Buffers.SearchValues<char> s_sidCharacters =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private readonly byte[] _authToken;
    private readonly byte[] _sha256Key;
    private readonly string? _publicBase;
    private readonly int _maxBodyBytes;
    private readonly Dictionary<string, WhatsAppNumber> _senders;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public TwilioWebhookReader(string gatewayName, TwilioOptions options, TimeProvider timeProvider, ILogger logger)
    {
        GatewayName = gatewayName;
        _authToken = Encoding.UTF8.GetBytes(options.AuthToken!);
        _sha256Key = Encoding.UTF8.GetBytes(options.WebhookSigningKey ?? options.AuthToken!);
        _publicBase = options.WebhookPublicBaseUrl?.OriginalString.TrimEnd('/');
        _maxBodyBytes = options.MaxWebhookBodyBytes;
        _senders = new(StringComparer.Ordinal);
        foreach (var sender in options.Senders)
        {
            var number = TwilioNumbers.Parse(sender);
            _senders[number.E164] = number;
        }

        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <inheritdoc />
    public string GatewayName { get; }

    /// <inheritdoc />
    public string Provider => TwilioProvider.Name;

    /// <inheritdoc />
    public ValueTask<WebhookReadResult> ReadAsync(WebhookRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var result = Read(request);
        if (result.Rejection is { } rejection)
        {
            Log.WebhookRejected(_logger, GatewayName, rejection.Code);
        }

        return ValueTask.FromResult(result);
    }

    internal WebhookReadResult Read(WebhookRequest request)
    {
        if (request.Body.Length > _maxBodyBytes)
        {
            return WebhookReadResult.Rejected(WebhookRejection.BodyTooLarge,
                string.Create(CultureInfo.InvariantCulture, $"The body is larger than {_maxBodyBytes} bytes (TwilioOptions.MaxWebhookBodyBytes)."), 413);
        }

        var signature = request.Header(SignatureHeader);
        if (string.IsNullOrWhiteSpace(signature))
        {
            return Unauthorized(WebhookRejection.SignatureMissing, "The X-Twilio-Signature header is missing.");
        }

        if (!TwilioSignature.TryGetAlgorithm(request.Header(SignatureSettingsHeader), out var algorithm))
        {
            return Unauthorized(WebhookRejection.SignatureInvalid, "X-Twilio-Webhooks-Signature-Settings names an algorithm other than HMAC_SHA1 or HMAC_SHA256.");
        }

        Span<byte> expected = stackalloc byte[48];
        if (!Convert.TryFromBase64String(signature.Trim(), expected, out var expectedLength))
        {
            return Unauthorized(WebhookRejection.SignatureInvalid, "The X-Twilio-Signature header is not base64.");
        }

        if (!request.Url.IsAbsoluteUri)
        {
            return Unauthorized(WebhookRejection.SignatureInvalid, "The request URL is not absolute, so the signature cannot be checked.");
        }

        var url = SignedUrl(request.Url.OriginalString);
        var query = new List<KeyValuePair<string, string>>();
        var queryStart = url.IndexOf('?', StringComparison.Ordinal);
        if (queryStart >= 0 && !FormParser.TryParse(url[(queryStart + 1)..], query))
        {
            return Malformed("The URL query is not valid percent-encoded UTF-8.");
        }

        var key = algorithm == TwilioSignature.Algorithm.HmacSha256 ? _sha256Key : _authToken;
        var body = request.Body.Span;
        List<KeyValuePair<string, string>> fields;
        if (Find(query, "bodySHA256") is { } bodyHash)
        {
            // JSON (or other non-form) bodies: the URL carries the body's SHA-256 and the signature covers the URL only.
            if (!TwilioSignature.Verify(key, algorithm, url, null, expected[..expectedLength]))
            {
                return Unauthorized(WebhookRejection.SignatureInvalid, "The X-Twilio-Signature does not match the URL.");
            }

            if (!BodyHashMatches(body, bodyHash))
            {
                return Unauthorized(WebhookRejection.SignatureInvalid, "The body's SHA-256 does not match the signed bodySHA256 parameter.");
            }

            fields = [];
            if (!TryReadJson(body, fields))
            {
                return Malformed("The body is not a JSON object of Twilio webhook fields.");
            }
        }
        else if (HttpMethods.IsGet(request.Method))
        {
            if (!TwilioSignature.Verify(key, algorithm, url, null, expected[..expectedLength]))
            {
                return Unauthorized(WebhookRejection.SignatureInvalid, "The X-Twilio-Signature does not match the URL.");
            }

            fields = query;
        }
        else
        {
            if (!body.IsEmpty && request.ContentType is { } contentType
                && !contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            {
                return WebhookReadResult.Rejected(WebhookRejection.Unsupported,
                    "Twilio posts application/x-www-form-urlencoded bodies (or JSON with a bodySHA256 URL parameter).", 415);
            }

            fields = [];
            if (!FormParser.TryParse(body, fields))
            {
                return Malformed("The form body is not valid percent-encoded UTF-8.");
            }

            TwilioSignature.Sort(fields);
            if (!TwilioSignature.Verify(key, algorithm, url, fields, expected[..expectedLength]))
            {
                return Unauthorized(WebhookRejection.SignatureInvalid, "The X-Twilio-Signature does not match the URL and parameters.");
            }
        }

        return ReadEvents(fields);
    }

    private WebhookReadResult ReadEvents(List<KeyValuePair<string, string>> pairs)
    {
        var fields = new Dictionary<string, string>(pairs.Count, StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            if (!fields.TryAdd(pair.Key, pair.Value) && s_singleValued.Contains(pair.Key))
            {
                return Malformed($"The field {pair.Key} appears more than once.");
            }
        }

        var sid = Get(fields, "MessageSid") ?? Get(fields, "SmsMessageSid") ?? Get(fields, "SmsSid");
        var messageStatus = Get(fields, "MessageStatus");
        if (sid is null)
        {
            return messageStatus is null
                ? WebhookReadResult.Rejected(WebhookRejection.Unsupported, "Neither an inbound WhatsApp message nor a status callback (no MessageSid).", 400)
                : Malformed("MessageSid is missing.");
        }

        if (!IsSid(sid))
        {
            return Malformed("MessageSid is not a Twilio SID.");
        }

        var now = _timeProvider.GetUtcNow();
        return messageStatus is not null ? ReadStatus(fields, sid, messageStatus, now) : ReadInbound(fields, sid, now);
    }

    private WebhookReadResult ReadStatus(Dictionary<string, string> fields, string sid, string messageStatus, DateTimeOffset now)
    {
        var errorCode = Get(fields, "ErrorCode");
        if (errorCode is not null && !IsDigits(errorCode))
        {
            return Malformed("ErrorCode is not a number.");
        }

        if (TwilioResponses.MapStatus(messageStatus) is not { } status)
        {
            // received/receiving (inbound message statuses), partially_delivered (not WhatsApp) and future values.
            Log.StatusIgnored(_logger, GatewayName, messageStatus.Length <= 32 ? messageStatus : messageStatus[..32]);
            return WebhookReadResult.Accepted([]);
        }

        ProviderError? error = null;
        if (errorCode is not null && status is MessageDeliveryStatus.Failed or MessageDeliveryStatus.Undelivered)
        {
            error = TwilioErrorMapper.FromCallback(errorCode, TwilioResponses.Mask(Get(fields, "ErrorMessage")));
        }

        return WebhookReadResult.Accepted(
        [
            new MessageStatusEvent
            {
                EventId = sid + ":" + messageStatus,
                Source = GatewayName,
                OccurredAt = now,
                ProviderMessageId = sid,
                Status = status,
                Recipient = Number(Get(fields, "To")),
                Business = Business(Get(fields, "From")),
                Error = error,
            },
        ]);
    }

    private WebhookReadResult ReadInbound(Dictionary<string, string> fields, string sid, DateTimeOffset now)
    {
        var fromField = Get(fields, "From");
        if (fromField is null)
        {
            return Malformed("From is missing.");
        }

        if (!fromField.StartsWith(WhatsAppPrefix, StringComparison.Ordinal))
        {
            return WebhookReadResult.Rejected(WebhookRejection.Unsupported, "Not a WhatsApp message (From has no whatsapp: prefix).", 400);
        }

        if (!TwilioNumbers.TryParse(fromField[WhatsAppPrefix.Length..], out var from))
        {
            return Malformed("From is not a valid WhatsApp number.");
        }

        var numMedia = 0;
        if (Get(fields, "NumMedia") is { } numMediaText
            && (!int.TryParse(numMediaText, NumberStyles.None, CultureInfo.InvariantCulture, out numMedia) || numMedia > 100))
        {
            return Malformed("NumMedia is not a number from 0 to 100.");
        }

        var body = Get(fields, "Body");
        var replyTo = Get(fields, "OriginalRepliedMessageSid");
        if (replyTo is not null && !IsSid(replyTo))
        {
            return Malformed("OriginalRepliedMessageSid is not a Twilio SID.");
        }

        var business = Business(Get(fields, "To"));
        var payload = Get(fields, "ButtonPayload");
        var buttonText = Get(fields, "ButtonText");
        if (payload is not null || buttonText is not null)
        {
            return WebhookReadResult.Accepted(
            [
                new ButtonReplyEvent
                {
                    EventId = sid,
                    Source = GatewayName,
                    OccurredAt = now,
                    Business = business,
                    From = from,
                    MessageId = sid,
                    Payload = payload,
                    Text = buttonText ?? body,
                    ReplyToMessageId = replyTo,
                },
            ]);
        }

        return WebhookReadResult.Accepted(
        [
            new InboundMessageEvent
            {
                EventId = sid,
                Source = GatewayName,
                OccurredAt = now,
                Business = business,
                From = from,
                MessageId = sid,
                Text = body,
                MessageType = MessageType(fields, numMedia),
                Origin = IsReferral(fields) ? InboundOrigin.EntryPointReferral : InboundOrigin.Organic,
                ReplyToMessageId = replyTo,
            },
        ]);
    }

    private static string MessageType(Dictionary<string, string> fields, int numMedia)
    {
        if (Get(fields, "MessageType") is { } type)
        {
            return type.ToLowerInvariant();
        }

        if (numMedia > 0)
        {
            var contentType = Get(fields, "MediaContentType0") ?? string.Empty;
            return contentType.StartsWith("image/", StringComparison.OrdinalIgnoreCase) ? "image"
                : contentType.StartsWith("video/", StringComparison.OrdinalIgnoreCase) ? "video"
                : contentType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase) ? "audio"
                : "document";
        }

        return Get(fields, "Latitude") is not null ? "location" : "text";
    }

    private static bool IsReferral(Dictionary<string, string> fields)
    {
        foreach (var pair in fields)
        {
            if (pair.Key.StartsWith("Referral", StringComparison.Ordinal) && pair.Value.Length > 0
                && !(pair.Key == "ReferralNumMedia" && pair.Value == "0"))
            {
                return true;
            }
        }

        return false;
    }

    private WhatsAppNumber? Business(string? address)
    {
        if (address is null || !address.StartsWith(WhatsAppPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var e164 = address[WhatsAppPrefix.Length..];
        return _senders.TryGetValue(e164, out var known) ? known : Number(address);
    }

    private static WhatsAppNumber? Number(string? address) =>
        address is not null && address.StartsWith(WhatsAppPrefix, StringComparison.Ordinal)
            && TwilioNumbers.TryParse(address[WhatsAppPrefix.Length..], out var number)
            ? number
            : null;

    private string SignedUrl(string url)
    {
        if (_publicBase is null)
        {
            return url;
        }

        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var rest = url.AsSpan(schemeEnd + 3);
        var pathStart = rest.IndexOfAny('/', '?', '#');
        return pathStart < 0 ? _publicBase : string.Concat(_publicBase, rest[pathStart..]);
    }

    private static bool BodyHashMatches(ReadOnlySpan<byte> body, string expectedHex)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(body, hash);
        Span<byte> actual = stackalloc byte[64];
        Convert.TryToHexStringLower(hash, actual, out _);
        Span<byte> expected = stackalloc byte[64];
        if (expectedHex.Length != 64)
        {
            return false;
        }

        for (var i = 0; i < 64; i++)
        {
            expected[i] = (byte)char.ToLowerInvariant(expectedHex[i]);
        }

        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static bool TryReadJson(ReadOnlySpan<byte> body, List<KeyValuePair<string, string>> fields)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 16 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                switch (reader.TokenType)
                {
                    case JsonTokenType.String:
                        fields.Add(new(name, reader.GetString()!));
                        break;
                    case JsonTokenType.Number:
                        fields.Add(new(name, Encoding.UTF8.GetString(reader.ValueSpan)));
                        break;
                    default:
                        if (s_singleValued.Contains(name))
                        {
                            return false;
                        }

                        reader.Skip();
                        break;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject)
            {
                return false;
            }

            // Anything after the object is an error.
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? Find(List<KeyValuePair<string, string>> pairs, string name)
    {
        foreach (var pair in pairs)
        {
            if (string.Equals(pair.Key, name, StringComparison.Ordinal))
            {
                return pair.Value;
            }
        }

        return null;
    }

    private static string? Get(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    private static bool IsSid(string value) =>
        value.Length is >= 2 and <= 64 && !value.AsSpan().ContainsAnyExcept(s_sidCharacters);

    private static bool IsDigits(string value) =>
        value.Length is > 0 and <= 10 && !value.AsSpan().ContainsAnyExceptInRange('0', '9');

    private static WebhookReadResult Unauthorized(string code, string message) => WebhookReadResult.Rejected(code, message, 401);

    private static WebhookReadResult Malformed(string message) => WebhookReadResult.Rejected(WebhookRejection.BodyMalformed, message, 400);

    private static class HttpMethods
    {
        public static bool IsGet(string method) => string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase);
    }
}
