using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using WaCompliance.Gateways;
using WaCompliance.Privacy;

namespace WaCompliance.Providers.MessageBird.Errors;

/// <summary>
/// Turns an error response of any MessageBird/Bird API into a <see cref="ProviderError"/>. Understands the Bird
/// envelope <c>{"error":{type, code, name, message, vendor_code, meta_error_code}}</c>, a flat
/// <c>{code, message|description, meta_error_code}</c> object (message <c>last_error</c> style) and the legacy
/// <c>{"errors":[{code, description, parameter}]}</c>.
/// </summary>
/// <remarks>
/// Precedence: an embedded Meta code (<c>meta_error_code</c>, or a numeric <c>vendor_code</c>) mapped through
/// <see cref="WhatsAppErrorCodes"/>; then Bird's error name, code and type; then the legacy numeric code; then the HTTP
/// status. HTTP 429 is always <see cref="ProviderErrorKind.RateLimited"/>, and an unclassified 5xx is
/// <see cref="ProviderErrorKind.Transient"/>. The provider code kept is the one that decided the kind. Numbers and user
/// IDs quoted in the message are masked (<see cref="TextMasking"/>).
/// </remarks>
internal static class MessageBirdErrorReader
{
    private const int MaxMessageLength = 512;

    public static ProviderError Read(int httpStatus, ReadOnlySpan<byte> body, RetryConditionHeaderValue? retryAfter, DateTimeOffset now)
    {
        var kind = ProviderErrorKind.Unknown;
        string? code = null;
        string? message = null;
        try
        {
            if (!body.IsEmpty)
            {
                using var document = JsonDocument.Parse(body.ToArray());
                (kind, code, message) = Classify(document.RootElement);
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, an empty gateway error): the HTTP status decides.
        }

        if (httpStatus == 429)
        {
            kind = ProviderErrorKind.RateLimited;
        }
        else if (kind == ProviderErrorKind.Unknown)
        {
            kind = BirdErrorCodes.FromHttpStatus(httpStatus);
        }

        return new ProviderError(kind, code, Truncate(message))
        {
            HttpStatus = httpStatus,
            RetryAfter = ParseRetryAfter(retryAfter, now),
        };
    }

    /// <summary>Classifies an error object (also used for message-level errors in webhooks).</summary>
    public static (ProviderErrorKind Kind, string? Code, string? Message) Classify(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (ProviderErrorKind.Unknown, null, null);
        }

        var envelope = root.TryGetProperty("error", out var inner) && inner.ValueKind == JsonValueKind.Object ? inner : root;
        var message = String(envelope, "message") ?? String(envelope, "description");

        long? metaCode = Number(envelope, "meta_error_code") ?? Number(envelope, "vendor_code");
        if (metaCode is { } meta && WhatsAppErrorCodes.TryMap(meta, out var metaKind))
        {
            return (metaKind, meta.ToString(CultureInfo.InvariantCulture), message);
        }

        foreach (var field in (ReadOnlySpan<string>)["name", "code", "type"])
        {
            var value = String(envelope, field);
            if (BirdErrorCodes.TryMap(value, out var kind))
            {
                return (kind, value, message);
            }
        }

        if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
        {
            var first = errors[0];
            if (first.ValueKind == JsonValueKind.Object)
            {
                var legacyMessage = String(first, "description") ?? message;
                if (Number(first, "code") is { } legacyCode)
                {
                    BirdErrorCodes.TryMapLegacy(legacyCode, out var legacyKind);
                    return (legacyKind, legacyCode.ToString(CultureInfo.InvariantCulture), legacyMessage);
                }

                return (ProviderErrorKind.Unknown, null, legacyMessage);
            }
        }

        var opaque = String(envelope, "code") ?? (Number(envelope, "code") is { } n ? n.ToString(CultureInfo.InvariantCulture) : null);
        return (ProviderErrorKind.Unknown, opaque ?? String(envelope, "name") ?? String(envelope, "type"), message);
    }

    /// <summary>
    /// Whether an error body names the recipient as the field at fault: a <c>param</c>/<c>parameter</c> (of the error,
    /// its <c>details</c> or the legacy <c>errors</c>) or a <c>details</c> key that is <c>receiver…</c>, <c>to</c> or
    /// an identifier.
    /// </summary>
    public static bool ConcernsRecipient(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            var envelope = root.TryGetProperty("error", out var inner) && inner.ValueKind == JsonValueKind.Object ? inner : root;
            if (IsRecipientField(String(envelope, "param")))
            {
                return true;
            }

            foreach (var list in (ReadOnlySpan<JsonElement>)[Webhooks.JsonText.Child(envelope, "details"), Webhooks.JsonText.Child(root, "errors")])
            {
                if (list.ValueKind == JsonValueKind.Array)
                {
                    foreach (var detail in list.EnumerateArray())
                    {
                        if (detail.ValueKind == JsonValueKind.Object && (IsRecipientField(String(detail, "param")) || IsRecipientField(String(detail, "parameter"))))
                        {
                            return true;
                        }
                    }
                }
                else if (list.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in list.EnumerateObject())
                    {
                        if (IsRecipientField(property.Name))
                        {
                            return true;
                        }
                    }
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not JSON, or names that cannot be read: nothing says the recipient is at fault.
        }

        return false;
    }

    private static bool IsRecipientField(string? field) =>
        field is not null
        && (field.StartsWith("receiver", StringComparison.OrdinalIgnoreCase)
            || field.Equals("to", StringComparison.OrdinalIgnoreCase)
            || field.Contains("identifier", StringComparison.OrdinalIgnoreCase));

    public static TimeSpan? ParseRetryAfter(RetryConditionHeaderValue? retryAfter, DateTimeOffset now)
    {
        if (retryAfter is null)
        {
            return null;
        }

        if (retryAfter.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (retryAfter.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    internal static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? Webhooks.JsonText.StringOrNull(value) : null;

    internal static long? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? NumberValue(value) : null;

    /// <summary>A code given as a JSON number or a numeric string.</summary>
    internal static long? NumberValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out var number) => number,
        JsonValueKind.String when long.TryParse(Webhooks.JsonText.StringOrNull(value), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    /// <summary>A code given as a JSON string or number, as text.</summary>
    internal static string? CodeText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => Webhooks.JsonText.StringOrNull(value),
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };

    /// <summary>The message as kept: the recipient's number or user ID masked (Bird quotes the receiver), then cut.</summary>
    private static string? Truncate(string? message)
    {
        message = TextMasking.MaskIdentifiers(message);
        return message is { Length: > MaxMessageLength } ? message[..MaxMessageLength] : message;
    }
}
