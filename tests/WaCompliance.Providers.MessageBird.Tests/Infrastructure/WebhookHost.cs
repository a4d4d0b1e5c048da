using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.MessageBird.Tests.Infrastructure;

/// <summary>
/// A loopback Kestrel endpoint, as an application would write it: it builds a <see cref="WebhookRequest"/> from the
/// HttpContext (raw body, headers, URL), reads it, processes an accepted delivery when given a processor (events and
/// dead letters) and only then acknowledges it with 200 (without a processor, it marks the delivery applied, as an
/// application that applies the events itself does); a refused one is answered with its rejection's status.
/// Tests send real HTTP to it.
/// </summary>
public sealed class WebhookHost : IAsyncDisposable
{
    public const string Path = "/webhooks/bird";

    private readonly WebApplication _app;

    private WebhookHost(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
        Client = new HttpClient { BaseAddress = baseUrl };
    }

    public Uri BaseUrl { get; }

    public Uri Url => new(BaseUrl, Path);

    public HttpClient Client { get; }

    public WebhookReadResult? LastResult { get; private set; }

    /// <summary>What the processor did with the last accepted delivery, when the host has a processor.</summary>
    public WebhookDeliveryResult? LastDelivery { get; private set; }

    public static async Task<WebhookHost> StartAsync(IWebhookReader reader, WebhookProcessor? processor = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Limits.MaxRequestBodySize = 8 * 1024 * 1024).UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        WebhookHost? host = null;
        app.Map(Path, async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, values) in context.Request.Headers)
            {
                headers[name] = string.Join(",", values.ToArray());
            }

            var request = new WebhookRequest
            {
                Method = context.Request.Method,
                Url = new Uri(context.Request.GetEncodedUrl()),
                Headers = headers,
                Body = buffer.ToArray(),
            };
            var result = await reader.ReadAsync(request, context.RequestAborted);
            host!.LastResult = result;
            if (result.IsAccepted && processor is not null)
            {
                host.LastDelivery = await processor.ProcessAsync(result, context.RequestAborted);
            }
            else if (result.IsAccepted)
            {
                // Without a processor the endpoint stands for one that applied the events itself before answering 200.
                await result.MarkAppliedAsync(context.RequestAborted);
            }

            context.Response.StatusCode = result.IsAccepted ? 200 : result.Rejection!.StatusCode;
            await context.Response.WriteAsync(result.IsAccepted ? "ok" : result.Rejection!.Code);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host = new WebhookHost(app, new Uri(address));
        return host;
    }

    /// <summary>Posts a body with headers; returns the HTTP status and the reader's result.</summary>
    public async Task<(int Status, WebhookReadResult Result)> PostAsync(byte[] body, IEnumerable<(string Name, string Value)> headers, string? pathAndQuery = null, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, pathAndQuery ?? Path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        LastResult = null;
        using var response = await Client.SendAsync(request);
        return ((int)response.StatusCode, LastResult!);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
