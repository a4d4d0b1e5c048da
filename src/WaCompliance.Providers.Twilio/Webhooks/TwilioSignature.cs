using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace WaCompliance.Providers.Twilio.Webhooks;

/// <summary>
/// Twilio's request signature (<c>X-Twilio-Signature</c>): base64 HMAC over the full URL followed by every POST
/// parameter as <c>name + value</c>, sorted by name (ordinal), keyed with the Auth Token; HMAC-SHA1 by default,
/// HMAC-SHA256 when a Webhooks Rule says so in <c>X-Twilio-Webhooks-Signature-Settings</c>.
/// </summary>
internal static class TwilioSignature
{
    /// <summary>The HMAC of a signature.</summary>
    internal enum Algorithm
    {
        HmacSha1,
        HmacSha256,
    }

    /// <summary>Reads the algorithm from <c>X-Twilio-Webhooks-Signature-Settings</c> (<c>key=KS…,algorithm=HMAC_SHA256</c>); absent means HMAC-SHA1.</summary>
    public static bool TryGetAlgorithm(string? settings, out Algorithm algorithm)
    {
        algorithm = Algorithm.HmacSha1;
        if (string.IsNullOrWhiteSpace(settings))
        {
            return true;
        }

        foreach (var part in settings.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!part.StartsWith("algorithm=", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var name = part["algorithm=".Length..];
            if (string.Equals(name, "HMAC_SHA256", StringComparison.Ordinal))
            {
                algorithm = Algorithm.HmacSha256;
                return true;
            }

            return string.Equals(name, "HMAC_SHA1", StringComparison.Ordinal);
        }

        return true;
    }

    /// <summary>Sorts parameters the way Twilio signs them: by name, then by value, ordinal.</summary>
    public static void Sort(List<KeyValuePair<string, string>> parameters) =>
        parameters.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Key, b.Key);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });

    /// <summary>
    /// Whether the signature matches the URL (as given, then with the port toggled as Twilio's validators do) and the
    /// sorted parameters. Constant-time comparison.
    /// </summary>
    public static bool Verify(byte[] key, Algorithm algorithm, string url, List<KeyValuePair<string, string>>? sortedParameters, ReadOnlySpan<byte> expected)
    {
        var parameterBytes = 0;
        if (sortedParameters is not null)
        {
            foreach (var pair in sortedParameters)
            {
                parameterBytes += Encoding.UTF8.GetByteCount(pair.Key) + Encoding.UTF8.GetByteCount(pair.Value);
            }
        }

        var other = TogglePort(url);
        var urlBytes = Math.Max(Encoding.UTF8.GetByteCount(url), other is null ? 0 : Encoding.UTF8.GetByteCount(other));
        var buffer = ArrayPool<byte>.Shared.Rent(urlBytes + parameterBytes);
        try
        {
            // Parameters go at the end once; each URL variant is written in front of them.
            var tail = buffer.AsSpan(urlBytes, parameterBytes);
            if (sortedParameters is not null)
            {
                var at = 0;
                foreach (var pair in sortedParameters)
                {
                    at += Encoding.UTF8.GetBytes(pair.Key, tail[at..]);
                    at += Encoding.UTF8.GetBytes(pair.Value, tail[at..]);
                }
            }

            return Matches(key, algorithm, url, buffer, urlBytes, parameterBytes, expected)
                || (other is not null && Matches(key, algorithm, other, buffer, urlBytes, parameterBytes, expected));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Computes the base64 signature of a URL and parameters (used by tests and the benchmark's sender side).</summary>
    public static string Compute(byte[] key, Algorithm algorithm, string url, IEnumerable<KeyValuePair<string, string>>? parameters)
    {
        var text = new StringBuilder(url);
        if (parameters is not null)
        {
            var sorted = parameters.ToList();
            Sort(sorted);
            foreach (var pair in sorted)
            {
                text.Append(pair.Key).Append(pair.Value);
            }
        }

        var data = Encoding.UTF8.GetBytes(text.ToString());
        return Convert.ToBase64String(algorithm == Algorithm.HmacSha256 ? HMACSHA256.HashData(key, data) : HMACSHA1.HashData(key, data));
    }

    /// <summary>
    /// The URL with its port toggled: an explicit port removed, or the scheme's default port (443, 80) added when there
    /// is none. <see langword="null"/> when the URL cannot be toggled.
    /// </summary>
    public static string? TogglePort(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            return null;
        }

        var authorityStart = schemeEnd + 3;
        var authorityEnd = url.AsSpan(authorityStart).IndexOfAny('/', '?', '#');
        authorityEnd = authorityEnd < 0 ? url.Length : authorityStart + authorityEnd;
        var authority = url.AsSpan(authorityStart, authorityEnd - authorityStart);
        var hostStart = authority.LastIndexOf('@') + 1;
        var host = authority[hostStart..];
        var colon = host.LastIndexOf(':');
        if (colon > host.LastIndexOf(']'))
        {
            var portAt = authorityStart + hostStart + colon;
            return string.Concat(url.AsSpan(0, portAt), url.AsSpan(authorityEnd));
        }

        var scheme = url.AsSpan(0, schemeEnd);
        var port = scheme.Equals("https", StringComparison.OrdinalIgnoreCase) ? ":443"
            : scheme.Equals("http", StringComparison.OrdinalIgnoreCase) ? ":80"
            : null;
        return port is null ? null : string.Concat(url.AsSpan(0, authorityEnd), port, url.AsSpan(authorityEnd));
    }

    private static bool Matches(byte[] key, Algorithm algorithm, string url, byte[] buffer, int urlSpace, int parameterBytes, ReadOnlySpan<byte> expected)
    {
        // The URL is written right-aligned against the parameters so the signed data is contiguous.
        var length = Encoding.UTF8.GetByteCount(url);
        var start = urlSpace - length;
        Encoding.UTF8.GetBytes(url, buffer.AsSpan(start, length));
        var data = buffer.AsSpan(start, length + parameterBytes);
        Span<byte> hash = stackalloc byte[32];
        var written = algorithm == Algorithm.HmacSha256
            ? HMACSHA256.HashData(key, data, hash)
            : HMACSHA1.HashData(key, data, hash);
        return written == expected.Length && CryptographicOperations.FixedTimeEquals(hash[..written], expected);
    }
}
