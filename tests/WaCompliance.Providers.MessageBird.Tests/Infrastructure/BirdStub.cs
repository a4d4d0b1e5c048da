using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WaCompliance.Providers.MessageBird.Tests.Infrastructure;

/// <summary>A scripted answer of the stub.</summary>
public sealed record StubResponse(int Status, string? Body, IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>A request the stub received.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, string? Authorization, string? ContentType, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

/// <summary>
/// A loopback Kestrel server speaking the Bird Channels API, the legacy Conversations API and the Integrations API.
/// It checks every request against the documented contract (method, path, access key, content type, field names and
/// shapes, required fields): a violation is recorded and answered with HTTP 599, so tests assert <see cref="Violations"/>
/// is empty. Answers come from <see cref="Responses"/> in order, else the documented success.
/// </summary>
public sealed partial class BirdStub : IAsyncDisposable
{
    public const string AccessKey = "test-access-key-Zx81";
    public const string WorkspaceId = "a1405560-c8d3-4b1a-877d-3f449ad95352";
    public const string ChannelId = "0f0eb78e-a576-1dfc-b414-0f0756de3338";
    public const string LegacyChannelId = "619747f69cf940a98fb443140ce9aed2";
    public const string TemplateNamespace = "5ba2d0b7_f2c6_433b_a66e_57b009ceb6ff";

    private readonly WebApplication _app;
    private readonly List<RecordedRequest> _requests = [];

    private BirdStub(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public ConcurrentQueue<StubResponse> Responses { get; } = new();

    public ConcurrentQueue<string> Violations { get; } = new();

    /// <summary>Templates the Integrations API holds (JSON objects), for list and get.</summary>
    public List<string> Templates { get; } = [];

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public RecordedRequest LastRequest => Requests[^1];

    public static async Task<BirdStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        BirdStub? stub = null;
        app.Run(context => stub!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub = new BirdStub(app, new Uri(address));
        return stub;
    }

    public void Respond(int status, string? body, params (string Name, string Value)[] headers) =>
        Responses.Enqueue(new StubResponse(status, body, headers.ToDictionary(h => h.Name, h => h.Value)));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var request = new RecordedRequest(
            context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "",
            context.Request.Headers.Authorization.ToString(), context.Request.ContentType, body);
        lock (_requests)
        {
            _requests.Add(request);
        }

        var problems = new List<string>();
        StubResponse fallback;
        var path = request.Path;
        if (request.Authorization != "AccessKey " + AccessKey)
        {
            problems.Add("Authorization must be 'AccessKey <key>'");
        }

        if (path == $"/workspaces/{WorkspaceId}/channels/{ChannelId}/messages")
        {
            Expect(request.Method == "POST", "Channels send must be POST", problems);
            CheckJsonRequest(request, problems, ChannelsContract.Check);
            fallback = new StubResponse(202, $$"""{"id":"{{Guid.NewGuid()}}","channelId":"{{ChannelId}}","status":"accepted","direction":"outgoing"}""");
        }
        else if (path == "/v1/send")
        {
            Expect(request.Method == "POST", "Conversations send must be POST", problems);
            CheckJsonRequest(request, problems, LegacyContract.Check);
            fallback = new StubResponse(202, $$"""{"id":"{{Guid.NewGuid():N}}","status":"accepted","fallback":null}""");
        }
        else if (path == "/v2/platforms/whatsapp/templates" && request.Method == "GET")
        {
            fallback = ListTemplates(request, problems);
        }
        else if (path == "/v2/platforms/whatsapp/templates" && request.Method == "POST")
        {
            CheckJsonRequest(request, problems, IntegrationsContract.CheckCreate);
            fallback = new StubResponse(201, CreatedTemplate(request.Body));
        }
        else if (TemplateByName().Match(path) is { Success: true } byName && request.Method == "GET")
        {
            var name = Uri.UnescapeDataString(byName.Groups[1].Value);
            Expect(TemplateName().IsMatch(name), "template name in the path must be lower-case letters, digits, underscores", problems);
            var matches = Templates.Where(t => JsonDocument.Parse(t).RootElement.GetProperty("name").GetString() == name).ToList();
            fallback = matches.Count == 0
                ? new StubResponse(404, """{"errors":[{"code":20,"description":"template not found","parameter":null}]}""")
                : new StubResponse(200, "[" + string.Join(",", matches) + "]");
        }
        else
        {
            problems.Add($"No such endpoint: {request.Method} {path}");
            fallback = new StubResponse(404, """{"errors":[{"code":98,"description":"endpoint not found"}]}""");
        }

        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                Violations.Enqueue($"{request.Method} {path}: {problem}");
            }

            context.Response.StatusCode = 599;
            await context.Response.WriteAsJsonAsync(new { violation = problems });
            return;
        }

        var response = Responses.TryDequeue(out var scripted) ? scripted : fallback;
        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        if (response.Body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(response.Body);
        }
    }

    private StubResponse ListTemplates(RecordedRequest request, List<string> problems)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.Query);
        var limit = query.TryGetValue("limit", out var l) && int.TryParse(l, out var lv) ? lv : -1;
        var offset = query.TryGetValue("offset", out var o) && int.TryParse(o, out var ov) ? ov : -1;
        Expect(limit is > 0 and <= 100, "limit must be 1..100", problems);
        Expect(offset >= 0, "offset must be a non-negative integer", problems);
        var page = Templates.Skip(Math.Max(offset, 0)).Take(Math.Max(limit, 0)).ToList();
        return new StubResponse(200,
            $$"""{"offset":{{offset}},"limit":{{limit}},"count":{{page.Count}},"totalCount":{{Templates.Count}},"items":[{{string.Join(",", page)}}]}""");
    }

    private static string CreatedTemplate(string requestBody)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(requestBody)!.AsObject();
        node["id"] = Guid.NewGuid().ToString("N");
        node["status"] = "PENDING";
        node["createdAt"] = "2026-03-01T12:00:00Z";
        node["updatedAt"] = "2026-03-01T12:00:00Z";
        return node.ToJsonString();
    }

    private static void CheckJsonRequest(RecordedRequest request, List<string> problems, Action<JsonElement, List<string>> contract)
    {
        if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.Ordinal))
        {
            problems.Add("Content-Type must be application/json");
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(request.Body);
            contract(document.RootElement, problems);
        }
        catch (JsonException)
        {
            problems.Add("body is not JSON");
        }
    }

    internal static void Expect(bool condition, string problem, List<string> problems)
    {
        if (!condition)
        {
            problems.Add(problem);
        }
    }

    [GeneratedRegex("^/v2/platforms/whatsapp/templates/([^/]+)$")]
    private static partial Regex TemplateByName();

    [GeneratedRegex("^[a-z0-9_]+$")]
    internal static partial Regex TemplateName();
}
