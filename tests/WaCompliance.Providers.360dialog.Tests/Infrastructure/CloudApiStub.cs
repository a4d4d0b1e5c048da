using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace WaCompliance.Providers.Dialog360.Tests.Infrastructure;

/// <summary>
/// A 360dialog API on <c>http://127.0.0.1:{port}</c> (Kestrel) that checks every request against the documented
/// contract (method, path, <c>D360-API-KEY</c>, content type, body shape: <see cref="MessageContract"/> for messages)
/// and answers with documented responses: success by default, scripted ones when queued. A request that breaks the
/// contract is answered 418 with a distinctive body and recorded in <see cref="Violations"/>; tests assert none.
/// </summary>
public sealed class CloudApiStub : IAsyncDisposable
{
    /// <summary>The API key the stub accepts.</summary>
    public const string ApiKey = "stub-api-key-7Hq2xV9pL4";

    /// <summary>The marker of a contract violation answer.</summary>
    public const string ViolationMarker = "STUB CONTRACT VIOLATION";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<StubResponse> _messageResponses = new();
    private readonly ConcurrentQueue<StubResponse> _templateResponses = new();
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly ConcurrentQueue<CapturedRequest> _requests = new();
    private int _messageCounter;

    private CloudApiStub(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The base URL, e.g. <c>http://127.0.0.1:5123/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Contract violations seen.</summary>
    public IReadOnlyCollection<string> Violations => _violations;

    /// <summary>Every request received.</summary>
    public IReadOnlyList<CapturedRequest> Requests => [.. _requests];

    /// <summary>The templates <c>GET /v1/configs/templates</c> serves (JSON objects), paged by limit/offset.</summary>
    public List<string> Templates { get; } = [];

    /// <summary>Starts a stub.</summary>
    /// <returns>The running stub.</returns>
    public static async Task<CloudApiStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var stub = new CloudApiStub(app);
        app.MapPost("/messages", stub.MessagesAsync);
        app.MapGet("/v1/configs/templates", stub.ListTemplatesAsync);
        app.MapPost("/v1/configs/templates", stub.CreateTemplateAsync);
        app.MapPost("/v1/configs/webhook", stub.ConfigureWebhookAsync);
        app.MapFallback(async context =>
        {
            await stub.CaptureAsync(context);
            await stub.ViolationAsync(context, $"unexpected {context.Request.Method} {context.Request.Path}");
        });
        await app.StartAsync();
        stub.BaseUrl = new Uri(app.Urls.First() + "/");
        return stub;
    }

    /// <summary>Queues the answer to the next <c>POST /messages</c>.</summary>
    /// <param name="response">The answer.</param>
    public void EnqueueMessageResponse(StubResponse response) => _messageResponses.Enqueue(response);

    /// <summary>Queues the answer to the next template call.</summary>
    /// <param name="response">The answer.</param>
    public void EnqueueTemplateResponse(StubResponse response) => _templateResponses.Enqueue(response);

    /// <summary>Fails the test when any request broke the contract.</summary>
    public void AssertNoViolations() => Assert.True(_violations.IsEmpty, "Contract violations:\n" + string.Join("\n", _violations));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task MessagesAsync(HttpContext context)
    {
        var captured = await CaptureAsync(context);
        var problems = new List<string>();
        CheckCommon(context, problems);
        try
        {
            problems.AddRange(MessageContract.Check(captured.Body));
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            problems.Add("body is not a readable message: " + exception.Message);
        }

        if (problems.Count > 0)
        {
            await ViolationAsync(context, string.Join("; ", problems));
            return;
        }

        if (_messageResponses.TryDequeue(out var scripted))
        {
            await WriteAsync(context, scripted);
            return;
        }

        // Meta's answer: contacts[].input is what was sent, with wa_id for a phone and user_id for a user ID.
        var id = Interlocked.Increment(ref _messageCounter).ToString(CultureInfo.InvariantCulture);
        using var sent = JsonDocument.Parse(captured.Body);
        var contact = sent.RootElement.TryGetProperty("to", out var to)
            ? JsonSerializer.Serialize(new { input = to.GetString(), wa_id = to.GetString() })
            : JsonSerializer.Serialize(new { input = sent.RootElement.GetProperty("recipient").GetString(), user_id = sent.RootElement.GetProperty("recipient").GetString() });
        await WriteAsync(context, new StubResponse(200,
            $$"""{"messaging_product":"whatsapp","contacts":[{{contact}}],"messages":[{"id":"wamid.STUB{{id}}","message_status":"accepted"}]}"""));
    }

    private async Task ListTemplatesAsync(HttpContext context)
    {
        await CaptureAsync(context);
        var problems = new List<string>();
        CheckKey(context, problems);
        if (!int.TryParse(context.Request.Query["limit"], CultureInfo.InvariantCulture, out var limit) || limit is < 1 or > 1000
            || !int.TryParse(context.Request.Query["offset"], CultureInfo.InvariantCulture, out var offset) || offset < 0)
        {
            problems.Add("GET /v1/configs/templates needs integer limit (1-1000) and offset (>= 0)");
            limit = 0;
            offset = 0;
        }

        if (problems.Count > 0)
        {
            await ViolationAsync(context, string.Join("; ", problems));
            return;
        }

        if (_templateResponses.TryDequeue(out var scripted))
        {
            await WriteAsync(context, scripted);
            return;
        }

        var page = Templates.Skip(offset).Take(limit).ToList();
        await WriteAsync(context, new StubResponse(200,
            $$"""{"count":{{page.Count}},"filters":{},"limit":{{limit}},"offset":{{offset}},"sort":["id"],"total":{{Templates.Count}},"waba_templates":[{{string.Join(",", page)}}]}"""));
    }

    private async Task CreateTemplateAsync(HttpContext context)
    {
        var captured = await CaptureAsync(context);
        var problems = new List<string>();
        CheckCommon(context, problems);
        try
        {
            using var document = JsonDocument.Parse(captured.Body);
            var root = document.RootElement;
            foreach (var required in new[] { "name", "language", "category" })
            {
                if (!root.TryGetProperty(required, out var value) || value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 })
                {
                    problems.Add($"template.{required} is required");
                }
            }

            if (root.TryGetProperty("category", out var category) && category.GetString() is not ("MARKETING" or "UTILITY" or "AUTHENTICATION"))
            {
                problems.Add("category must be AUTHENTICATION, MARKETING or UTILITY");
            }

            if (!root.TryGetProperty("components", out var components) || components.ValueKind != JsonValueKind.Array)
            {
                problems.Add("components must be an array");
            }
            else
            {
                foreach (var component in components.EnumerateArray())
                {
                    if (component.GetProperty("type").GetString() is not ("HEADER" or "BODY" or "FOOTER" or "BUTTONS"))
                    {
                        problems.Add("component type must be HEADER, BODY, FOOTER or BUTTONS");
                    }
                }
            }
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            problems.Add("template body is not readable: " + exception.Message);
        }

        if (problems.Count > 0)
        {
            await ViolationAsync(context, string.Join("; ", problems));
            return;
        }

        if (_templateResponses.TryDequeue(out var scripted))
        {
            await WriteAsync(context, scripted);
            return;
        }

        await WriteAsync(context, new StubResponse(200, """{"id":"594425479261596","status":"PENDING","category":"MARKETING"}"""));
    }

    private async Task ConfigureWebhookAsync(HttpContext context)
    {
        var captured = await CaptureAsync(context);
        var problems = new List<string>();
        CheckCommon(context, problems);
        using var document = JsonDocument.Parse(captured.Body);
        if (!document.RootElement.TryGetProperty("url", out var url) || url.ValueKind != JsonValueKind.String)
        {
            problems.Add("webhook url is required");
        }

        if (document.RootElement.TryGetProperty("headers", out var headers) && headers.ValueKind != JsonValueKind.Object)
        {
            problems.Add("webhook headers must be an object");
        }

        if (problems.Count > 0)
        {
            await ViolationAsync(context, string.Join("; ", problems));
            return;
        }

        await WriteAsync(context, new StubResponse(200, $$"""{"url":{{url.GetRawText()}}}"""));
    }

    private static void CheckCommon(HttpContext context, List<string> problems)
    {
        CheckKey(context, problems);
        if (context.Request.ContentType is not { } contentType || !contentType.StartsWith("application/json", StringComparison.Ordinal))
        {
            problems.Add($"Content-Type must be application/json, was '{context.Request.ContentType}'");
        }
    }

    private static void CheckKey(HttpContext context, List<string> problems)
    {
        if (context.Request.Headers["D360-API-KEY"].ToString() != ApiKey)
        {
            problems.Add("D360-API-KEY header missing or wrong");
        }

        if (context.Request.Headers.ContainsKey("Authorization"))
        {
            problems.Add("360dialog takes no Authorization header");
        }
    }

    private async Task<CapturedRequest> CaptureAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var captured = new CapturedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, headers, body);
        _requests.Enqueue(captured);
        return captured;
    }

    private async Task ViolationAsync(HttpContext context, string problem)
    {
        _violations.Enqueue(problem);
        await WriteAsync(context, new StubResponse(418, JsonSerializer.Serialize(new { error = new { code = -1, message = $"{ViolationMarker}: {problem}" } })));
    }

    private static async Task WriteAsync(HttpContext context, StubResponse response)
    {
        context.Response.StatusCode = response.Status;
        context.Response.ContentType = response.ContentType;
        if (response.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        await context.Response.WriteAsync(response.Body);
    }
}
