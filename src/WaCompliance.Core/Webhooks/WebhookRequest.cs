namespace WaCompliance.Webhooks;

/// <summary>
/// A webhook HTTP request as a provider reader needs it: the raw body exactly as received (signatures are computed
/// over it), the public URL it was sent to, and the headers.
/// </summary>
public sealed record WebhookRequest
{
    /// <summary>The HTTP method.</summary>
    public required string Method { get; init; }

    /// <summary>The URL the provider called, as the provider saw it (behind a proxy: the public URL).</summary>
    public required Uri Url { get; init; }

    /// <summary>The headers, case-insensitive; repeated headers joined with commas.</summary>
    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    /// <summary>The raw body.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The content type, if any.</summary>
    public string? ContentType => Headers.TryGetValue("Content-Type", out var value) ? value : null;

    /// <summary>A header value, or <see langword="null"/>.</summary>
    /// <param name="name">The header name (any case).</param>
    /// <returns>The value.</returns>
    public string? Header(string name)
    {
        if (Headers.TryGetValue(name, out var value))
        {
            return value;
        }

        foreach (var pair in Headers)
        {
            if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return pair.Value;
            }
        }

        return null;
    }
}
