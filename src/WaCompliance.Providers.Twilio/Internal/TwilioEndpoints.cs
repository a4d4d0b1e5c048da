using System.Net.Http.Headers;
using System.Text;

namespace WaCompliance.Providers.Twilio.Internal;

/// <summary>The URLs and the Basic credentials of one registration, computed once from its validated options.</summary>
internal sealed class TwilioEndpoints
{
    public TwilioEndpoints(TwilioOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        AccountSid = options.AccountSid!;
        ApiBase = Trim(Regional(options.ApiBaseUrl, TwilioOptions.DefaultApiBaseUrl, options.Region, options.Edge));
        ContentBase = Trim(Regional(options.ContentBaseUrl, TwilioOptions.DefaultContentBaseUrl, options.Region, options.Edge));
        MessagesUri = new Uri($"{ApiBase}/2010-04-01/Accounts/{Uri.EscapeDataString(AccountSid)}/Messages.json");
        var user = options.ApiKeySid ?? AccountSid;
        var password = options.ApiKeySid is null ? options.AuthToken! : options.ApiKeySecret!;
        Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
    }

    public string AccountSid { get; }

    /// <summary>The Messages API base, without a trailing slash.</summary>
    public string ApiBase { get; }

    /// <summary>The Content API base, without a trailing slash.</summary>
    public string ContentBase { get; }

    /// <summary><c>POST {api}/2010-04-01/Accounts/{AccountSid}/Messages.json</c>.</summary>
    public Uri MessagesUri { get; }

    /// <summary>The Basic authorization header (immutable, shared by every request).</summary>
    public AuthenticationHeaderValue Authorization { get; }

    /// <summary>A Content API URL from a path and query (<c>/v1/Content</c>).</summary>
    public Uri Content(string pathAndQuery) => new(ContentBase + pathAndQuery);

    /// <summary>
    /// The host Twilio's SDKs build for a region and edge (<c>{product}.{edge}.{region}.twilio.com</c>), applied only
    /// when the base URL is the default one.
    /// </summary>
    internal static Uri Regional(Uri baseUrl, Uri defaultUrl, string? region, string? edge)
    {
        if ((region is null && edge is null) || baseUrl != defaultUrl)
        {
            return baseUrl;
        }

        var product = defaultUrl.Host.Split('.')[0];
        region ??= "us1";
        var host = edge is null ? $"{product}.{region}.twilio.com" : $"{product}.{edge}.{region}.twilio.com";
        return new UriBuilder(baseUrl) { Host = host }.Uri;
    }

    private static string Trim(Uri uri) => uri.AbsoluteUri.TrimEnd('/');
}
