using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using WaCompliance.Gateways;
using WaCompliance.Numbers;
using WaCompliance.Providers.Dialog360.Errors;
using WaCompliance.Providers.Dialog360.Internal;
using WaCompliance.Templates;

namespace WaCompliance.Providers.Dialog360.Messaging;

/// <summary>
/// Sends Cloud API messages through 360dialog: <c>POST {base}/messages</c> with the channel's <c>D360-API-KEY</c>,
/// to the phone number (<c>to</c>) when it is known, otherwise to the business-scoped user ID (<c>recipient</c>).
/// The provider message id is <c>messages[0].id</c> (a <c>wamid.</c>); <c>contacts[]</c> names whom the message
/// reached (<see cref="GatewaySendResult.Reached"/>), from which the messenger learns identity links.
/// </summary>
internal sealed class Dialog360MessageGateway : IMessageGateway
{
    private static readonly JsonWriterOptions s_writerOptions = new() { SkipValidation = true };

    private readonly Dialog360Connection _connection;
    private readonly ILogger _logger;

    /// <summary>Creates the gateway.</summary>
    /// <param name="connection">The registration's connection.</param>
    /// <param name="senders">The business numbers the API key sends from.</param>
    /// <param name="logger">The logger.</param>
    public Dialog360MessageGateway(Dialog360Connection connection, IReadOnlyList<WhatsAppNumber> senders, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(senders);
        ArgumentNullException.ThrowIfNull(logger);
        _connection = connection;
        Senders = senders;
        _logger = logger;
    }

    /// <inheritdoc />
    public string Name => _connection.GatewayName;

    /// <inheritdoc />
    public string Provider => Dialog360Names.Provider;

    /// <inheritdoc />
    public IReadOnlyList<WhatsAppNumber> Senders { get; }

    /// <inheritdoc />
    public async ValueTask<GatewaySendResult> SendAsync(GatewayMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!IsSender(message.From))
        {
            // A 360dialog API key is bound to one number: sending another number's message with it would send it
            // from the wrong number.
            return Refuse(message, new ProviderError(ProviderErrorKind.InvalidRequest, null, $"The sender is not a number of the 360dialog registration '{Name}'."));
        }

        if (CloudApiMessageWriter.Check(message) is { } problem)
        {
            return Refuse(message, new ProviderError(ProviderErrorKind.InvalidRequest, null, problem));
        }

        if (message.To.Phone is null && message.Template?.Category == TemplateCategory.Authentication)
        {
            // Meta refuses authentication templates to business-scoped user IDs (131062): a one-time code needs a number.
            return Refuse(message, new ProviderError(ProviderErrorKind.UserIdNotSupported, null,
                "Authentication templates cannot be sent to a business-scoped user ID: Meta needs the phone number."));
        }

        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            CloudApiMessageWriter.Write(writer, message);
        }

        using var request = _connection.Request(HttpMethod.Post, _connection.MessagesUrl);
        request.Content = new ReadOnlyMemoryContent(buffer.WrittenMemory);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _connection.Client().SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (!response.IsSuccessStatusCode)
        {
            return Refuse(message, CloudApiErrorMapper.Map(status, body, response.Headers.RetryAfter, _connection.TimeProvider.GetUtcNow()));
        }

        var (id, reached) = SendResponse.Read(body, CloudApiMessageWriter.Recipient(message.To).Value);
        if (id is null)
        {
            return Refuse(message, new ProviderError(ProviderErrorKind.Unknown, null, "360dialog answered success without messages[0].id; the message may have been sent.") { HttpStatus = status });
        }

        Dialog360Log.Sent(_logger, Name, message.Content.Kind);
        return reached is { } identity
            ? GatewaySendResult.Accepted(id, identity, MessageDeliveryStatus.Queued)
            : GatewaySendResult.Accepted(id, MessageDeliveryStatus.Queued);
    }

    private bool IsSender(WhatsAppNumber from)
    {
        foreach (var sender in Senders)
        {
            if (sender == from)
            {
                return true;
            }
        }

        return false;
    }

    private GatewaySendResult Refuse(GatewayMessage message, ProviderError error)
    {
        Dialog360Log.Refused(_logger, Name, message.Content.Kind, error.HttpStatus, error.Code, error.ProviderCode);
        return GatewaySendResult.Refused(error);
    }
}
