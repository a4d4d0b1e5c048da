using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using WaCompliance.Gateways;
using WaCompliance.Providers.Dialog360.Errors;
using WaCompliance.Providers.Dialog360.Internal;
using WaCompliance.Templates;

namespace WaCompliance.Providers.Dialog360.Templates;

/// <summary>
/// Manages templates through 360dialog's <c>/v1/configs/templates</c>: lists them page by page
/// (<c>limit</c>/<c>offset</c>), submits new ones (linted first) and reads one by name and language.
/// </summary>
/// <remarks>
/// Errors are thrown as <see cref="HttpRequestException"/> carrying the HTTP status, with a message naming the
/// common error kind and the provider's code and message (never the API key).
/// </remarks>
internal sealed class Dialog360TemplateClient : ITemplateClient
{
    /// <summary>The page size asked for.</summary>
    public const int PageSize = 250;

    private const int MaxPages = 1000;

    private readonly Dialog360Connection _connection;
    private readonly ILogger _logger;

    /// <summary>Creates the client.</summary>
    /// <param name="connection">The registration's connection.</param>
    /// <param name="logger">The logger.</param>
    public Dialog360TemplateClient(Dialog360Connection connection, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(logger);
        _connection = connection;
        _logger = logger;
    }

    /// <inheritdoc />
    public string GatewayName => _connection.GatewayName;

    /// <inheritdoc />
    public async IAsyncEnumerable<MessageTemplate> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var offset = 0;
        for (var page = 0; page < MaxPages; page++)
        {
            var url = new Uri(string.Create(CultureInfo.InvariantCulture, $"{_connection.TemplatesUrl.AbsoluteUri}?limit={PageSize}&offset={offset}"));
            using var request = _connection.Request(HttpMethod.Get, url);
            var body = await CallAsync(request, "list templates", cancellationToken).ConfigureAwait(false);
            TemplateListDto? list;
            try
            {
                list = JsonSerializer.Deserialize(body, Dialog360JsonContext.Default.TemplateListDto);
            }
            catch (JsonException exception)
            {
                throw new HttpRequestException("360dialog answered the template list with JSON this client cannot read.", exception);
            }

            var items = list?.WabaTemplates ?? [];
            foreach (var item in items)
            {
                if (item is null)
                {
                    continue;
                }

                if (TemplateJson.ToTemplate(item, out var problem) is { } template)
                {
                    yield return template;
                }
                else
                {
                    Dialog360Log.TemplateSkipped(_logger, GatewayName, problem ?? "unknown");
                }
            }

            offset += items.Count;
            if (items.Count == 0 || items.Count < PageSize || (list?.Total is { } total && offset >= total))
            {
                yield break;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<MessageTemplate> SubmitAsync(MessageTemplate template, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(template);
        var issues = TemplateLinter.Lint(template);
        if (issues.Any(issue => issue.Severity == TemplateLintSeverity.Error))
        {
            throw new TemplateLintException(issues);
        }

        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            TemplateJson.WriteSubmission(writer, template);
        }

        using var request = _connection.Request(HttpMethod.Post, _connection.TemplatesUrl);
        request.Content = new ReadOnlyMemoryContent(buffer.WrittenMemory);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var body = await CallAsync(request, "submit a template", cancellationToken).ConfigureAwait(false);
        TemplateDto? created = null;
        try
        {
            created = body.Length == 0 ? null : JsonSerializer.Deserialize(body, Dialog360JsonContext.Default.TemplateDto);
        }
        catch (JsonException)
        {
            // Accepted without a readable body: the template is pending.
        }

        var result = template with
        {
            ProviderTemplateId = TemplateJson.Id(created?.Id) ?? template.ProviderTemplateId,
            Status = created?.Status is { } status ? TemplateJson.Status(status) : TemplateStatus.Pending,
            Category = TemplateJson.Category(created?.Category) ?? template.Category,
            StatusReason = created?.RejectedReason is null or "NONE" ? null : created.RejectedReason,
            UpdatedAt = _connection.TimeProvider.GetUtcNow(),
        };
        Dialog360Log.TemplateSubmitted(_logger, GatewayName, result.Name, result.Language, result.Status.ToString());
        return result;
    }

    /// <inheritdoc />
    public async ValueTask<MessageTemplate?> GetAsync(TemplateKey key, CancellationToken cancellationToken = default)
    {
        // 360dialog's list has no documented filter on the Cloud API host: read the list and match the key.
        await foreach (var template in ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (template.Key == key)
            {
                return template;
            }
        }

        return null;
    }

    private async Task<byte[]> CallAsync(HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await _connection.Client().SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return body;
        }

        var error = CloudApiErrorMapper.Map((int)response.StatusCode, body, response.Headers.RetryAfter, _connection.TimeProvider.GetUtcNow());
        throw new HttpRequestException(Describe(what, error), null, response.StatusCode);
    }

    private static string Describe(string what, ProviderError error) =>
        string.Create(CultureInfo.InvariantCulture,
            $"360dialog refused to {what}: HTTP {error.HttpStatus}, {error.Code}{(error.ProviderCode is null ? string.Empty : $" (code {error.ProviderCode})")}: {error.Message}");
}
