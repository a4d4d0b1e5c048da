namespace WaCompliance.Providers.Dialog360.Internal;

/// <summary>What every 360dialog call of one registration shares: the endpoints, the API key and the HTTP client.</summary>
internal sealed class Dialog360Connection
{
    /// <summary>The header 360dialog authenticates with.</summary>
    public const string ApiKeyHeader = "D360-API-KEY";

    private readonly string _apiKey;
    private readonly Func<HttpClient> _httpClient;

    /// <summary>Creates the connection.</summary>
    /// <param name="gatewayName">The registration's gateway name, e.g. <c>360dialog:eu</c>.</param>
    /// <param name="baseUrl">The API host.</param>
    /// <param name="apiKey">The channel API key.</param>
    /// <param name="httpClient">Gives the HTTP client (from IHttpClientFactory: called per request so handlers rotate).</param>
    /// <param name="timeProvider">The clock.</param>
    public Dialog360Connection(string gatewayName, Uri baseUrl, string apiKey, Func<HttpClient> httpClient, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gatewayName);
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(timeProvider);
        GatewayName = gatewayName;
        var root = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        MessagesUrl = new Uri(root, "messages");
        TemplatesUrl = new Uri(root, "v1/configs/templates");
        WebhookConfigUrl = new Uri(root, "v1/configs/webhook");
        _apiKey = apiKey;
        _httpClient = httpClient;
        TimeProvider = timeProvider;
    }

    /// <summary>The gateway name.</summary>
    public string GatewayName { get; }

    /// <summary><c>{base}/messages</c>.</summary>
    public Uri MessagesUrl { get; }

    /// <summary><c>{base}/v1/configs/templates</c>.</summary>
    public Uri TemplatesUrl { get; }

    /// <summary><c>{base}/v1/configs/webhook</c>.</summary>
    public Uri WebhookConfigUrl { get; }

    /// <summary>The clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The HTTP client for one call.</summary>
    /// <returns>The client.</returns>
    public HttpClient Client() => _httpClient();

    /// <summary>A request carrying the API key.</summary>
    /// <param name="method">The method.</param>
    /// <param name="url">The absolute URL.</param>
    /// <returns>The request.</returns>
    public HttpRequestMessage Request(HttpMethod method, Uri url)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.TryAddWithoutValidation(ApiKeyHeader, _apiKey);
        return request;
    }
}
