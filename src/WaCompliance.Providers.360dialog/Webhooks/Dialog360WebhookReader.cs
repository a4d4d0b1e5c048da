using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Web;
using Microsoft.Extensions.Logging;
using WaCompliance.Conversations;
using WaCompliance.Gateways;
using WaCompliance.Numbers;
using WaCompliance.Providers.Dialog360.Errors;
using WaCompliance.Providers.Dialog360.Internal;
using WaCompliance.Providers.Dialog360.Templates;
using WaCompliance.Templates;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.Dialog360.Webhooks;

/// <summary>
/// Verifies and reads the webhooks 360dialog forwards: Meta's <c>whatsapp_business_account</c> envelope with
/// inbound messages, statuses, template status updates and marketing preferences.
/// </summary>
/// <remarks>
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
/// Neither scheme signs a timestamp or a delivery id, so a captured request can be replayed: replays are absorbed
/// by the webhook processor's deduplication on event ids (the message id for messages, message id and status for
/// statuses), which makes a replay a no-op.
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
    private readonly Dictionary<string, WhatsAppNumber> _senders = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
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
        foreach (var sender in senders)
        {
            _senders[sender.Digits] = sender;
        }

        _timeProvider = timeProvider;
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
            Dialog360Log.WebhookRead(_logger, GatewayName, result.Events.Count);
        }

        return ValueTask.FromResult(result);
    }

    private WebhookReadResult Read(WebhookRequest request)
    {
        if (string.Equals(request.Method, "GET", StringComparison.OrdinalIgnoreCase))
        {
            return Handshake(request.Url);
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

        return Parse(request.Body.Span);
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
            var signature = request.Header(SignatureHeader);
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
            var value = request.Header(_secretHeaderName);
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

    private WebhookReadResult Parse(ReadOnlySpan<byte> body)
    {
        WebhookPayloadDto? payload;
        try
        {
            payload = JsonSerializer.Deserialize(body, Dialog360JsonContext.Default.WebhookPayloadDto);
        }
        catch (JsonException exception)
        {
            return Malformed(exception.Path is { } path ? $"The body is not valid webhook JSON (at {path})." : "The body is not valid JSON.");
        }

        if (payload is null)
        {
            return Malformed("The body is not a JSON object.");
        }

        if (payload.Object is null || payload.Entry is null)
        {
            return Malformed("The body has no 'object' or no 'entry' array.");
        }

        if (!string.Equals(payload.Object, "whatsapp_business_account", StringComparison.Ordinal))
        {
            return WebhookReadResult.Rejected(WebhookRejection.Unsupported, "The body is not a whatsapp_business_account notification.", 400);
        }

        var events = new List<WhatsAppEvent>();
        for (var e = 0; e < payload.Entry.Count; e++)
        {
            if (payload.Entry[e] is not { Changes: { } changes } entry)
            {
                return Malformed(string.Create(CultureInfo.InvariantCulture, $"entry[{e}] has no 'changes' array."));
            }

            for (var c = 0; c < changes.Count; c++)
            {
                if (changes[c] is not { Field: { } field, Value: { } value })
                {
                    return Malformed(string.Create(CultureInfo.InvariantCulture, $"entry[{e}].changes[{c}] has no 'field' or no 'value'."));
                }

                var problem = field switch
                {
                    "messages" => ReadMessages(value, events),
                    "message_template_status_update" => ReadTemplateStatus(entry, value, events),
                    "user_preferences" => ReadPreferences(value, events),
                    _ => Ignore(field),
                };
                if (problem is not null)
                {
                    return Malformed(string.Create(CultureInfo.InvariantCulture, $"entry[{e}].changes[{c}].value.{problem}"));
                }
            }
        }

        return WebhookReadResult.Accepted(events);
    }

    private string? Ignore(string field)
    {
        Dialog360Log.WebhookIgnored(_logger, GatewayName, "field " + (field.Length <= 64 ? field : field[..64]));
        return null;
    }

    private string? ReadMessages(WebhookValueDto value, List<WhatsAppEvent> events)
    {
        var business = BusinessNumber(value.Metadata);
        if (value.Messages is { } messages)
        {
            for (var i = 0; i < messages.Count; i++)
            {
                if (ReadMessage(messages[i], business, events) is { } problem)
                {
                    return string.Create(CultureInfo.InvariantCulture, $"messages[{i}]{problem}");
                }
            }
        }

        if (value.Statuses is { } statuses)
        {
            for (var i = 0; i < statuses.Count; i++)
            {
                if (ReadStatus(statuses[i], business, events) is { } problem)
                {
                    return string.Create(CultureInfo.InvariantCulture, $"statuses[{i}]{problem}");
                }
            }
        }

        if (value.Errors is { Count: > 0 } errors)
        {
            Dialog360Log.WebhookIgnored(_logger, GatewayName, string.Create(CultureInfo.InvariantCulture, $"{errors.Count} webhook-level errors"));
        }

        return null;
    }

    private string? ReadMessage(WebhookMessageDto? message, WhatsAppNumber? business, List<WhatsAppEvent> events)
    {
        if (message is not { From: { Length: > 0 } fromDigits, Id: { Length: > 0 } id, Type: { Length: > 0 } type })
        {
            return " lacks 'from', 'id' or 'type'.";
        }

        if (!TryNumber(fromDigits, out var from))
        {
            return ".from is not a phone number.";
        }

        if (!TryTime(message.Timestamp, out var occurredAt))
        {
            return ".timestamp is out of range.";
        }

        if (type == "system")
        {
            Dialog360Log.WebhookIgnored(_logger, GatewayName, "system message");
            return null;
        }

        var replyTo = message.Context?.Id;
        if (type == "button" && message.Button is { } button)
        {
            events.Add(new ButtonReplyEvent
            {
                EventId = id, Source = GatewayName, OccurredAt = occurredAt, Business = business,
                From = from, MessageId = id, Payload = button.Payload, Text = button.Text, ReplyToMessageId = replyTo,
            });
            return null;
        }

        if (type == "interactive" && message.Interactive is { } interactive && (interactive.ButtonReply ?? interactive.ListReply) is { } reply)
        {
            events.Add(new ButtonReplyEvent
            {
                EventId = id, Source = GatewayName, OccurredAt = occurredAt, Business = business,
                From = from, MessageId = id, Payload = reply.Id, Text = reply.Title, ReplyToMessageId = replyTo,
            });
            return null;
        }

        var text = type switch
        {
            "text" => message.Text?.Body,
            "image" => message.Image?.Caption,
            "video" => message.Video?.Caption,
            "document" => message.Document?.Caption,
            _ => null,
        };
        events.Add(new InboundMessageEvent
        {
            EventId = id, Source = GatewayName, OccurredAt = occurredAt, Business = business,
            From = from, MessageId = id, Text = text, MessageType = type,
            Origin = message.Referral is null ? InboundOrigin.Organic : InboundOrigin.EntryPointReferral,
            ReplyToMessageId = replyTo,
        });
        return null;
    }

    private string? ReadStatus(WebhookStatusDto? status, WhatsAppNumber? business, List<WhatsAppEvent> events)
    {
        if (status is not { Id: { Length: > 0 } id, Status: { Length: > 0 } value })
        {
            return " lacks 'id' or 'status'.";
        }

        if (!TryTime(status.Timestamp, out var occurredAt))
        {
            return ".timestamp is out of range.";
        }

        WhatsAppNumber? recipient = null;
        if (status.RecipientId is { Length: > 0 } recipientId)
        {
            // Group messages carry a group id here: no number then.
            recipient = TryNumber(recipientId, out var number) ? number : null;
        }

        var error = status.Errors is [{ } first, ..] ? ToError(first) : null;
        MessageDeliveryStatus? delivery = value switch
        {
            "sent" => MessageDeliveryStatus.Sent,
            "delivered" => MessageDeliveryStatus.Delivered,
            "read" => MessageDeliveryStatus.Read,
            "failed" => error?.Kind is ProviderErrorKind.RecipientInvalid or ProviderErrorKind.OutsideWindow or ProviderErrorKind.MarketingLimit
                or ProviderErrorKind.OptedOut or ProviderErrorKind.SpamQuality
                ? MessageDeliveryStatus.Undelivered
                : MessageDeliveryStatus.Failed,
            _ => null,
        };
        if (delivery is not { } known)
        {
            Dialog360Log.WebhookIgnored(_logger, GatewayName, "status " + (value.Length <= 32 ? value : value[..32]));
            return null;
        }

        events.Add(new MessageStatusEvent
        {
            EventId = $"{id}:{value}", Source = GatewayName, OccurredAt = occurredAt, Business = business,
            ProviderMessageId = id, Status = known, Recipient = recipient,
            Error = known is MessageDeliveryStatus.Failed or MessageDeliveryStatus.Undelivered
                ? error ?? new ProviderError(ProviderErrorKind.Unknown, null, "The message failed without an error.")
                : null,
        });
        return null;
    }

    private string? ReadTemplateStatus(WebhookEntryDto entry, WebhookValueDto value, List<WhatsAppEvent> events)
    {
        if (value is not { Event: { Length: > 0 } change, MessageTemplateName: { Length: > 0 } name })
        {
            return "event or message_template_name is missing.";
        }

        TemplateStatus? status = change switch
        {
            "APPROVED" or "REINSTATED" => TemplateStatus.Approved,
            "PENDING" => TemplateStatus.Pending,
            "REJECTED" => TemplateStatus.Rejected,
            "PAUSED" => TemplateStatus.Paused,
            "DISABLED" => TemplateStatus.Disabled,
            "IN_APPEAL" => TemplateStatus.InAppeal,
            "PENDING_DELETION" => TemplateStatus.PendingDeletion,
            "DELETED" => TemplateStatus.Deleted,
            "LIMIT_EXCEEDED" => TemplateStatus.LimitExceeded,
            "ARCHIVED" => TemplateStatus.Archived,
            _ => null,
        };
        if (status is not { } known)
        {
            // FLAGGED, UNARCHIVED and future events do not name a status this SDK can act on.
            Dialog360Log.WebhookIgnored(_logger, GatewayName, "template event " + (change.Length <= 32 ? change : change[..32]));
            return null;
        }

        if (!TryTime(entry.Time, out var occurredAt))
        {
            return "the entry's time is out of range.";
        }

        var templateId = value.MessageTemplateId?.ToString(CultureInfo.InvariantCulture);
        events.Add(new TemplateStatusEvent
        {
            EventId = $"template:{templateId ?? name + ":" + value.MessageTemplateLanguage}:{change}:{occurredAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}",
            Source = GatewayName,
            OccurredAt = occurredAt,
            TemplateName = name,
            Language = value.MessageTemplateLanguage,
            ProviderTemplateId = templateId,
            Status = known,
            Category = TemplateJson.Category(value.MessageTemplateCategory),
            Reason = value.Reason is null or "NONE" ? null : value.Reason,
        });
        return null;
    }

    private string? ReadPreferences(WebhookValueDto value, List<WhatsAppEvent> events)
    {
        if (value.UserPreferences is not { } preferences)
        {
            return "user_preferences is missing.";
        }

        var business = BusinessNumber(value.Metadata);
        for (var i = 0; i < preferences.Count; i++)
        {
            if (preferences[i] is not { WaId: { Length: > 0 } waId, Value: { Length: > 0 } choice } preference)
            {
                return string.Create(CultureInfo.InvariantCulture, $"user_preferences[{i}] lacks 'wa_id' or 'value'.");
            }

            if (preference.Category is { } category && !string.Equals(category, "marketing_messages", StringComparison.Ordinal))
            {
                Dialog360Log.WebhookIgnored(_logger, GatewayName, "preference category");
                continue;
            }

            MarketingPreference? kind = choice switch
            {
                "stop" => MarketingPreference.Stop,
                "resume" => MarketingPreference.Resume,
                _ => null,
            };
            if (kind is not { } known)
            {
                Dialog360Log.WebhookIgnored(_logger, GatewayName, "preference value");
                continue;
            }

            if (!TryNumber(waId, out var from))
            {
                return string.Create(CultureInfo.InvariantCulture, $"user_preferences[{i}].wa_id is not a phone number.");
            }

            if (!TryTime(preference.Timestamp, out var occurredAt))
            {
                return string.Create(CultureInfo.InvariantCulture, $"user_preferences[{i}].timestamp is out of range.");
            }

            events.Add(new MarketingPreferenceEvent
            {
                // The id is a digest: it must not carry the person's number.
                EventId = "preference:" + Digest($"{waId}|{choice}|{occurredAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}"),
                Source = GatewayName,
                OccurredAt = occurredAt,
                Business = business,
                From = from,
                Preference = known,
            });
        }

        return null;
    }

    private static ProviderError ToError(WebhookErrorDto error)
    {
        var details = error.ErrorData?.Details;
        var message = error.Message ?? error.Title;
        var text = message is null ? details : details is null || message.Contains(details, StringComparison.Ordinal) ? message : $"{message}: {details}";
        return error.Code is { } code
            ? new ProviderError(CloudApiErrorMapper.KindOfCode(code, details) ?? ProviderErrorKind.Unknown, code.ToString(CultureInfo.InvariantCulture), text)
            : new ProviderError(ProviderErrorKind.Unknown, null, text);
    }

    private WhatsAppNumber? BusinessNumber(WebhookMetadataDto? metadata)
    {
        if (metadata?.DisplayPhoneNumber is not { Length: > 0 } display)
        {
            return null;
        }

        var digits = display.All(char.IsAsciiDigit) ? display : new string([.. display.Where(char.IsAsciiDigit)]);
        return _senders.TryGetValue(digits, out var sender) ? sender : TryNumber(digits, out var number) ? number : null;
    }

    private static bool TryNumber(string digits, out WhatsAppNumber number)
    {
        number = default;
        return digits.Length is > 0 and <= 15 && digits.All(char.IsAsciiDigit) && WhatsAppNumber.TryParse("+" + digits, null, out number);
    }

    /// <summary>Unix seconds from 2009 (WhatsApp's founding) to the year 9999; a missing time is the time of reading.</summary>
    private bool TryTime(long? seconds, out DateTimeOffset time)
    {
        if (seconds is not { } value)
        {
            time = _timeProvider.GetUtcNow();
            return true;
        }

        if (value is >= 1_230_768_000 and <= 253_402_300_799)
        {
            time = DateTimeOffset.FromUnixTimeSeconds(value);
            return true;
        }

        time = default;
        return false;
    }

    private static string Digest(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));

    private static WebhookReadResult Malformed(string message) =>
        WebhookReadResult.Rejected(WebhookRejection.BodyMalformed, message, 400);
}
