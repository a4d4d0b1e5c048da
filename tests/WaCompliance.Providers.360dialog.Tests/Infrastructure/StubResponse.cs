namespace WaCompliance.Providers.Dialog360.Tests.Infrastructure;

/// <summary>A scripted answer of the stub.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Body">The body (JSON unless <paramref name="ContentType"/> says otherwise).</param>
/// <param name="RetryAfter">The Retry-After header value, if any.</param>
/// <param name="ContentType">The content type.</param>
public sealed record StubResponse(int Status, string Body, string? RetryAfter = null, string ContentType = "application/json");
