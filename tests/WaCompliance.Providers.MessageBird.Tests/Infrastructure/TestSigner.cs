using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace WaCompliance.Providers.MessageBird.Tests.Infrastructure;

/// <summary>Signs webhook requests as Bird and MessageBird do, written independently of the package's verifier.</summary>
public static class TestSigner
{
    /// <summary>Bird Channels: base64(HMAC-SHA256(key, ts + "\n" + url + "\n" + SHA256(body))).</summary>
    public static string BirdSignature(string key, string timestamp, string url, byte[] body)
    {
        var signed = Encoding.UTF8.GetBytes(timestamp + "\n" + url + "\n").Concat(SHA256.HashData(body)).ToArray();
        return Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), signed));
    }

    /// <summary>MessageBird legacy: a JWT with iss, nbf, exp, jti, url_hash and (for a body) payload_hash.</summary>
    public static string MessageBirdJwt(string key, string url, byte[] body, DateTimeOffset issuedAt, string algorithm = "HS256", string? jti = null,
        TimeSpan? lifetime = null, string issuer = "MessageBird")
    {
        var header = new Dictionary<string, object> { ["alg"] = algorithm, ["typ"] = "JWT" };
        var claims = new Dictionary<string, object>
        {
            ["iss"] = issuer,
            ["nbf"] = issuedAt.ToUnixTimeSeconds(),
            ["exp"] = (issuedAt + (lifetime ?? TimeSpan.FromMinutes(1))).ToUnixTimeSeconds(),
            ["jti"] = jti ?? Guid.NewGuid().ToString(),
            ["url_hash"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url))),
        };
        if (body.Length > 0)
        {
            claims["payload_hash"] = Convert.ToHexStringLower(SHA256.HashData(body));
        }

        var input = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var keyBytes = Encoding.UTF8.GetBytes(key);
        var data = Encoding.ASCII.GetBytes(input);
        var signature = algorithm switch
        {
            "HS384" => HMACSHA384.HashData(keyBytes, data),
            "HS512" => HMACSHA512.HashData(keyBytes, data),
            "none" => [],
            _ => HMACSHA256.HashData(keyBytes, data),
        };
        return input + "." + Base64Url(signature);
    }

    /// <summary>A JWT over header and claims given as raw bytes (any bytes, for robustness tests), signed with HS256.</summary>
    public static string MessageBirdJwtRaw(string key, byte[] header, byte[] claims)
    {
        var input = Base64Url(header) + "." + Base64Url(claims);
        return input + "." + Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.ASCII.GetBytes(input)));
    }

    /// <summary>The claims MessageBird signs for a request, as JSON text to edit (robustness tests).</summary>
    public static string ClaimsJson(string url, byte[] body, DateTimeOffset issuedAt, string? jti = "jti-1") =>
        "{\"iss\":\"MessageBird\",\"nbf\":" + issuedAt.ToUnixTimeSeconds() + ",\"exp\":" + (issuedAt.ToUnixTimeSeconds() + 60)
        + (jti is null ? "" : ",\"jti\":\"" + jti + "\"")
        + ",\"url_hash\":\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url))) + "\""
        + (body.Length > 0 ? ",\"payload_hash\":\"" + Convert.ToHexStringLower(SHA256.HashData(body)) + "\"" : "") + "}";

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
