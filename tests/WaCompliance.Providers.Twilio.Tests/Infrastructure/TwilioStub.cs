using System.Collections.Concurrent;
using System.Net.Http.Headers;
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

namespace WaCompliance.Providers.Twilio.Tests.Infrastructure;

/// <summary>A response the stub gives instead of its default success.</summary>
public sealed record StubResponse(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static StubResponse TwilioError(int status, int code, string message, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, JsonSerializer.Serialize(new { code, message, more_info = $"https://www.twilio.com/docs/errors/{code}", status }), headers);
}

/// <summary>What the stub received.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, string? Authorization, string? ContentType, byte[] Body)
{
    /// <summary>The form fields in order (Messages API).</summary>
    public List<KeyValuePair<string, string>> Form { get; init; } = [];

    public string? Field(string name) => Form.Where(p => p.Key == name).Select(p => p.Value).FirstOrDefault();

    public IReadOnlyList<string> Fields(string name) => [.. Form.Where(p => p.Key == name).Select(p => p.Value)];

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

/// <summary>
/// A loopback Twilio on Kestrel that checks every request against Twilio's documented contract (method, path, Basic
/// auth, content type, field names and shapes, required fields), replays it to Prism running the official spec, records
/// any violation (answering a distinctive 400 with code 99999) and answers with the documented success or a scripted error.
/// </summary>
public sealed partial class TwilioStub : IAsyncDisposable
{
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string AuthToken = "0123456789abcdef0123456789abcdef";
    public const string MessagingServiceSid = "MG0123456789abcdef0123456789abcdef";

    private static readonly HashSet<string> s_messageFields =
    [
        "To", "StatusCallback", "ApplicationSid", "MaxPrice", "ProvideFeedback", "Attempt", "ValidityPeriod", "ForceDelivery",
        "ContentRetention", "AddressRetention", "SmartEncoded", "PersistentAction", "TrafficType", "ShortenUrls", "ScheduleType",
        "SendAt", "SendAsMms", "ContentVariables", "RiskCheck", "From", "FallbackFrom", "MessagingServiceSid", "Body", "MediaUrl",
        "ContentSid",
    ];

    private static readonly HashSet<string> s_contentTypes =
    [
        "twilio/text", "twilio/media", "twilio/location", "twilio/list-picker", "twilio/call-to-action", "twilio/quick-reply",
        "twilio/card", "twilio/catalog", "twilio/carousel", "twilio/flows", "twilio/schedule", "whatsapp/card",
        "whatsapp/authentication", "whatsapp/flows",
    ];

    private readonly WebApplication _app;
    private readonly PrismFixture? _prism;
    private int _sequence;

    private TwilioStub(WebApplication app, PrismFixture? prism)
    {
        _app = app;
        _prism = prism;
    }

    public Uri BaseUrl { get; private set; } = null!;

    public string ExpectedUser { get; set; } = AccountSid;

    public string ExpectedPassword { get; set; } = AuthToken;

    public ConcurrentQueue<string> Violations { get; } = new();

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Scripted answers for the Messages API, used in order before the default 201.</summary>
    public ConcurrentQueue<StubResponse> MessageResponses { get; } = new();

    /// <summary>
    /// Answer a send to a business-scoped user ID address (<c>whatsapp:US.…</c>) as Twilio did for accounts without
    /// user ID sending (identities.md §5): 400 with 21211, reading the address as a malformed number and quoting it.
    /// </summary>
    public bool RefuseUserIdAddresses { get; set; }

    /// <summary>Scripted answers for the Content API, used in order before the default answers.</summary>
    public ConcurrentQueue<StubResponse> ContentResponses { get; } = new();

    /// <summary>Pages of <c>/v1/ContentAndApprovals</c> (JSON), by <c>Page</c> query value; page 0 is the first.</summary>
    public Dictionary<string, string> ContentPages { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<RecordedRequest> MessageRequests => [.. Requests.Where(r => r.Path.EndsWith("/Messages.json", StringComparison.Ordinal))];

    public static async Task<TwilioStub> StartAsync(PrismFixture? prism)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new TwilioStub(app, prism);
        app.Run(stub.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub.BaseUrl = new Uri(address);
        return stub;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Asserts that every request the stub saw met the contract (hand-written checks and Prism).</summary>
    public void AssertNoViolations() =>
        Assert.True(Violations.IsEmpty, "Contract violations:\n" + string.Join("\n", Violations));

    public string NextSid(string prefix) =>
        prefix + Interlocked.Increment(ref _sequence).ToString("x32", System.Globalization.CultureInfo.InvariantCulture);

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var recorded = new RecordedRequest(
            request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "", request.Headers.Authorization.FirstOrDefault(),
            request.ContentType, buffer.ToArray());
        var violations = new List<string>();
        CheckAuth(recorded, violations);

        StubResponse response;
        Uri? prism = null;
        var path = recorded.Path;
        if (MessagesPath().Match(path) is { Success: true } messages)
        {
            prism = _prism?.ApiUrl;
            if (request.Method != "POST")
            {
                violations.Add($"Messages API: method {request.Method}, expected POST");
            }

            if (messages.Groups[1].Value != AccountSid)
            {
                violations.Add("Messages API: the path names another Account SID");
            }

            recorded = recorded with { Form = ParseForm(recorded, violations) };
            CheckMessage(recorded, violations);
            response = MessageResponses.TryDequeue(out var scripted) ? scripted
                : RefuseUserIdAddresses && recorded.Field("To") is { } to && UserIdAddress().IsMatch(to)
                    ? StubResponse.TwilioError(400, 21211, $"The 'To' number {to} is not a valid phone number.")
                    : MessageCreated(recorded);
        }
        else if (path == "/v1/Content" && request.Method == "POST")
        {
            prism = _prism?.ContentUrl;
            CheckJson(recorded, violations);
            CheckContentCreate(recorded, violations);
            response = ContentResponses.TryDequeue(out var scripted) ? scripted : ContentCreated(recorded);
        }
        else if (ApprovalCreatePath().Match(path) is { Success: true } && request.Method == "POST")
        {
            prism = _prism?.ContentUrl;
            CheckJson(recorded, violations);
            CheckApprovalCreate(recorded, violations);
            response = ContentResponses.TryDequeue(out var scripted) ? scripted : ApprovalCreated(recorded);
        }
        else if (path == "/v1/ContentAndApprovals" && request.Method == "GET")
        {
            prism = _prism?.ContentUrl;
            var page = request.Query["Page"].FirstOrDefault() ?? "0";
            response = ContentResponses.TryDequeue(out var scripted) ? scripted
                : ContentPages.TryGetValue(page, out var json) ? new StubResponse(200, json)
                : new StubResponse(200, """{"contents": [], "meta": {"page": 0, "page_size": 100, "next_page_url": null, "key": "contents"}}""");
        }
        else
        {
            violations.Add($"No such Twilio endpoint: {request.Method} {path}");
            response = new StubResponse(404, """{"code": 20404, "message": "The requested resource was not found", "status": 404}""");
        }

        if (prism is not null)
        {
            await CheckWithPrismAsync(prism, recorded, violations, context.RequestAborted);
        }

        Requests.Enqueue(recorded);
        foreach (var violation in violations)
        {
            Violations.Enqueue(violation);
        }

        if (violations.Count > 0)
        {
            response = StubResponse.TwilioError(400, 99999, "stub contract violation: " + string.Join("; ", violations));
        }

        context.Response.StatusCode = response.Status;
        context.Response.ContentType = "application/json";
        foreach (var header in response.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[header.Key] = header.Value;
        }

        await context.Response.WriteAsync(response.Body);
    }

    private void CheckAuth(RecordedRequest request, List<string> violations)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ExpectedUser}:{ExpectedPassword}"));
        if (!string.Equals(request.Authorization, expected, StringComparison.Ordinal))
        {
            violations.Add("Authorization is not HTTP Basic with the expected SID and secret");
        }
    }

    private static List<KeyValuePair<string, string>> ParseForm(RecordedRequest request, List<string> violations)
    {
        if (request.ContentType is null || !request.ContentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            violations.Add($"Messages API: Content-Type {request.ContentType ?? "(none)"}, expected application/x-www-form-urlencoded");
            return [];
        }

        // Decoded independently of the package's encoder: Microsoft's form reader.
        var pairs = new List<KeyValuePair<string, string>>();
        var reader = new Microsoft.AspNetCore.WebUtilities.FormReader(Encoding.UTF8.GetString(request.Body));
        while (reader.ReadNextPair() is { } pair)
        {
            pairs.Add(new(pair.Key, pair.Value));
        }

        return pairs;
    }

    private static void CheckMessage(RecordedRequest request, List<string> violations)
    {
        foreach (var group in request.Form.GroupBy(p => p.Key))
        {
            if (!s_messageFields.Contains(group.Key))
            {
                violations.Add($"Messages API: unknown field '{group.Key}'");
            }
            else if (group.Count() > 1 && group.Key is not ("MediaUrl" or "PersistentAction"))
            {
                violations.Add($"Messages API: field '{group.Key}' repeated");
            }
        }

        var to = request.Field("To");
        if (to is null)
        {
            violations.Add("Messages API: To is required");
        }
        else if (!WhatsAppAddress().IsMatch(to) && !UserIdAddress().IsMatch(to))
        {
            violations.Add("Messages API: To is neither whatsapp:+E164 nor whatsapp:<business-scoped user ID>");
        }

        var from = request.Field("From");
        var service = request.Field("MessagingServiceSid");
        if (from is null && service is null)
        {
            violations.Add("Messages API: From or MessagingServiceSid is required");
        }

        if (from is not null && !WhatsAppAddress().IsMatch(from))
        {
            violations.Add("Messages API: From is not whatsapp:+E164");
        }

        if (service is not null && !Regex.IsMatch(service, "^MG[0-9a-fA-F]{32}$"))
        {
            violations.Add("Messages API: MessagingServiceSid does not match ^MG[0-9a-fA-F]{32}$");
        }

        var body = request.Field("Body");
        var media = request.Fields("MediaUrl");
        var contentSid = request.Field("ContentSid");
        if (body is null && media.Count == 0 && contentSid is null)
        {
            violations.Add("Messages API: one of Body, MediaUrl or ContentSid is required");
        }

        if (body is { Length: > 1600 })
        {
            violations.Add("Messages API: Body longer than 1,600 characters");
        }

        if (media.Count > 10)
        {
            violations.Add("Messages API: more than 10 MediaUrl");
        }

        foreach (var url in media)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            {
                violations.Add("Messages API: MediaUrl is not an absolute URL");
            }
        }

        if (contentSid is not null && !Regex.IsMatch(contentSid, "^HX[0-9a-fA-F]{32}$"))
        {
            violations.Add("Messages API: ContentSid does not match ^HX[0-9a-fA-F]{32}$");
        }

        if (contentSid is not null && body is not null)
        {
            violations.Add("Messages API: Body sent with ContentSid (the content defines the body)");
        }

        if (request.Field("ContentVariables") is { } variables)
        {
            if (contentSid is null)
            {
                violations.Add("Messages API: ContentVariables without ContentSid");
            }

            try
            {
                using var document = JsonDocument.Parse(variables);
                if (document.RootElement.ValueKind != JsonValueKind.Object
                    || document.RootElement.EnumerateObject().Any(p => p.Value.ValueKind != JsonValueKind.String))
                {
                    violations.Add("Messages API: ContentVariables is not a JSON object of strings");
                }
            }
            catch (JsonException)
            {
                violations.Add("Messages API: ContentVariables is not JSON");
            }
        }

        if (request.Field("StatusCallback") is { } callback && !Uri.TryCreate(callback, UriKind.Absolute, out _))
        {
            violations.Add("Messages API: StatusCallback is not an absolute URL");
        }
    }

    private static void CheckJson(RecordedRequest request, List<string> violations)
    {
        if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            violations.Add($"Content API: Content-Type {request.ContentType ?? "(none)"}, expected application/json");
        }
    }

    private static void CheckContentCreate(RecordedRequest request, List<string> violations)
    {
        try
        {
            var root = request.Json;
            if (!root.TryGetProperty("language", out var language) || language.ValueKind != JsonValueKind.String)
            {
                violations.Add("Content API: language (string) is required");
            }

            if (!root.TryGetProperty("types", out var types) || types.ValueKind != JsonValueKind.Object || !types.EnumerateObject().Any())
            {
                violations.Add("Content API: types (object with one type) is required");
                return;
            }

            foreach (var type in types.EnumerateObject())
            {
                if (!s_contentTypes.Contains(type.Name))
                {
                    violations.Add($"Content API: unknown content type '{type.Name}'");
                }
            }

            if (root.TryGetProperty("variables", out var variables)
                && (variables.ValueKind != JsonValueKind.Object || variables.EnumerateObject().Any(v => v.Value.ValueKind != JsonValueKind.String)))
            {
                violations.Add("Content API: variables is not an object of strings");
            }

            foreach (var property in root.EnumerateObject())
            {
                if (property.Name is not ("friendly_name" or "variables" or "language" or "types"))
                {
                    violations.Add($"Content API: unknown field '{property.Name}'");
                }
            }
        }
        catch (JsonException)
        {
            violations.Add("Content API: body is not JSON");
        }
    }

    private static void CheckApprovalCreate(RecordedRequest request, List<string> violations)
    {
        try
        {
            var root = request.Json;
            if (!root.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || !Regex.IsMatch(name.GetString()!, "^[a-z0-9_]{1,512}$"))
            {
                violations.Add("Approval request: name must be a lower-case WhatsApp template name");
            }

            if (!root.TryGetProperty("category", out var category) || category.GetString() is not ("MARKETING" or "UTILITY" or "AUTHENTICATION"))
            {
                violations.Add("Approval request: category must be MARKETING, UTILITY or AUTHENTICATION");
            }
        }
        catch (JsonException)
        {
            violations.Add("Approval request: body is not JSON");
        }
    }

    private async Task CheckWithPrismAsync(Uri prism, RecordedRequest request, List<string> violations, CancellationToken cancellationToken)
    {
        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(prism, request.Path + request.Query));
        if (request.Authorization is not null)
        {
            forward.Headers.TryAddWithoutValidation("Authorization", request.Authorization);
        }

        if (request.Body.Length > 0 || request.Method == "POST")
        {
            forward.Content = new ByteArrayContent(request.Form.Count > 0 ? ForPrism(request.Form) : request.Body);
            if (request.ContentType is not null)
            {
                forward.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType);
            }
        }

        using var response = await _prism!.Client.SendAsync(forward, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            violations.Add($"Prism ({(int)response.StatusCode}) rejected {request.Method} {request.Path}: {text}");
        }
    }

    /// <summary>
    /// The form as Prism can read it. Twilio (and its SDKs) send array fields as repeated keys (<c>MediaUrl=a&amp;MediaUrl=b</c>),
    /// but Prism 5.16 reads a form array only in the <c>MediaUrl[]</c> form (stoplightio/prism#2473) and answers 422
    /// "must be array" otherwise. The replay renames the spec's array fields so Prism still validates their items; the
    /// hand-written checks above validate the real encoding.
    /// </summary>
    private static byte[] ForPrism(List<KeyValuePair<string, string>> form) =>
        Encoding.UTF8.GetBytes(string.Join("&", form.Select(p =>
            Uri.EscapeDataString(p.Key is "MediaUrl" or "PersistentAction" ? p.Key + "[]" : p.Key) + "=" + Uri.EscapeDataString(p.Value))));

    private StubResponse MessageCreated(RecordedRequest request)
    {
        var sid = NextSid(request.Fields("MediaUrl").Count > 0 ? "MM" : "SM");
        var body = new Dictionary<string, object?>
        {
            ["account_sid"] = AccountSid,
            ["api_version"] = "2010-04-01",
            ["body"] = request.Field("Body") ?? "",
            ["date_created"] = "Thu, 24 Aug 2023 05:01:45 +0000",
            ["date_sent"] = null,
            ["date_updated"] = "Thu, 24 Aug 2023 05:01:45 +0000",
            ["direction"] = "outbound-api",
            ["error_code"] = null,
            ["error_message"] = null,
            ["from"] = request.Field("From"),
            ["messaging_service_sid"] = request.Field("MessagingServiceSid"),
            ["num_media"] = request.Fields("MediaUrl").Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["num_segments"] = "1",
            ["price"] = null,
            ["price_unit"] = null,
            ["sid"] = sid,
            ["status"] = request.Field("MessagingServiceSid") is null ? "queued" : "accepted",
            ["subresource_uris"] = new Dictionary<string, string> { ["media"] = $"/2010-04-01/Accounts/{AccountSid}/Messages/{sid}/Media.json" },
            ["to"] = request.Field("To"),
            ["uri"] = $"/2010-04-01/Accounts/{AccountSid}/Messages/{sid}.json",
        };
        return new StubResponse(201, JsonSerializer.Serialize(body));
    }

    private StubResponse ContentCreated(RecordedRequest request)
    {
        var root = request.Json;
        var sid = NextSid("HX");
        var body = new Dictionary<string, object?>
        {
            ["sid"] = sid,
            ["account_sid"] = AccountSid,
            ["friendly_name"] = root.TryGetProperty("friendly_name", out var name) ? name.GetString() : "",
            ["language"] = root.GetProperty("language").GetString(),
            ["variables"] = root.TryGetProperty("variables", out var variables) ? variables : new Dictionary<string, string>(),
            ["types"] = root.GetProperty("types"),
            ["url"] = $"https://content.twilio.com/v1/Content/{sid}",
            ["date_created"] = "2026-07-30T19:00:00Z",
            ["date_updated"] = "2026-07-30T19:00:00Z",
            ["links"] = new Dictionary<string, string>
            {
                ["approval_create"] = $"https://content.twilio.com/v1/Content/{sid}/ApprovalRequests/whatsapp",
                ["approval_fetch"] = $"https://content.twilio.com/v1/Content/{sid}/ApprovalRequests",
            },
        };
        return new StubResponse(201, JsonSerializer.Serialize(body));
    }

    private static StubResponse ApprovalCreated(RecordedRequest request)
    {
        var root = request.Json;
        var body = new Dictionary<string, object?>
        {
            ["name"] = root.GetProperty("name").GetString(),
            ["category"] = root.GetProperty("category").GetString(),
            ["content_type"] = "twilio/text",
            ["status"] = "received",
            ["rejection_reason"] = "",
            ["allow_category_change"] = true,
        };
        return new StubResponse(201, JsonSerializer.Serialize(body));
    }

    [GeneratedRegex("^/2010-04-01/Accounts/([^/]+)/Messages\\.json$")]
    private static partial Regex MessagesPath();

    [GeneratedRegex("^/v1/Content/(HX[0-9a-fA-F]{32})/ApprovalRequests/whatsapp$")]
    private static partial Regex ApprovalCreatePath();

    [GeneratedRegex("^whatsapp:\\+[1-9][0-9]{6,14}$")]
    private static partial Regex WhatsAppAddress();

    /// <summary>Twilio's address of a business-scoped user ID: <c>whatsapp:</c> and the id, no <c>+</c> (identities.md §5).</summary>
    [GeneratedRegex("^whatsapp:[A-Z]{2}(\\.ENT)?\\.[A-Za-z0-9]{1,128}$")]
    private static partial Regex UserIdAddress();
}
