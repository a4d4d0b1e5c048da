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

    /// <summary>Whether retrying the same request can succeed.</summary>
    public bool IsRetryable => Kind is ProviderErrorKind.RateLimited or ProviderErrorKind.Transient;

    /// <summary>The stable code of the kind, e.g. <c>OutsideWindow</c>.</summary>
    public string Code => Kind.ToString();
}
