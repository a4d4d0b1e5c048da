using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using WaCompliance.Providers.Dialog360.Errors;
using WaCompliance.Providers.Dialog360.Internal;

namespace WaCompliance.Providers.Dialog360;

/// <summary>
/// Points a 360dialog number's webhook at this application: <c>POST {BaseUrl}/v1/configs/webhook</c> with
/// <see cref="Dialog360WebhookOptions.PublicUrl"/> and the configured secret header, so the header the webhook reader
/// checks is the one 360dialog sends. Resolve it as a keyed service with the gateway name (<c>360dialog:{name}</c>).
/// </summary>
public sealed class Dialog360WebhookConfigurator
{
    private readonly Dialog360Connection _connection;
    private readonly Dialog360WebhookOptions _options;

    internal Dialog360WebhookConfigurator(Dialog360Connection connection, Dialog360WebhookOptions options)
    {
        _connection = connection;
        _options = options;
    }

    /// <summary>Registers the webhook URL and secret header at 360dialog.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when 360dialog accepted the configuration.</returns>
    /// <exception cref="InvalidOperationException">No public URL or no secret header is configured.</exception>
    /// <exception cref="HttpRequestException">360dialog refused the configuration or could not be reached.</exception>
    public async Task ConfigureWebhookAsync(CancellationToken cancellationToken = default)
    {
        if (_options.PublicUrl is not { } url)
        {
            throw new InvalidOperationException($"The 360dialog registration '{_connection.GatewayName}' has no Webhook:PublicUrl to register.");
        }

        if (string.IsNullOrEmpty(_options.SecretHeaderName) || string.IsNullOrEmpty(_options.SecretHeaderValue))
        {
            throw new InvalidOperationException(
                $"The 360dialog registration '{_connection.GatewayName}' has no Webhook:SecretHeaderName/SecretHeaderValue: 360dialog would call the webhook unauthenticated.");
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("url"u8, url.AbsoluteUri);
            writer.WriteStartObject("headers"u8);
            writer.WriteString(_options.SecretHeaderName, _options.SecretHeaderValue);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        using var request = _connection.Request(HttpMethod.Post, _connection.WebhookConfigUrl);
        request.Content = new ReadOnlyMemoryContent(buffer.WrittenMemory);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _connection.Client().SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var error = CloudApiErrorMapper.Map((int)response.StatusCode, body, response.Headers.RetryAfter, _connection.TimeProvider.GetUtcNow());
            throw new HttpRequestException(
                string.Create(CultureInfo.InvariantCulture, $"360dialog refused the webhook configuration: HTTP {error.HttpStatus}, {error.Code}: {error.Message}"),
                null,
                response.StatusCode);
        }
    }
}
