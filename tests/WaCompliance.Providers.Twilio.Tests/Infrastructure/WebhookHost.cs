using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.Twilio.Tests.Infrastructure;

/// <summary>
/// A minimal Kestrel endpoint, as an application would write it: builds a <see cref="WebhookRequest"/> from the
/// <see cref="HttpContext"/> (raw body, headers, the URL as called) and hands it to the reader; with a processor, an
/// accepted request is processed (events applied, malformed items kept as dead letters) before it is acknowledged.
/// </summary>
public sealed class WebhookHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    // Only requests from this host's own client are read: on a busy machine a port freed by another host (in this or
    // another test process) can be bound here while a stray request to it is still on its way.
    private const string TokenHeader = "X-Test-Host";
    private readonly string _token = Guid.NewGuid().ToString("N");

    private WebhookHost(WebApplication app)
    {
        _app = app;
        Client.DefaultRequestHeaders.Add(TokenHeader, _token);
    }

    public Uri BaseUrl { get; private set; } = null!;

    public ConcurrentQueue<WebhookReadResult> Results { get; } = new();

    /// <summary>What processing made of each accepted request (with a processor only).</summary>
    public ConcurrentQueue<WebhookDeliveryResult> Deliveries { get; } = new();

    public HttpClient Client { get; } = new();

    public static async Task<WebhookHost> StartAsync(IWebhookReader reader, WebhookProcessor? processor = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 8 * 1024 * 1024);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var host = new WebhookHost(app);
        app.Run(async context =>
        {
            var request = context.Request;
            if (request.Headers[TokenHeader] != host._token)
            {
                context.Response.StatusCode = StatusCodes.Status421MisdirectedRequest;
                return;
            }

            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, context.RequestAborted);
            var headers = request.Headers.Where(h => !string.Equals(h.Key, TokenHeader, StringComparison.OrdinalIgnoreCase))
                .ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var url = new Uri($"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}");
            var result = await reader.ReadAsync(new WebhookRequest { Method = request.Method, Url = url, Headers = headers, Body = body.ToArray() }, context.RequestAborted);
            host.Results.Enqueue(result);
            if (processor is not null && result.IsAccepted)
            {
                // Acknowledged once processed: a failure here answers 500 and Twilio may deliver again.
                host.Deliveries.Enqueue(await processor.ProcessAsync(result, context.RequestAborted));
            }

            context.Response.StatusCode = result.Rejection?.StatusCode ?? 200;
            await context.Response.WriteAsync(result.Rejection?.Code ?? "");
        });
        await app.StartAsync();
        host.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
