namespace WaCompliance.Providers.Dialog360.Tests.Infrastructure;

/// <summary>A request the stub received.</summary>
/// <param name="Method">The method.</param>
/// <param name="PathAndQuery">The path and query.</param>
/// <param name="Headers">The headers.</param>
/// <param name="Body">The body text.</param>
public sealed record CapturedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body);
