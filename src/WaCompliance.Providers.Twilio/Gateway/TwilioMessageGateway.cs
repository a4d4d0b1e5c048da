using Microsoft.Extensions.Logging;
using WaCompliance.Gateways;
using WaCompliance.Messaging;
using WaCompliance.Numbers;
using WaCompliance.Providers.Twilio.Internal;
using WaCompliance.Providers.Twilio.Templates;
using WaCompliance.Templates;

namespace WaCompliance.Providers.Twilio.Gateway;

/// <summary>
/// Sends WhatsApp messages through the Twilio Messages API:
/// <c>POST /2010-04-01/Accounts/{AccountSid}/Messages.json</c>, form-encoded, Basic auth, <c>whatsapp:</c> addresses.
/// </summary>
internal sealed class TwilioMessageGateway : IMessageGateway
{
    internal const int MaxBodyLength = 1600;
    private const string WhatsAppPrefix = "whatsapp:";

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly string _httpClientName;
    private readonly TwilioEndpoints _endpoints;
    private readonly TwilioInteractiveContents? _interactive;
    private readonly string? _messagingServiceSid;
    private readonly string? _statusCallback;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public TwilioMessageGateway(
        string name,
        TwilioOptions options,
        IHttpClientFactory httpClientFactory,
        string httpClientName,
        TwilioContentApi contentApi,
        TimeProvider timeProvider,
        ILogger logger)
    {
        Name = name;
        _httpClientFactory = httpClientFactory;
        _httpClientName = httpClientName;
        _endpoints = contentApi.Endpoints;
        _interactive = options.InteractiveMessages == TwilioInteractiveMode.CreateContent ? new TwilioInteractiveContents(contentApi) : null;
        _messagingServiceSid = options.MessagingServiceSid;
        _statusCallback = options.StatusCallback?.AbsoluteUri;
        _timeProvider = timeProvider;
        _logger = logger;
        Senders = [.. options.Senders.Select(TwilioNumbers.ParseSender)];
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string Provider => TwilioProvider.Name;

    /// <inheritdoc />
    public IReadOnlyList<WhatsAppNumber> Senders { get; }

    internal TwilioInteractiveContents? InteractiveContents => _interactive;

    /// <inheritdoc />
    public async ValueTask<GatewaySendResult> SendAsync(GatewayMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();

        // The phone number when it is known (Meta recommends it, and it keeps phone fields in later webhooks), else the
        // business-scoped user ID as whatsapp:<BSUID> (no '+'), else the parent user ID.
        var to = message.To;
        var userId = to.Phone is null ? to.UserId ?? to.ParentUserId : null;
        if (to.Phone is null && userId is null)
        {
            return RefuseLocally(Invalid("the recipient names no phone number and no business-scoped user ID"));
        }

        if (userId is not null && message.Content is TemplateContent && message.Template?.Category == TemplateCategory.Authentication)
        {
            return RefuseLocally(new ProviderError(ProviderErrorKind.UserIdNotSupported, null,
                "Not sent: authentication templates need a phone number; WhatsApp refuses them to a business-scoped user ID."));
        }

        var form = new FormContent();
        try
        {
            form.Add("To", WhatsAppPrefix, userId is { } id ? id.Value : to.Phone!.Value.E164);
            form.Add("From", WhatsAppPrefix, message.From.E164);
            if (_messagingServiceSid is not null)
            {
                form.Add("MessagingServiceSid", _messagingServiceSid);
            }

            var refusal = await AddContentAsync(form, message, cancellationToken).ConfigureAwait(false);
            if (refusal is not null)
            {
                form.Dispose();
                return RefuseLocally(refusal);
            }

            if (_statusCallback is not null)
            {
                form.Add("StatusCallback", StatusCallbackFor(message.Reference));
            }
        }
        catch
        {
            form.Dispose();
            throw;
        }

        // Twilio's Messages API has no reply context for WhatsApp: ReplyToMessageId is not sent (see README).
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoints.MessagesUri) { Content = form };
        request.Headers.Authorization = _endpoints.Authorization;
        request.Headers.TryAddWithoutValidation("Accept", "application/json");

        var client = _httpClientFactory.CreateClient(_httpClientName);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            if (TwilioResponses.TryReadMessage(body, out var sid, out var state))
            {
                return GatewaySendResult.Accepted(sid!, TwilioResponses.MapStatus(state) ?? MessageDeliveryStatus.Queued);
            }

            var malformed = new ProviderError(ProviderErrorKind.Unknown, null, "Twilio answered success without a message sid.") { HttpStatus = status };
            Log.SendRefused(_logger, Name, malformed.Code, null, status);
            return GatewaySendResult.Refused(malformed);
        }

        var (code, text) = TwilioResponses.ReadError(body);
        var error = TwilioErrorMapper.Map(code, text, status, TwilioErrorMapper.RetryAfter(response.Headers, _timeProvider), toUserId: userId is not null);
        Log.SendRefused(_logger, Name, error.Code, error.ProviderCode, status);
        return GatewaySendResult.Refused(error);
    }

    private async ValueTask<ProviderError?> AddContentAsync(FormContent form, GatewayMessage message, CancellationToken cancellationToken)
    {
        switch (message.Content)
        {
            case TextContent text:
                if (text.Body.Length > MaxBodyLength)
                {
                    return Invalid("Twilio accepts at most 1,600 characters in Body");
                }

                form.Add("Body", text.Body);
                return null;

            case MediaContent media:
                if (media.MediaKind == MediaKind.Audio && !string.IsNullOrEmpty(media.Caption))
                {
                    return Invalid("WhatsApp shows no caption on audio");
                }

                form.Add("MediaUrl", media.Url.AbsoluteUri);
                if (!string.IsNullOrEmpty(media.Caption))
                {
                    form.Add("Body", media.Caption);
                }

                return null;

            case TemplateContent template:
                if (message.Template is not { ProviderTemplateId: { Length: > 0 } contentSid } catalogTemplate)
                {
                    return Invalid("the template has no Twilio ContentSid (MessageTemplate.ProviderTemplateId); sync the catalog from Twilio or submit it first");
                }

                var variables = TwilioContentVariables.Build(catalogTemplate, template, out var error);
                if (error is not null)
                {
                    return error;
                }

                form.Add("ContentSid", contentSid);
                if (variables is not null)
                {
                    form.Add("ContentVariables", variables);
                }

                return null;

            case InteractiveContent interactive:
                if (_interactive is null)
                {
                    return Invalid("interactive messages are switched off for this Twilio registration (InteractiveMessages = Refuse)");
                }

                if (interactive.Body.Length > 1024)
                {
                    return Invalid("an interactive body has at most 1,024 characters");
                }

                var (sid, contentError) = await _interactive.GetSidAsync(interactive, cancellationToken).ConfigureAwait(false);
                if (contentError is not null)
                {
                    return contentError;
                }

                form.Add("ContentSid", sid!);
                form.Add("ContentVariables", InteractiveVariables(interactive.Body));
                return null;

            default:
                return Invalid($"the content kind '{message.Content.Kind}' is not supported by Twilio");
        }
    }

    private static string InteractiveVariables(string body)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(body.Length + 16);
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("1", body);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The query parameter of the status callback URL that carries the send's reference.</summary>
    internal const string ReferenceParameter = "WaComplianceReference";

    /// <summary>
    /// The status callback URL with the send's reference as a query parameter: Twilio calls back exactly that URL (and
    /// signs it), so a status callback names the send even when its sid was never recorded.
    /// </summary>
    private string StatusCallbackFor(string? reference)
    {
        if (reference is not { Length: > 0 })
        {
            return _statusCallback!;
        }

        var url = _statusCallback!;
        var fragment = url.IndexOf('#', StringComparison.Ordinal);
        var (head, tail) = fragment < 0 ? (url, string.Empty) : (url[..fragment], url[fragment..]);
        var separator = head.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return $"{head}{separator}{ReferenceParameter}={Uri.EscapeDataString(reference)}{tail}";
    }

    private GatewaySendResult RefuseLocally(ProviderError error)
    {
        Log.SendRefusedLocally(_logger, Name, error.Code);
        return GatewaySendResult.Refused(error);
    }

    private static ProviderError Invalid(string why) => new(ProviderErrorKind.InvalidRequest, null, $"Not sent: {why}.");
}
