using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Logging;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.Dialog360.Tests.Infrastructure;

/// <summary>
/// A minimal webhook endpoint on Kestrel (<c>http://127.0.0.1:{port}/webhooks/360dialog</c>) that turns each request
/// into a <see cref="WebhookRequest"/> (raw body, headers, URL) and hands it to the reader, answering as an
/// application would: the challenge text, the rejection's status and code, or, for an accepted delivery, 200 (with a
/// processor: once <see cref="WebhookProcessor.ProcessAsync(WebhookReadResult, CancellationToken)"/> applied its
/// events and kept its malformed items as dead letters, answering the delivery result's status).
/// </summary>
public sealed class WebhookHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<WebhookReadResult> _results = new();
    private readonly ConcurrentQueue<WebhookDeliveryResult> _deliveries = new();

    private WebhookHost(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The endpoint URL.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>What the reader answered, in order.</summary>
    public IReadOnlyList<WebhookReadResult> Results => [.. _results];

    /// <summary>What the processor did with each accepted delivery, in order (with a processor only).</summary>
    public IReadOnlyList<WebhookDeliveryResult> Deliveries => [.. _deliveries];

    /// <summary>Starts the host.</summary>
    /// <param name="reader">The reader under test.</param>
    /// <param name="processor">Applies accepted deliveries before they are acknowledged, when given.</param>
    /// <returns>The host.</returns>
    public static async Task<WebhookHost> StartAsync(IWebhookReader reader, WebhookProcessor? processor = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = 8 * 1024 * 1024);
        var app = builder.Build();
        var host = new WebhookHost(app);
        app.Map("/webhooks/360dialog", async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in context.Request.Headers)
            {
                headers[header.Key] = header.Value.ToString();
            }

            var request = new WebhookRequest
            {
                Method = context.Request.Method,
                Url = new Uri(context.Request.GetEncodedUrl()),
                Headers = headers,
                Body = buffer.ToArray(),
            };
            var result = await reader.ReadAsync(request, context.RequestAborted);
            host._results.Enqueue(result);
            if (result.ChallengeResponse is { } challenge)
            {
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync(challenge);
            }
            else if (result.Rejection is { } rejection)
            {
                context.Response.StatusCode = rejection.StatusCode;
                await context.Response.WriteAsync(rejection.Code);
            }
            else if (processor is not null)
            {
                var delivery = await processor.ProcessAsync(result, context.RequestAborted);
                host._deliveries.Enqueue(delivery);
                context.Response.StatusCode = delivery.StatusCode;
            }
            else
            {
                context.Response.StatusCode = 200;
            }
        });
        await app.StartAsync();
        host.Url = new Uri(app.Urls.First() + "/webhooks/360dialog");
        return host;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
