using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.MessageBird.Webhooks;

/// <summary>
/// The legacy <c>MessageBird-Signature-JWT</c> header (providers.md §5a, checked against the official vectors): a JWT
/// signed with HS256, HS384 or HS512 (never <c>none</c>) keyed with the signing key's UTF-8 bytes; claims
/// <c>iss</c> = <c>MessageBird</c>, <c>nbf</c> and <c>exp</c> checked against now, <c>url_hash</c> = hex SHA-256 of
/// the full URL, and <c>payload_hash</c> = hex SHA-256 of the body, present exactly when the body is not empty.
/// </summary>
internal static class LegacyJwtSignature
{
    public const string Header = "MessageBird-Signature-JWT";

    /// <summary>Clock difference allowed around <c>nbf</c> and <c>exp</c>.</summary>
    public static readonly TimeSpan Leeway = TimeSpan.FromSeconds(30);

    public static SignatureVerdict Verify(ReadOnlySpan<byte> key, string? token, string url, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return SignatureVerdict.Invalid(WebhookRejection.SignatureMissing, "The MessageBird-Signature-JWT header is required.");
        }

        token = token.Trim();
        var firstDot = token.IndexOf('.', StringComparison.Ordinal);
        var secondDot = firstDot < 0 ? -1 : token.IndexOf('.', firstDot + 1);
        if (firstDot <= 0 || secondDot < 0 || token.IndexOf('.', secondDot + 1) >= 0)
        {
            return Invalid("The signature is not a JWT.");
        }

        var header = Decode(token.AsSpan(0, firstDot));
        var payload = Decode(token.AsSpan(firstDot + 1, secondDot - firstDot - 1));
        var signature = Decode(token.AsSpan(secondDot + 1));
        if (header is null || payload is null || signature is null)
        {
            return Invalid("The signature is not a JWT (bad base64url).");
        }

        string? algorithm;
        try
        {
            using var headerJson = JsonDocument.Parse(header);
            algorithm = JsonText.Property(headerJson.RootElement, "alg");
        }
        catch (JsonException)
        {
            return Invalid("The JWT header is not JSON.");
        }

        var signingInput = Encoding.ASCII.GetBytes(token, 0, secondDot);
        byte[] expected;
        switch (algorithm)
        {
            case "HS256":
                expected = HMACSHA256.HashData(key, signingInput);
                break;
            case "HS384":
                expected = HMACSHA384.HashData(key, signingInput);
                break;
            case "HS512":
                expected = HMACSHA512.HashData(key, signingInput);
                break;
            default:
                return Invalid("The JWT signing method is not HS256, HS384 or HS512.");
        }

        if (!CryptographicOperations.FixedTimeEquals(expected, signature))
        {
            return Invalid("The JWT signature does not match.");
        }

        Claims claims;
        try
        {
            using var claimsJson = JsonDocument.Parse(payload);
            if (!Claims.TryRead(claimsJson.RootElement, out claims))
            {
                return Invalid("The JWT claims are missing or of the wrong type (iss, nbf, exp, url_hash).");
            }
        }
        catch (JsonException)
        {
            return Invalid("The JWT claims are not JSON.");
        }

        if (!string.Equals(claims.Issuer, "MessageBird", StringComparison.Ordinal))
        {
            return Invalid("The JWT issuer is not MessageBird.");
        }

        if (Add(now, Leeway) < claims.NotBefore)
        {
            return SignatureVerdict.Invalid(WebhookRejection.TimestampStale, "The JWT is not valid yet (nbf is in the future).");
        }

        if (Add(now, -Leeway) >= claims.Expires)
        {
            return SignatureVerdict.Invalid(WebhookRejection.TimestampStale, "The JWT has expired (exp is in the past).");
        }

        if (!HashEquals(claims.UrlHash, Encoding.UTF8.GetBytes(url)))
        {
            return Invalid("The JWT url_hash does not match the request URL.");
        }

        if (body.IsEmpty)
        {
            if (claims.PayloadHash is not null)
            {
                return Invalid("The JWT has a payload_hash but the request has no body.");
            }
        }
        else if (claims.PayloadHash is null)
        {
            return Invalid("The request has a body but the JWT has no payload_hash.");
        }
        else if (!HashEquals(claims.PayloadHash, body))
        {
            return Invalid("The JWT payload_hash does not match the body.");
        }

        // The replay key is what the token says, not how it is written: its id and payload hash (or, without an id,
        // the signature's bytes), so the same token re-encoded (padding, white space) is still the same request.
        var replayKey = claims.Id is { Length: > 0 } id
            ? "jwt:" + id + ":" + (claims.PayloadHash?.ToLowerInvariant() ?? "-")
            : "jwt-signature:" + Convert.ToBase64String(signature);
        return SignatureVerdict.Valid(replayKey, Add(claims.Expires, Leeway));
    }

    private static SignatureVerdict Invalid(string reason) => SignatureVerdict.Invalid(WebhookRejection.SignatureInvalid, reason);

    private static bool HashEquals(string hexHash, ReadOnlySpan<byte> data)
    {
        Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(data, actual);
        Span<byte> claimed = stackalloc byte[SHA256.HashSizeInBytes];
        if (hexHash.Length != SHA256.HashSizeInBytes * 2 || Convert.FromHexString(hexHash, claimed, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != SHA256.HashSizeInBytes)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(actual, claimed);
    }

    /// <summary>Decodes base64url (padding and white space allowed); <see langword="null"/> for anything else, never an exception.</summary>
    private static byte[]? Decode(ReadOnlySpan<char> base64Url)
    {
        var buffer = new byte[Base64Url.GetMaxDecodedLength(base64Url.Length)];
        return Base64Url.DecodeFromChars(base64Url, buffer, out var consumed, out var written) == System.Buffers.OperationStatus.Done
            && consumed == base64Url.Length
            ? buffer[..written]
            : null;
    }

    /// <summary>A time moved by a span, held at the ends of the calendar instead of overflowing.</summary>
    private static DateTimeOffset Add(DateTimeOffset time, TimeSpan span)
    {
        if (span >= TimeSpan.Zero)
        {
            return time > DateTimeOffset.MaxValue - span ? DateTimeOffset.MaxValue : time + span;
        }

        return time < DateTimeOffset.MinValue - span ? DateTimeOffset.MinValue : time + span;
    }

    private readonly record struct Claims(string? Issuer, DateTimeOffset NotBefore, DateTimeOffset Expires, string UrlHash, string? PayloadHash, string? Id)
    {
        public static bool TryRead(JsonElement root, out Claims claims)
        {
            claims = default;
            if (root.ValueKind != JsonValueKind.Object
                || JsonText.Property(root, "iss") is not { } issuer
                || !TryTime(root, "nbf", out var nbf) || !TryTime(root, "exp", out var exp)
                || JsonText.Property(root, "url_hash") is not { } urlHash)
            {
                return false;
            }

            string? payloadHash = null;
            if (root.TryGetProperty("payload_hash", out var payload))
            {
                payloadHash = JsonText.StringOrNull(payload);
                if (payloadHash is null)
                {
                    return false;
                }
            }

            claims = new Claims(issuer, nbf, exp, urlHash, payloadHash, JsonText.Property(root, "jti"));
            return true;
        }

        private static bool TryTime(JsonElement root, string name, out DateTimeOffset time)
        {
            time = default;
            if (!root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var seconds)
                || seconds < 0 || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            {
                return false;
            }

            time = DateTimeOffset.FromUnixTimeSeconds(seconds);
            return true;
        }
    }
}
