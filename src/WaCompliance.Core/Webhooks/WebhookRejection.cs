namespace WaCompliance.Webhooks;

/// <summary>Why a webhook request was refused; nothing it carried was applied.</summary>
/// <param name="Code">A stable code: <c>SIGNATURE_MISSING</c>, <c>SIGNATURE_INVALID</c>, <c>TIMESTAMP_STALE</c>, <c>REPLAYED</c>, <c>BODY_MALFORMED</c>, <c>BODY_TOO_LARGE</c>, <c>UNSUPPORTED</c>.</param>
/// <param name="Message">A human explanation (no secrets, no body content).</param>
/// <param name="StatusCode">The HTTP status to answer: 401 for authentication failures, 400 for malformed bodies, 413 for oversized ones.</param>
public sealed record WebhookRejection(string Code, string Message, int StatusCode)
{
    /// <summary>No signature header.</summary>
    public const string SignatureMissing = "SIGNATURE_MISSING";

    /// <summary>The signature does not match.</summary>
    public const string SignatureInvalid = "SIGNATURE_INVALID";

    /// <summary>The signed timestamp is outside the tolerance.</summary>
    public const string TimestampStale = "TIMESTAMP_STALE";

    /// <summary>The same signed request was seen before.</summary>
    public const string Replayed = "REPLAYED";

    /// <summary>The body cannot be parsed.</summary>
    public const string BodyMalformed = "BODY_MALFORMED";

    /// <summary>The body is larger than allowed.</summary>
    public const string BodyTooLarge = "BODY_TOO_LARGE";

    /// <summary>The request is not a kind this reader handles.</summary>
    public const string Unsupported = "UNSUPPORTED";
}
