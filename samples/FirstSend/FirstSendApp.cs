using Microsoft.AspNetCore.Http.Extensions;
using WaCompliance.Messaging;
using WaCompliance.Webhooks;

namespace FirstSend;

/// <summary>
/// A first send and a first webhook: the engine on SQLite with 360dialog, an endpoint that sends a utility template
/// through the compliance decision, and the webhook endpoint that reads and applies 360dialog deliveries (STOPs,
/// statuses, inbound messages) before acknowledging them.
/// </summary>
public static class FirstSendApp
{
    /// <summary>Builds the application.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="configure">Adjusts the builder before it is built (tests: addresses and settings).</param>
    /// <returns>The application, not started.</returns>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // <register>
        var builder = WebApplication.CreateBuilder(args);
        builder.Services
            .AddWhatsAppCompliance(builder.Configuration.GetSection("WhatsAppCompliance"))
            .UseSqlite(builder.Configuration.GetConnectionString("Compliance") ?? "Data Source=compliance.db")
            .Add360dialog("main", builder.Configuration.GetSection("360dialog"));
        // </register>
        configure?.Invoke(builder);
        var app = builder.Build();

        // <send>
        app.MapPost("/orders/{order}/shipped", async (string order, string to, IWhatsAppMessenger messenger, CancellationToken ct) =>
        {
            var message = OutboundMessage.Template(to, "order_shipped", "en", MessagePurpose.Utility, ["Ana", order]);
            var result = await messenger.SendAsync(message, ct);   // decided (consent, opt-outs, law), then sent once
            return result.IsSent
                ? Results.Ok(new { result.ProviderMessageId })
                : Results.UnprocessableEntity(new { Status = result.Status.ToString(), Codes = result.Decision?.Codes() });
        });
        // </send>

        // <webhook>
        app.MapMethods("/webhooks/360dialog", ["GET", "POST"], async (HttpContext http, [FromKeyedServices("360dialog:main")] IWebhookReader reader, WebhookProcessor processor) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body, http.RequestAborted);
            var read = await reader.ReadAsync(new WebhookRequest
            {
                Method = http.Request.Method,
                Url = new Uri(http.Request.GetEncodedUrl()),
                Headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                Body = body.ToArray(),
            }, http.RequestAborted);                                // signature checked, events parsed
            if (read.ChallengeResponse is { } challenge)
            {
                return Results.Text(challenge);                     // Meta's subscription check
            }

            if (read.Rejection is { } rejection)
            {
                return Results.Text(rejection.Code, statusCode: rejection.StatusCode);
            }

            var applied = await processor.ProcessAsync(read, http.RequestAborted);   // STOPs, statuses, windows recorded
            return Results.StatusCode(applied.StatusCode);          // 200 only once applied; else the provider retries
        });
        // </webhook>
        return app;
    }
}
