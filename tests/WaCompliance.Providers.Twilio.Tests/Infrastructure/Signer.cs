using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace WaCompliance.Providers.Twilio.Tests.Infrastructure;

/// <summary>Twilio's side of the signature, written independently of the package (as in Twilio's docs).</summary>
public static class Signer
{
    public static string Sign(string key, string url, IEnumerable<KeyValuePair<string, string>>? parameters, bool sha256 = false)
    {
        var data = new StringBuilder(url);
        foreach (var pair in (parameters ?? []).OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
        {
            data.Append(pair.Key).Append(pair.Value);
        }

        var bytes = Encoding.UTF8.GetBytes(data.ToString());
        var keyBytes = Encoding.UTF8.GetBytes(key);
        return Convert.ToBase64String(sha256 ? HMACSHA256.HashData(keyBytes, bytes) : HMACSHA1.HashData(keyBytes, bytes));
    }

    public static string Form(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join("&", parameters.Select(p => WebUtility.UrlEncode(p.Key) + "=" + WebUtility.UrlEncode(p.Value)));

    public static HttpRequestMessage SignedPost(string url, IEnumerable<KeyValuePair<string, string>> parameters, string key = TwilioStub.AuthToken, string? signedUrl = null)
    {
        var list = parameters.ToList();
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(Form(list), Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.TryAddWithoutValidation("X-Twilio-Signature", Sign(key, signedUrl ?? url, list));
        return request;
    }
}
