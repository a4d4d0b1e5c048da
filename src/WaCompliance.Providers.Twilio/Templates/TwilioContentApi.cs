using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using WaCompliance.Gateways;
using WaCompliance.Providers.Twilio.Internal;

namespace WaCompliance.Providers.Twilio.Templates;

/// <summary>The calls this package makes to the Twilio Content API. Error responses become a <see cref="ProviderError"/>.</summary>
internal sealed class TwilioContentApi
{
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly string _httpClientName;
    private readonly TwilioEndpoints _endpoints;
    private readonly TimeProvider _timeProvider;

    public TwilioContentApi(IHttpClientFactory httpClientFactory, string httpClientName, TwilioEndpoints endpoints, TimeProvider timeProvider)
    {
        _httpClientFactory = httpClientFactory;
        _httpClientName = httpClientName;
        _endpoints = endpoints;
        _timeProvider = timeProvider;
    }

    public TwilioEndpoints Endpoints => _endpoints;

    /// <summary><c>POST /v1/Content</c>.</summary>
    public Task<(ContentResource? Value, ProviderError? Error)> CreateAsync(ContentCreateRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, _endpoints.Content("/v1/Content"), request, ContentJsonContext.Default.ContentCreateRequest,
            ContentJsonContext.Default.ContentResource, cancellationToken);

    /// <summary><c>POST /v1/Content/{sid}/ApprovalRequests/whatsapp</c>.</summary>
    public Task<(WhatsAppApproval? Value, ProviderError? Error)> RequestApprovalAsync(string sid, ApprovalCreateRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, _endpoints.Content($"/v1/Content/{Uri.EscapeDataString(sid)}/ApprovalRequests/whatsapp"), request,
            ContentJsonContext.Default.ApprovalCreateRequest, ContentJsonContext.Default.WhatsAppApproval, cancellationToken);

    /// <summary><c>GET /v1/Content/{sid}/ApprovalRequests</c>.</summary>
    public Task<(ApprovalFetchResponse? Value, ProviderError? Error)> FetchApprovalAsync(string sid, CancellationToken cancellationToken) =>
        SendAsync<object, ApprovalFetchResponse>(HttpMethod.Get, _endpoints.Content($"/v1/Content/{Uri.EscapeDataString(sid)}/ApprovalRequests"),
            null, null, ContentJsonContext.Default.ApprovalFetchResponse, cancellationToken);

    /// <summary>One page of <c>GET /v1/ContentAndApprovals</c>; <paramref name="pathAndQuery"/> is the first page or Twilio's next page.</summary>
    public Task<(ContentPage? Value, ProviderError? Error)> ListAsync(string pathAndQuery, CancellationToken cancellationToken) =>
        SendAsync<object, ContentPage>(HttpMethod.Get, _endpoints.Content(pathAndQuery), null, null, ContentJsonContext.Default.ContentPage, cancellationToken);

    private async Task<(TResponse? Value, ProviderError? Error)> SendAsync<TRequest, TResponse>(
        HttpMethod method,
        Uri uri,
        TRequest? body,
        JsonTypeInfo<TRequest>? requestType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken)
        where TResponse : class
    {
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = _endpoints.Authorization;
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        if (body is not null && requestType is not null)
        {
            request.Content = JsonContent.Create(body, requestType);
        }

        var client = _httpClientFactory.CreateClient(_httpClientName);
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var (code, message) = TwilioResponses.ReadError(bytes);
            return (null, TwilioErrorMapper.Map(code, message, (int)response.StatusCode, TwilioErrorMapper.RetryAfter(response.Headers, _timeProvider)));
        }

        try
        {
            var value = System.Text.Json.JsonSerializer.Deserialize(bytes, responseType);
            return value is null
                ? (null, Malformed((int)response.StatusCode))
                : (value, null);
        }
        catch (System.Text.Json.JsonException)
        {
            return (null, Malformed((int)response.StatusCode));
        }
    }

    private static ProviderError Malformed(int status) =>
        new(ProviderErrorKind.Unknown, null, "The Twilio Content API answered with a body that is not the documented JSON.") { HttpStatus = status };
}
