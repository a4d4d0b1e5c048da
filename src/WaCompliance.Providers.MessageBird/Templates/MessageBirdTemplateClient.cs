using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using WaCompliance.Providers.MessageBird.Errors;
using WaCompliance.Providers.MessageBird.Json;
using WaCompliance.Templates;

namespace WaCompliance.Providers.MessageBird.Templates;

/// <summary>
/// Template management. In <see cref="MessageBirdApiMode.LegacyConversations"/> mode: the MessageBird Integrations API
/// (providers.md §5a): <c>GET/POST /v2/platforms/whatsapp/templates</c> and <c>GET …/templates/{name}</c>, with the
/// access key. In <see cref="MessageBirdApiMode.Channels"/> mode Bird keeps templates as Studio projects, for which the
/// provider reference documents no list or create contract: every call throws <see cref="NotSupportedException"/>.
/// </summary>
internal sealed class MessageBirdTemplateClient : ITemplateClient
{
    internal const int PageSize = 100;

    internal const string ChannelsNotSupported =
        "Template management is not available in the Bird Channels API mode: Bird keeps WhatsApp templates as Studio " +
        "(Touchpoints) projects synchronized from the WhatsApp Business Account, and the provider reference documents no list, " +
        "create or get contract for them that this package can implement faithfully. Manage templates in Bird Studio, put their " +
        "project ids in the catalog (ProviderTemplateId) or in MessageBirdOptions.TemplateProjects, or use " +
        "ApiMode = LegacyConversations for an account on the MessageBird Integrations API.";

    private readonly MessageBirdOptions _options;
    private readonly Func<HttpClient> _httpClient;
    private readonly Uri _templatesUri;
    private readonly string _authorization;

    public MessageBirdTemplateClient(string gatewayName, MessageBirdOptions options, Func<HttpClient> httpClient)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gatewayName);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClient);
        GatewayName = gatewayName;
        _options = options;
        _httpClient = httpClient;
        _authorization = "AccessKey " + options.AccessKey;
        _templatesUri = new Uri(MessageBirdGateway.BaseWithSlash(options.IntegrationsBaseUrl), "v2/platforms/whatsapp/templates");
    }

    public string GatewayName { get; }

    public async IAsyncEnumerable<MessageTemplate> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        EnsureSupported();
        var offset = 0;
        while (true)
        {
            var uri = new Uri(string.Create(CultureInfo.InvariantCulture, $"{_templatesUri.AbsoluteUri}?limit={PageSize}&offset={offset}"));
            var (status, body) = await GetAsync(uri, cancellationToken).ConfigureAwait(false);
            if (status != HttpStatusCode.OK)
            {
                throw Failure("list the templates", status, body);
            }

            var (items, totalCount) = ReadPage(body);
            foreach (var item in items)
            {
                yield return IntegrationsTemplateMapper.ToTemplate(item);
            }

            offset += items.Count;
            if (items.Count < PageSize || (totalCount is { } total && offset >= total))
            {
                yield break;
            }
        }
    }

    public async ValueTask<MessageTemplate> SubmitAsync(MessageTemplate template, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(template);
        EnsureSupported();
        var issues = TemplateLinter.Lint(template);
        if (issues.Any(i => i.Severity == TemplateLintSeverity.Error))
        {
            throw new TemplateLintException(issues);
        }

        var payload = JsonSerializer.SerializeToUtf8Bytes(IntegrationsTemplateMapper.FromTemplate(template), MessageBirdJsonContext.Default.IntegrationsTemplate);
        using var request = Request(HttpMethod.Post, _templatesUri);
        request.Content = new ByteArrayContent(payload);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _httpClient().SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw Failure("submit the template", response.StatusCode, body);
        }

        IntegrationsTemplate? created = null;
        try
        {
            created = body.Length == 0 ? null : JsonSerializer.Deserialize(body, MessageBirdJsonContext.Default.IntegrationsTemplate);
        }
        catch (JsonException)
        {
            // The template was accepted; its status is read later.
        }

        if (created?.Name is null)
        {
            return template with { Status = TemplateStatus.Pending, ProviderTemplateId = created?.Id ?? template.ProviderTemplateId };
        }

        var held = IntegrationsTemplateMapper.ToTemplate(created);
        return held with { Status = created.Status is null ? TemplateStatus.Pending : held.Status };
    }

    public async ValueTask<MessageTemplate?> GetAsync(TemplateKey key, CancellationToken cancellationToken = default)
    {
        EnsureSupported();
        var uri = new Uri(MessageBirdGateway.BaseWithSlash(_templatesUri), Uri.EscapeDataString(key.Name));
        var (status, body) = await GetAsync(uri, cancellationToken).ConfigureAwait(false);
        if (status == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (status != HttpStatusCode.OK)
        {
            throw Failure("read the template", status, body);
        }

        var (items, _) = ReadPage(body);
        var match = items.FirstOrDefault(t => t.Name == key.Name && t.Language is { } language && TemplateKey.NormalizeLanguage(language) == key.Language);
        return match is null ? null : IntegrationsTemplateMapper.ToTemplate(match);
    }

    private void EnsureSupported()
    {
        if (_options.ApiMode == MessageBirdApiMode.Channels)
        {
            throw new NotSupportedException(ChannelsNotSupported);
        }
    }

    private async Task<(HttpStatusCode Status, byte[] Body)> GetAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, uri);
        using var response = await _httpClient().SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return (response.StatusCode, body);
    }

    private HttpRequestMessage Request(HttpMethod method, Uri uri)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.TryAddWithoutValidation("Authorization", _authorization);
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        return request;
    }

    /// <summary>A page of templates: a JSON array, a single template, or an object with <c>items</c> (and <c>totalCount</c>).</summary>
    private static (List<IntegrationsTemplate> Items, int? TotalCount) ReadPage(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            switch (root.ValueKind)
            {
                case JsonValueKind.Array:
                    return (root.Deserialize(MessageBirdJsonContext.Default.ListIntegrationsTemplate) ?? [], null);
                case JsonValueKind.Object when root.TryGetProperty("items", out _):
                    var page = root.Deserialize(MessageBirdJsonContext.Default.IntegrationsTemplatePage)!;
                    return (page.Items ?? [], page.TotalCount);
                case JsonValueKind.Object:
                    return ([root.Deserialize(MessageBirdJsonContext.Default.IntegrationsTemplate)!], null);
                default:
                    throw new HttpRequestException("The MessageBird Integrations API answered with an unexpected template list shape.");
            }
        }
        catch (JsonException exception)
        {
            throw new HttpRequestException("The MessageBird Integrations API answered with a template list that is not valid JSON.", exception);
        }
    }

    private static HttpRequestException Failure(string action, HttpStatusCode status, byte[] body)
    {
        var error = MessageBirdErrorReader.Read((int)status, body, null, DateTimeOffset.UnixEpoch);
        var detail = error.ProviderCode is null ? error.Code : $"{error.Code}, provider code {error.ProviderCode}";
        return new HttpRequestException(
            string.Create(CultureInfo.InvariantCulture, $"MessageBird could not {action}: HTTP {(int)status} ({detail}){(error.Message is null ? "" : ": " + error.Message)}"),
            null,
            status);
    }
}
