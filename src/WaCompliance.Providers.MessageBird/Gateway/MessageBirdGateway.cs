using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using WaCompliance.Gateways;
using WaCompliance.Numbers;
using WaCompliance.Providers.MessageBird.Errors;
using WaCompliance.Providers.MessageBird.Json;

namespace WaCompliance.Providers.MessageBird;

/// <summary>
/// Sends WhatsApp messages through the Bird Channels API or the legacy Conversations API. Every error response is a
/// refusal with the provider's code; a request that cannot reach Bird throws <see cref="HttpRequestException"/>.
/// </summary>
internal sealed class MessageBirdGateway : IMessageGateway
{
    public const string ProviderName = "messagebird";

    private readonly MessageBirdOptions _options;
    private readonly Func<HttpClient> _httpClient;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Uri _sendUri;
    private readonly string _authorization;
    private readonly HashSet<WhatsAppNumber> _senders;

    public MessageBirdGateway(string name, MessageBirdOptions options, Func<HttpClient> httpClient, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        Name = name;
        _options = options;
        _httpClient = httpClient;
        _timeProvider = timeProvider;
        _logger = logger;
        _authorization = "AccessKey " + options.AccessKey;
        _sendUri = SendUri(options);
        Senders = SenderNumbers.ParseAll(options.Senders);
        _senders = [.. Senders];
    }

    public string Name { get; }

    public string Provider => ProviderName;

    public IReadOnlyList<WhatsAppNumber> Senders { get; }

    public MessageBirdApiMode ApiMode => _options.ApiMode;

    public async ValueTask<GatewaySendResult> SendAsync(GatewayMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_senders.Contains(message.From))
        {
            return Refuse(RequestRefusal.UnknownSender);
        }

        byte[]? payload;
        ProviderError? refusal;
        if (_options.ApiMode == MessageBirdApiMode.Channels)
        {
            var request = ChannelsRequestBuilder.Build(message, _options, out refusal);
            payload = request is null ? null : JsonSerializer.SerializeToUtf8Bytes(request, MessageBirdJsonContext.Default.ChannelsSendRequest);
        }
        else
        {
            var request = LegacyRequestBuilder.Build(message, _options, out refusal);
            payload = request is null ? null : JsonSerializer.SerializeToUtf8Bytes(request, MessageBirdJsonContext.Default.LegacySendRequest);
        }

        if (refusal is not null || payload is null)
        {
            return Refuse(refusal ?? RequestRefusal.Invalid("content_not_supported", "The message cannot be expressed in this API."));
        }

        using var httpRequest = new HttpRequestMessage(HttpMethod.Post, _sendUri) { Content = new ByteArrayContent(payload) };
        httpRequest.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        httpRequest.Headers.TryAddWithoutValidation("Authorization", _authorization);
        httpRequest.Headers.TryAddWithoutValidation("Accept", "application/json");

        using var response = await _httpClient().SendAsync(httpRequest, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (!response.IsSuccessStatusCode)
        {
            var error = MessageBirdErrorReader.Read(status, body, response.Headers.RetryAfter, _timeProvider.GetUtcNow());
            return Refuse(message.To.Phone is null ? UserIdRefusal(error, body) : error);
        }

        ChannelsSendResponse? accepted = null;
        try
        {
            accepted = JsonSerializer.Deserialize(body, MessageBirdJsonContext.Default.ChannelsSendResponse);
        }
        catch (JsonException)
        {
            // Handled below: an accepted response without a readable id.
        }

        if (accepted?.Id is not { Length: > 0 } id)
        {
            return Refuse(new ProviderError(ProviderErrorKind.Unknown, null,
                "The provider answered with success but without a message id; the message may have been accepted.") { HttpStatus = status });
        }

        var deliveryStatus = (_options.ApiMode == MessageBirdApiMode.Channels
            ? MessageBirdStatuses.FromChannels(accepted.Status)
            : MessageBirdStatuses.FromLegacy(accepted.Status)) ?? MessageDeliveryStatus.Queued;
        Log.Sent(_logger, Name, accepted.Status ?? "accepted");
        return GatewaySendResult.Accepted(id, deliveryStatus);
    }

    /// <summary>
    /// A refusal of a send addressed to a business-scoped user ID: when Bird refuses the recipient itself (an invalid
    /// recipient, or a validation error on <c>receiver</c>), the account or message cannot go to a user ID, which is
    /// <see cref="ProviderErrorKind.UserIdNotSupported"/>. Other refusals (rate limits, templates, billing) keep their kind.
    /// </summary>
    internal static ProviderError UserIdRefusal(ProviderError error, ReadOnlySpan<byte> body) =>
        error.Kind == ProviderErrorKind.RecipientInvalid
        || (error.Kind == ProviderErrorKind.InvalidRequest && MessageBirdErrorReader.ConcernsRecipient(body))
            ? error with { Kind = ProviderErrorKind.UserIdNotSupported }
            : error;

    internal static Uri SendUri(MessageBirdOptions options)
    {
        if (options.ApiMode == MessageBirdApiMode.Channels)
        {
            return new Uri(BaseWithSlash(options.ChannelsBaseUrl),
                $"workspaces/{Uri.EscapeDataString(options.WorkspaceId!)}/channels/{Uri.EscapeDataString(options.ChannelId!)}/messages");
        }

        return new Uri(BaseWithSlash(options.ConversationsBaseUrl), "v1/send");
    }

    internal static Uri BaseWithSlash(Uri baseUrl) =>
        baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");

    private GatewaySendResult Refuse(ProviderError error)
    {
        Log.SendRefused(_logger, Name, error.Code, error.ProviderCode, error.HttpStatus);
        return GatewaySendResult.Refused(error);
    }
}
