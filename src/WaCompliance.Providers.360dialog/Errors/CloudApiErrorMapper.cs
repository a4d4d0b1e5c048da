using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using WaCompliance.Gateways;
using WaCompliance.Privacy;

namespace WaCompliance.Providers.Dialog360.Errors;

/// <summary>
/// Maps error responses to the common vocabulary: Meta Graph errors passed through by 360dialog
/// (<c>{"error":{"code":131047,...}}</c>), 360dialog's own errors (<c>{"meta":{"http_code":400,"developer_message":...}}</c>
/// or <c>{"errors":[{"code":...,"title":...}]}</c>) and bare HTTP statuses. Numbers and user IDs quoted in a message
/// are masked (<see cref="TextMasking"/>).
/// </summary>
internal static class CloudApiErrorMapper
{
    private const int MaxMessageLength = 512;

    /// <summary>Maps a Meta/WhatsApp error code (also used for <c>statuses[].errors[]</c> in webhooks).</summary>
    /// <param name="code">The code.</param>
    /// <param name="details">The error details (<c>error_data.details</c>), used only to tell a bad recipient from another bad parameter for code 100.</param>
    /// <returns>The kind, or <see langword="null"/> when the code is not in the table.</returns>
    public static ProviderErrorKind? KindOfCode(long code, string? details = null) => code switch
    {
        131047 => ProviderErrorKind.OutsideWindow,
        131026 or 131030 => ProviderErrorKind.RecipientInvalid,
        100 => IsAboutRecipient(details) ? ProviderErrorKind.RecipientInvalid : ProviderErrorKind.InvalidRequest,
        131049 or 130472 => ProviderErrorKind.MarketingLimit,
        131050 => ProviderErrorKind.OptedOut,
        131062 => ProviderErrorKind.UserIdNotSupported,
        131048 => ProviderErrorKind.SpamQuality,
        130429 or 131056 or 4 or 80007 => ProviderErrorKind.RateLimited,
        132000 or 132005 or 132007 or 132012 => ProviderErrorKind.TemplateParameterMismatch,
        132001 => ProviderErrorKind.TemplateNotFound,
        132015 => ProviderErrorKind.TemplatePaused,
        132016 => ProviderErrorKind.TemplateDisabled,
        131042 => ProviderErrorKind.Billing,
        368 or 131031 => ProviderErrorKind.AccountBlocked,
        0 or 190 => ProviderErrorKind.AuthFailed,
        3 or 10 or (>= 200 and <= 299) => ProviderErrorKind.AuthFailed,
        131000 or 1 or 2 or 131016 => ProviderErrorKind.Transient,
        131008 or 131009 or 131021 or 131051 or 131052 or 131053 or 132068 or 132069 => ProviderErrorKind.InvalidRequest,
        _ => null,
    };

    /// <summary>Maps an error response.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="body">The response body.</param>
    /// <param name="retryAfter">The Retry-After header, if any.</param>
    /// <param name="now">The current time, to turn a Retry-After date into a delay.</param>
    /// <returns>The error.</returns>
    public static ProviderError Map(int statusCode, ReadOnlySpan<byte> body, RetryConditionHeaderValue? retryAfter, DateTimeOffset now)
    {
        var error = ParseBody(statusCode, body);
        return error with { HttpStatus = statusCode, RetryAfter = RetryDelay(retryAfter, now) };
    }

    /// <summary>Turns a Retry-After header into a delay (zero for a date in the past).</summary>
    /// <param name="retryAfter">The header.</param>
    /// <param name="now">The current time.</param>
    /// <returns>The delay, or <see langword="null"/> when there was none.</returns>
    public static TimeSpan? RetryDelay(RetryConditionHeaderValue? retryAfter, DateTimeOffset now)
    {
        if (retryAfter?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (retryAfter?.Date is { } date)
        {
            var delay = date - now;
            return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
        }

        return null;
    }

    private static ProviderError ParseBody(int statusCode, ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (body.Length > 0 && reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                using var document = JsonDocument.ParseValue(ref reader);
                var root = document.RootElement;
                if (root.TryGetProperty("error"u8, out var graph) && graph.ValueKind == JsonValueKind.Object)
                {
                    return FromGraphError(statusCode, graph);
                }

                if (root.TryGetProperty("errors"u8, out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0
                    && errors[0].ValueKind == JsonValueKind.Object)
                {
                    return FromErrorsArray(statusCode, errors[0]);
                }

                if (root.TryGetProperty("meta"u8, out var meta) && meta.ValueKind == JsonValueKind.Object)
                {
                    return FromStatus(statusCode, String(meta, "developer_message"u8) ?? String(meta, "message"u8));
                }

                if (String(root, "message"u8) is { } message)
                {
                    return FromStatus(statusCode, message);
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, an empty body): the HTTP status decides.
        }

        return FromStatus(statusCode, null);
    }

    private static ProviderError FromGraphError(int statusCode, JsonElement graph)
    {
        var message = String(graph, "message"u8);
        string? details = null;
        if (graph.TryGetProperty("error_data"u8, out var data) && data.ValueKind == JsonValueKind.Object)
        {
            details = String(data, "details"u8);
        }

        var transient = graph.TryGetProperty("is_transient"u8, out var flag) && flag.ValueKind == JsonValueKind.True;
        if (Number(graph, "code"u8) is not { } code)
        {
            var fallback = FromStatus(statusCode, message);
            return transient && fallback.Kind == ProviderErrorKind.Unknown ? fallback with { Kind = ProviderErrorKind.Transient } : fallback;
        }

        // A code outside the table stays Unknown (its code kept), unless Meta flags it transient or the HTTP status
        // itself says "retry" (429, 5xx).
        var kind = KindOfCode(code, details)
            ?? (transient
                ? ProviderErrorKind.Transient
                : KindOfStatus(statusCode, null) switch
                {
                    ProviderErrorKind.RateLimited => ProviderErrorKind.RateLimited,
                    ProviderErrorKind.Transient => ProviderErrorKind.Transient,
                    _ => ProviderErrorKind.Unknown,
                });
        return new ProviderError(kind, code.ToString(CultureInfo.InvariantCulture), Describe(message, details));
    }

    private static ProviderError FromErrorsArray(int statusCode, JsonElement error)
    {
        var title = String(error, "title"u8) ?? String(error, "message"u8);
        var details = String(error, "details"u8);
        if (Number(error, "code"u8) is { } code)
        {
            var kind = KindOfCode(code, details) ?? KindOfStatus(statusCode, title ?? details);
            return new ProviderError(kind, code.ToString(CultureInfo.InvariantCulture), Describe(title, details));
        }

        return FromStatus(statusCode, Describe(title, details));
    }

    /// <summary>360dialog's own errors carry no code: the HTTP status and the documented message decide.</summary>
    private static ProviderError FromStatus(int statusCode, string? message) =>
        new(KindOfStatus(statusCode, message), null, Trim(message) ?? $"HTTP {statusCode.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>
    /// 360dialog documents its rate limit as HTTP 400 "You have exceeded the endpoint rate limit", a lack of payment
    /// as HTTP 400 "Could not send message due to lack of payment", a disabled API as HTTP 400, an invalid key as
    /// 401 and a blocked endpoint as 403.
    /// </summary>
    private static ProviderErrorKind KindOfStatus(int statusCode, string? message)
    {
        if (message is not null)
        {
            if (message.Contains("rate limit", StringComparison.OrdinalIgnoreCase))
            {
                return ProviderErrorKind.RateLimited;
            }

            if (message.Contains("payment", StringComparison.OrdinalIgnoreCase))
            {
                return ProviderErrorKind.Billing;
            }

            if (message.Contains("has been disabled", StringComparison.OrdinalIgnoreCase))
            {
                return ProviderErrorKind.AccountBlocked;
            }
        }

        return statusCode switch
        {
            401 => ProviderErrorKind.AuthFailed,
            402 => ProviderErrorKind.Billing,
            403 => ProviderErrorKind.AccountBlocked,
            408 => ProviderErrorKind.Transient,
            429 => ProviderErrorKind.RateLimited,
            >= 500 => ProviderErrorKind.Transient,
            _ => ProviderErrorKind.Unknown,
        };
    }

    private static bool IsAboutRecipient(string? details) =>
        details is not null
        && (details.Contains("'to'", StringComparison.OrdinalIgnoreCase)
            || details.Contains("\"to\"", StringComparison.OrdinalIgnoreCase)
            || details.Contains("phone number", StringComparison.OrdinalIgnoreCase)
            || details.Contains("recipient", StringComparison.OrdinalIgnoreCase));

    private static string? Describe(string? message, string? details) =>
        Trim(message is null ? details : details is null || message.Contains(details, StringComparison.Ordinal) ? message : $"{message}: {details}");

    /// <summary>
    /// The message as kept: the recipient's number or user ID masked (Meta's messages quote them, e.g. code 131026's
    /// details; the message is stored with the send record), then cut to the length kept.
    /// </summary>
    private static string? Trim(string? text)
    {
        text = TextMasking.MaskIdentifiers(text);
        return text is null ? null : text.Length <= MaxMessageLength ? text : text[..MaxMessageLength];
    }

    private static string? String(JsonElement element, ReadOnlySpan<byte> name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Number(JsonElement element, ReadOnlySpan<byte> name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
        {
            return number;
        }

        return value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : null;
    }
}
