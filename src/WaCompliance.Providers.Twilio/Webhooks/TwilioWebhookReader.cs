using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using WaCompliance.Conversations;
using WaCompliance.Gateways;
using WaCompliance.Identities;
using WaCompliance.Numbers;
using WaCompliance.Providers.Twilio.Internal;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.Twilio.Webhooks;

/// <summary>
/// Verifies Twilio webhooks (<c>X-Twilio-Signature</c>) and reads inbound WhatsApp messages, button replies and
/// status callbacks, naming the person by phone number, business-scoped user ID or both. Verification comes first;
/// nothing of an unverified request becomes an event. An authentic request is never refused: what cannot be read
/// becomes a <see cref="MalformedWebhookItem"/> (a dead letter once processed) and what is not WhatsApp is acknowledged
/// without events.
/// </summary>
/// <remarks>
/// Twilio signs no timestamp and no delivery id, so a captured request stays valid: replays are neutralized by the
/// webhook processor's deduplication on <see cref="WhatsAppEvent.EventId"/> (the MessageSid, or MessageSid and status),
/// which does not depend on how the signature header is written.
/// </remarks>
internal sealed class TwilioWebhookReader : IWebhookReader
{
    internal const string SignatureHeader = "X-Twilio-Signature";
    internal const string SignatureSettingsHeader = "X-Twilio-Webhooks-Signature-Settings";

    private static readonly HashSet<string> s_singleValued = new(StringComparer.Ordinal)
    {
        "MessageSid", "SmsMessageSid", "SmsSid", "From", "To", "Body", "NumMedia", "MessageStatus", "ErrorCode",
        "ErrorMessage", "ButtonPayload", "ButtonText", "MessageType", "OriginalRepliedMessageSid", "MediaContentType0",
        "Latitude", "ChannelPrefix", TwilioPerson.ExternalUserId, TwilioPerson.ExternalUserIdentifier,
        TwilioPerson.ParentExternalUserId,
    };

    private static readonly System.Buffers.SearchValues<char> s_sidCharacters =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private readonly byte[] _authToken;
    private readonly byte[] _sha256Key;
    private readonly string? _publicBase;
    private readonly int _maxBodyBytes;
    private readonly Dictionary<string, WhatsAppNumber>.AlternateLookup<ReadOnlySpan<char>> _senders;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public TwilioWebhookReader(string gatewayName, TwilioOptions options, TimeProvider timeProvider, ILogger logger)
    {
        GatewayName = gatewayName;
        _authToken = Encoding.UTF8.GetBytes(options.AuthToken!);
        _sha256Key = Encoding.UTF8.GetBytes(options.WebhookSigningKey ?? options.AuthToken!);
        _publicBase = options.WebhookPublicBaseUrl?.OriginalString.TrimEnd('/');
        _maxBodyBytes = options.MaxWebhookBodyBytes;
        var senders = new Dictionary<string, WhatsAppNumber>(StringComparer.Ordinal);
        foreach (var sender in options.Senders)
        {
            var number = TwilioNumbers.ParseSender(sender);
            senders[number.E164] = number;
        }

        _senders = senders.GetAlternateLookup<ReadOnlySpan<char>>();
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

    /// <inheritdoc />
    /// <remarks>
    /// The raw item is what this reader put in <see cref="MalformedWebhookItem.RawItem"/>: the request's parameters
    /// form-encoded, or the JSON body when it could not be split into parameters.
    /// </remarks>
    public ValueTask<WebhookReadResult> ReadItemAsync(string rawItem, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rawItem);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(ReadItem(rawItem));
    }

    internal WebhookReadResult Read(WebhookRequest request)
    {
        if (request.Body.Length > _maxBodyBytes)
        {
            return TooLarge();
        }

        var signature = request.Headers is null ? null : request.Header(SignatureHeader);
        if (string.IsNullOrWhiteSpace(signature))
        {
            return Unauthorized(WebhookRejection.SignatureMissing, "The X-Twilio-Signature header is missing.");
        }

        if (!TwilioSignature.TryGetAlgorithm(request.Header(SignatureSettingsHeader), out var algorithm))
        {
            return Unauthorized(WebhookRejection.SignatureInvalid, "X-Twilio-Webhooks-Signature-Settings names an algorithm other than HMAC_SHA1 or HMAC_SHA256.");
        }

        // The signature is compared as bytes: the same signature written with other white space or padding bits is the same.
        Span<byte> decoded = stackalloc byte[48];
        if (!Convert.TryFromBase64String(signature.Trim(), decoded, out var decodedLength))
        {
            return Unauthorized(WebhookRejection.SignatureInvalid, "The X-Twilio-Signature header is not base64.");
        }

        var expected = decoded[..decodedLength];
        if (request.Url is not { IsAbsoluteUri: true } requestUrl)
        {
            return Unauthorized(WebhookRejection.SignatureInvalid, "The request URL is not absolute, so the signature cannot be checked.");
        }

        var url = SignedUrl(requestUrl.OriginalString);
        var queryStart = url.IndexOf('?', StringComparison.Ordinal);
        var query = queryStart < 0 ? string.Empty : url[(queryStart + 1)..];
        var key = algorithm == TwilioSignature.Algorithm.HmacSha256 ? _sha256Key : _authToken;
        var body = request.Body.Span;
        if (FindQueryValue(query, "bodySHA256") is { } bodyHash)
        {
            // JSON (or other non-form) bodies: the URL carries the body's SHA-256 and the signature covers the URL only.
            if (!TwilioSignature.Verify(key, algorithm, url, null, expected))
            {
                return Unauthorized(WebhookRejection.SignatureInvalid, "The X-Twilio-Signature does not match the URL.");
            }

            if (!BodyHashMatches(body, bodyHash))
            {
                return Unauthorized(WebhookRejection.SignatureInvalid, "The body's SHA-256 does not match the signed bodySHA256 parameter.");
            }

            var json = new List<KeyValuePair<string, string>>();
            return TryReadJson(body, json)
                ? ReadVerified(json, reread: false)
                : Unreadable("The body is not a JSON object of Twilio webhook fields.", Encoding.UTF8.GetString(body));
        }

        if (string.Equals(request.Method, "GET", StringComparison.OrdinalIgnoreCase))
        {
            // GET: the parameters are in the URL, which the signature covers as written.
            if (!TwilioSignature.Verify(key, algorithm, url, null, expected))
            {
                return Unauthorized(WebhookRejection.SignatureInvalid, "The X-Twilio-Signature does not match the URL.");
            }

            var parameters = new List<KeyValuePair<string, string>>();
            return FormParser.TryParse(query, parameters)
                ? ReadVerified(parameters, reread: false)
                : Unreadable("The URL query is not valid percent-encoded UTF-8.", query);
        }

        if (!body.IsEmpty && request.ContentType is { } contentType
            && !contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return WebhookReadResult.Rejected(WebhookRejection.Unsupported,
                "Twilio posts application/x-www-form-urlencoded bodies (or JSON with a bodySHA256 URL parameter).", 415);
        }

        var fields = new List<KeyValuePair<string, string>>();
        if (!FormParser.TryParse(body, fields))
        {
            // Twilio signs the decoded parameters: a body that cannot be decoded cannot be verified, so it is refused.
            return WebhookReadResult.Rejected(WebhookRejection.BodyMalformed,
                "The form body is not valid percent-encoded UTF-8, so its signature cannot be checked.", 400);
        }

        var sorted = new List<KeyValuePair<string, string>>(fields);
        TwilioSignature.Sort(sorted);
        if (!TwilioSignature.Verify(key, algorithm, url, sorted, expected))
        {
            return Unauthorized(WebhookRejection.SignatureInvalid, "The X-Twilio-Signature does not match the URL and parameters.");
        }

        return ReadVerified(fields, reread: false);
    }

    private WebhookReadResult ReadItem(string rawItem)
    {
        if (Encoding.UTF8.GetByteCount(rawItem) > _maxBodyBytes)
        {
            return TooLarge();
        }

        var fields = new List<KeyValuePair<string, string>>();
        if (rawItem.AsSpan().TrimStart().StartsWith('{'))
        {
            // A form-encoded item never starts with '{' (it is percent-encoded), so this is a JSON body.
            return TryReadJson(Encoding.UTF8.GetBytes(rawItem), fields)
                ? ReadVerified(fields, reread: true)
                : Unreadable("The body is not a JSON object of Twilio webhook fields.", rawItem);
        }

        return FormParser.TryParse(rawItem, fields)
            ? ReadVerified(fields, reread: true)
            : Unreadable("The item is not valid percent-encoded UTF-8.", rawItem);
    }

    /// <summary>
    /// Reads the parameters of an authentic request. Never throws: a reader fault on an authentic item must not lose
    /// it, so it becomes a malformed item kept as a dead letter and read again after a fix.
    /// </summary>
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "An authentic item is kept as a dead letter whatever goes wrong while reading it.")]
    private WebhookReadResult ReadVerified(List<KeyValuePair<string, string>> pairs, bool reread)
    {
        try
        {
            return ReadEvents(pairs, reread);
        }
        catch (Exception e)
        {
            Log.WebhookReadFailed(_logger, GatewayName, e.GetType().Name);
            return Item(MalformedItemCodes.ItemMalformed, "The item could not be read (reader fault); read it again after an update.", null, FormParser.Encode(pairs), null);
        }
    }

    private WebhookReadResult ReadEvents(List<KeyValuePair<string, string>> pairs, bool reread)
    {
        var fields = new Dictionary<string, string>(pairs.Count, StringComparer.Ordinal);
        string? repeated = null;
        foreach (var pair in pairs)
        {
            if (!fields.TryAdd(pair.Key, pair.Value) && repeated is null && s_singleValued.Contains(pair.Key)
                && !string.Equals(fields[pair.Key], pair.Value, StringComparison.Ordinal))
            {
                repeated = pair.Key;
            }
        }

        var sid = Get(fields, "MessageSid") ?? Get(fields, "SmsMessageSid") ?? Get(fields, "SmsSid");
        var eventId = sid is not null && IsSid(sid) ? sid : null;
        var itemId = eventId is null ? null : EventKey(eventId);
        var messageStatus = Get(fields, "MessageStatus");
        var isStatus = messageStatus is not null;
        var personField = isStatus ? "To" : "From";
        var businessField = isStatus ? "From" : "To";
        if (!IsWhatsApp(fields, out var addressed) && (addressed || (sid is null && !isStatus)))
        {
            // An SMS, a voice call or another Twilio request sent to this endpoint: authentic, but not WhatsApp.
            return reread
                ? Item(MalformedItemCodes.BodyUnreadable, "The item is neither a Twilio WhatsApp message nor a status callback.", itemId, FormParser.Encode(pairs), null)
                : Ignored(addressed ? "not a WhatsApp message or status" : "not a message or status callback");
        }

        var person = TwilioPerson.Read(fields, personField);
        string Raw() => FormParser.Encode(pairs);
        if (repeated is not null)
        {
            return Item(MalformedItemCodes.ItemMalformed, $"The field {repeated} appears more than once with different values.", itemId, Raw(), person.Subject);
        }

        if (sid is null)
        {
            return Item(MalformedItemCodes.FieldMissing, "MessageSid is missing.", null, Raw(), person.Subject);
        }

        if (eventId is null)
        {
            return Item(MalformedItemCodes.ItemMalformed, "MessageSid is not a Twilio SID.", null, Raw(), person.Subject);
        }

        if (person.IsInvalid)
        {
            return Item(person.Code!, person.Message!, itemId, Raw(), person.Subject);
        }

        var now = _timeProvider.GetUtcNow();
        var business = Business(Get(fields, businessField));
        return isStatus
            ? ReadStatus(fields, eventId, messageStatus!, person.Identity, business, now, Raw)
            : ReadInbound(fields, eventId, person.Identity, business, now, Raw);
    }

    private WebhookReadResult ReadStatus(
        Dictionary<string, string> fields,
        string sid,
        string messageStatus,
        WhatsAppIdentity? recipient,
        WhatsAppNumber? business,
        DateTimeOffset now,
        Func<string> raw)
    {
        var errorCode = Get(fields, "ErrorCode");
        if (errorCode is not null && !IsDigits(errorCode))
        {
            return Item(MalformedItemCodes.ItemMalformed, "ErrorCode is not a number.", EventKey(sid), raw(), recipient?.Primary);
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
            var toUserId = recipient is { HasPhone: false };
            error = TwilioErrorMapper.FromCallback(errorCode, TwilioResponses.Mask(Get(fields, "ErrorMessage")), toUserId);
        }

        return WebhookReadResult.Accepted(
        [
            new MessageStatusEvent
            {
                EventId = EventKey(sid) + ":" + messageStatus,
                Source = GatewayName,
                OccurredAt = now,
                ProviderMessageId = sid,
                Status = status,
                Recipient = recipient,
                Business = business,
                Error = error,
            },
        ]);
    }

    private WebhookReadResult ReadInbound(
        Dictionary<string, string> fields,
        string sid,
        WhatsAppIdentity? person,
        WhatsAppNumber? business,
        DateTimeOffset now,
        Func<string> raw)
    {
        if (person is not { } from)
        {
            return Item(MalformedItemCodes.IdentityMissing,
                "The message names no person: From, ExternalUserId, ExternalUserIdentifier and ParentExternalUserId are all missing.", EventKey(sid), raw(), null);
        }

        var numMedia = 0;
        if (Get(fields, "NumMedia") is { } numMediaText
            && (!int.TryParse(numMediaText, NumberStyles.None, CultureInfo.InvariantCulture, out numMedia) || numMedia > 100))
        {
            return Item(MalformedItemCodes.ItemMalformed, "NumMedia is not a number from 0 to 100.", EventKey(sid), raw(), from.Primary);
        }

        var replyTo = Get(fields, "OriginalRepliedMessageSid");
        if (replyTo is not null && !IsSid(replyTo))
        {
            return Item(MalformedItemCodes.ItemMalformed, "OriginalRepliedMessageSid is not a Twilio SID.", EventKey(sid), raw(), from.Primary);
        }

        var body = Get(fields, "Body");
        var payload = Get(fields, "ButtonPayload");
        var buttonText = Get(fields, "ButtonText");
        if (payload is not null || buttonText is not null)
        {
            return WebhookReadResult.Accepted(
            [
                new ButtonReplyEvent
                {
                    EventId = EventKey(sid),
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
                EventId = EventKey(sid),
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

    /// <summary>
    /// Whether the request is a WhatsApp one: a <c>whatsapp:</c> address, <c>ChannelPrefix=whatsapp</c> or a user ID
    /// field. <paramref name="addressed"/> says whether it has a <c>From</c> or <c>To</c> at all.
    /// </summary>
    private static bool IsWhatsApp(Dictionary<string, string> fields, out bool addressed)
    {
        var from = Get(fields, "From");
        var to = Get(fields, "To");
        addressed = from is not null || to is not null;
        if (TwilioAddress.IsWhatsApp(from) || TwilioAddress.IsWhatsApp(to)
            || string.Equals(Get(fields, "ChannelPrefix"), "whatsapp", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var field in TwilioPerson.UserIdFields)
        {
            if (Get(fields, field) is not null)
            {
                return true;
            }
        }

        return false;
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

    /// <summary>
    /// The business number of an address: a configured sender, or any number Twilio reports (landline, toll-free, not
    /// yet in libphonenumber's metadata). <see langword="null"/> when the address holds none.
    /// </summary>
    private WhatsAppNumber? Business(string? address)
    {
        if (address is null)
        {
            return null;
        }

        var text = TwilioAddress.WithoutPrefix(address);
        if (text.IsEmpty || BusinessScopedUserId.LooksLikeUserId(text))
        {
            return null;
        }

        if (_senders.TryGetValue(text, out var known))
        {
            return known;
        }

        var number = TwilioNumbers.ParseReported(text.ToString());
        return number.IsValid ? number.Number : null;
    }

    private string SignedUrl(string url)
    {
        if (_publicBase is null)
        {
            return url;
        }

        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return url;
        }

        var rest = url.AsSpan(schemeEnd + 3);
        var pathStart = rest.IndexOfAny('/', '?', '#');
        return pathStart < 0 ? _publicBase : string.Concat(_publicBase, rest[pathStart..]);
    }

    /// <summary>The value of a query parameter Twilio writes itself (<c>bodySHA256</c>), without decoding the rest of the query.</summary>
    private static string? FindQueryValue(string query, string name)
    {
        var rest = query.AsSpan();
        var hash = rest.IndexOf('#');
        if (hash >= 0)
        {
            rest = rest[..hash];
        }

        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf('&');
            var pair = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            var equals = pair.IndexOf('=');
            if (equals >= 0 && pair[..equals].SequenceEqual(name))
            {
                return pair[(equals + 1)..].ToString();
            }
        }

        return null;
    }

    private static bool BodyHashMatches(ReadOnlySpan<byte> body, string expectedHex)
    {
        if (expectedHex.Length != 64)
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(body, hash);
        Span<byte> actual = stackalloc byte[64];
        Convert.TryToHexStringLower(hash, actual, out _);
        Span<byte> expected = stackalloc byte[64];
        for (var i = 0; i < 64; i++)
        {
            var c = expectedHex[i];
            expected[i] = c < 128 ? (byte)char.ToLowerInvariant(c) : (byte)0;
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
        catch (InvalidOperationException)
        {
            // A string that is not valid UTF-8 or holds a lone surrogate escape cannot be read as text.
            return false;
        }
    }

    private static string? Get(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <summary>Whether a value is shaped as a Twilio SID: letters and digits, of any length (a long one is keyed by <see cref="EventKey"/>).</summary>
    private static bool IsSid(string value) =>
        value.Length >= 2 && !value.AsSpan().ContainsAnyExcept(s_sidCharacters);

    /// <summary>
    /// A SID as an event id of at most 64 characters: as it is (Twilio's are 34), or when longer its first 15
    /// characters, <c>#</c> and 48 hex digits of the SHA-256 of the whole, so an id longer than the stores keep is never
    /// a reason to refuse a STOP and a redelivery has the same event id.
    /// </summary>
    private static string EventKey(string sid) =>
        sid.Length <= 64 ? sid : string.Concat(sid.AsSpan(0, 15), "#", Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(sid)).AsSpan(0, 24)));

    private static bool IsDigits(string value) =>
        value.Length is > 0 and <= 10 && !value.AsSpan().ContainsAnyExceptInRange('0', '9');

    private WebhookReadResult Item(string code, string message, string? eventId, string rawItem, WhatsAppIdentifier? subject)
    {
        Log.WebhookItemMalformed(_logger, GatewayName, code);
        return WebhookReadResult.Accepted([],
        [
            new MalformedWebhookItem
            {
                Source = GatewayName,
                Code = code,
                Message = message,
                EventId = eventId,
                RawItem = rawItem,
                Subject = subject,
            },
        ]);
    }

    private WebhookReadResult Unreadable(string message, string rawItem) => Item(MalformedItemCodes.BodyUnreadable, message, null, rawItem, null);

    private WebhookReadResult Ignored(string reason)
    {
        Log.WebhookIgnored(_logger, GatewayName, reason);
        return WebhookReadResult.Accepted([]);
    }

    private WebhookReadResult TooLarge() =>
        WebhookReadResult.Rejected(WebhookRejection.BodyTooLarge,
            string.Create(CultureInfo.InvariantCulture, $"The body is larger than {_maxBodyBytes} bytes (TwilioOptions.MaxWebhookBodyBytes)."), 413);

    private static WebhookReadResult Unauthorized(string code, string message) => WebhookReadResult.Rejected(code, message, 401);
}
