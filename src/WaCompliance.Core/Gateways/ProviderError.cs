namespace WaCompliance.Gateways;

/// <summary>An error a provider reported, in the common vocabulary and in its own words.</summary>
/// <param name="Kind">The common kind.</param>
/// <param name="ProviderCode">The provider's own code, e.g. <c>63016</c> or <c>131047</c>.</param>
/// <param name="Message">The provider's message (never message content or a number).</param>
public sealed record ProviderError(ProviderErrorKind Kind, string? ProviderCode, string? Message)
{
    /// <summary>How long the provider asked to wait before retrying (Retry-After), if it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The HTTP status of the response that carried the error, if any.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>
    /// Whether the answer leaves open that the provider accepted the message: a server error (HTTP 5xx) came back
    /// after the request reached the provider or a proxy in front of it, except a 503 with <c>Retry-After</c>, which
    /// says the request was not processed. Such a send is recorded as unknown and never retried blindly (see
    /// <see cref="MayHaveBeenAccepted(int?, TimeSpan?)"/>).
    /// </summary>
    public bool IsOutcomeUnknown => MayHaveBeenAccepted(HttpStatus, RetryAfter);

    /// <summary>
    /// Whether sending the same request again can succeed and cannot duplicate the message: a rate limit or a
    /// transient refusal that says the request was not processed (429, 503 with <c>Retry-After</c>, a refusal with a
    /// 4xx status or none). Never true when <see cref="IsOutcomeUnknown"/>.
    /// </summary>
    public bool IsRetryable => Kind is ProviderErrorKind.RateLimited or ProviderErrorKind.Transient && !IsOutcomeUnknown;

    /// <summary>The stable code of the kind, e.g. <c>OutsideWindow</c>.</summary>
    public string Code => Kind.ToString();

    /// <summary>
    /// The rule every gateway shares for HTTP answers: a 5xx status means the request reached a server that failed
    /// while handling it (500), or a proxy that lost or gave up on it (502, 504), so the provider may have accepted
    /// the message; only 503 with <c>Retry-After</c> says it was refused unprocessed. 429 and 4xx answers are refusals.
    /// </summary>
    /// <param name="httpStatus">The HTTP status, or <see langword="null"/> when the error did not come from an HTTP answer.</param>
    /// <param name="retryAfter">The Retry-After delay the answer carried, if any.</param>
    /// <returns>Whether the message may have been accepted.</returns>
    public static bool MayHaveBeenAccepted(int? httpStatus, TimeSpan? retryAfter) =>
        httpStatus is >= 500 and <= 599 && !(httpStatus == 503 && retryAfter is not null);
}
