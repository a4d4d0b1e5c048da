using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.MessageBird.Webhooks;

/// <summary>
/// Bird webhook signatures (providers.md §5b, §8.4): <c>messagebird-signature</c> is the base64 HMAC-SHA256, keyed with
/// the subscription's signing key (its UTF-8 bytes), of <c>timestamp + "\n" + url + "\n"</c> followed by the raw
/// 32-byte SHA-256 digest of the body; <c>messagebird-request-timestamp</c> is the Unix time in seconds.
/// </summary>
internal static class ChannelsSignature
{
    public const string SignatureHeader = "messagebird-signature";
    public const string TimestampHeader = "messagebird-request-timestamp";

    /// <summary>Longer than any Unix time in seconds (19 digits) with room for white space.</summary>
    private const int MaxTimestampLength = 32;

    public static SignatureVerdict Verify(
        ReadOnlySpan<byte> key, string? signature, string? timestamp, string url, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(timestamp))
        {
            return SignatureVerdict.Invalid(WebhookRejection.SignatureMissing,
                "The messagebird-signature and messagebird-request-timestamp headers are both required.");
        }

        if (timestamp.Length > MaxTimestampLength)
        {
            return SignatureVerdict.Invalid(WebhookRejection.SignatureInvalid, "The messagebird-request-timestamp is not a Unix time in seconds.");
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Compute(key, timestamp, url, body, expected);

        Span<byte> provided = stackalloc byte[64];
        if (!Convert.TryFromBase64String(signature.Trim(), provided, out var written) || written != HMACSHA256.HashSizeInBytes
            || !CryptographicOperations.FixedTimeEquals(expected, provided[..written]))
        {
            return SignatureVerdict.Invalid(WebhookRejection.SignatureInvalid, "The messagebird-signature does not match the request.");
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return SignatureVerdict.Invalid(WebhookRejection.SignatureInvalid, "The messagebird-request-timestamp is not a Unix time in seconds.");
        }

        var signedAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if ((now - signedAt).Duration() > tolerance)
        {
            return SignatureVerdict.Invalid(WebhookRejection.TimestampStale, "The signed timestamp is outside the accepted tolerance.");
        }

        // The replay key is the signature's bytes, not its text: the same signature written with other white space
        // is the same signed request.
        var replayUntil = signedAt > DateTimeOffset.MaxValue - tolerance ? DateTimeOffset.MaxValue : signedAt + tolerance;
        return SignatureVerdict.Valid("bird:" + Convert.ToBase64String(provided[..written]), replayUntil);
    }

    /// <summary>Computes the signature bytes (32) into <paramref name="destination"/>.</summary>
    public static void Compute(ReadOnlySpan<byte> key, string timestamp, string url, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        var prefixLength = Encoding.UTF8.GetMaxByteCount(timestamp.Length + url.Length + 2);
        var total = prefixLength + SHA256.HashSizeInBytes;
        byte[]? rented = null;
        var buffer = total <= 1024 ? stackalloc byte[total] : (rented = ArrayPool<byte>.Shared.Rent(total));
        try
        {
            var length = Encoding.UTF8.GetBytes(timestamp, buffer);
            buffer[length++] = (byte)'\n';
            length += Encoding.UTF8.GetBytes(url, buffer[length..]);
            buffer[length++] = (byte)'\n';
            length += SHA256.HashData(body, buffer[length..]);
            HMACSHA256.HashData(key, buffer[..length], destination);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The base64 signature of a request (tests, tools and the stub signer).</summary>
    public static string Sign(string key, string timestamp, string url, ReadOnlySpan<byte> body)
    {
        Span<byte> signature = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Compute(Encoding.UTF8.GetBytes(key), timestamp, url, body, signature);
        return Convert.ToBase64String(signature);
    }
}
