using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WaCompliance.Benchmarks;

/// <summary>A loopback Kestrel server that drains each request and answers with a fixed status and JSON body.</summary>
public sealed class LoopbackStub : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackStub(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public static LoopbackStub Start(int status, string responseJson)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var response = System.Text.Encoding.UTF8.GetBytes(responseJson);
        app.Run(async context =>
        {
            var buffer = new byte[4096];
            while (await context.Request.Body.ReadAsync(buffer) > 0)
            {
            }

            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = response.Length;
            await context.Response.Body.WriteAsync(response);
        });
        app.StartAsync().GetAwaiter().GetResult();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackStub(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
