using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using WaCompliance.Providers.Twilio.Internal;
using WaCompliance.Templates;

namespace WaCompliance.Providers.Twilio.Templates;

/// <summary>
/// Manages WhatsApp templates through the Twilio Content API: lists content with approvals
/// (<c>GET /v1/ContentAndApprovals</c>), submits (<c>POST /v1/Content</c>, then
/// <c>POST /v1/Content/{sid}/ApprovalRequests/whatsapp</c>) and reads one template's status.
/// </summary>
internal sealed class TwilioTemplateClient : ITemplateClient
{
    internal const string FirstPage = "/v1/ContentAndApprovals?PageSize=100";
    private const int MaxPages = 10_000;

    private readonly TwilioContentApi _api;
    private readonly ILogger _logger;

    public TwilioTemplateClient(string gatewayName, TwilioContentApi api, ILogger logger)
    {
        GatewayName = gatewayName;
        _api = api;
        _logger = logger;
    }

    /// <inheritdoc />
    public string GatewayName { get; }

    /// <inheritdoc />
    public async IAsyncEnumerable<MessageTemplate> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? next = FirstPage;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var page = 0; next is not null && page < MaxPages && seen.Add(next); page++)
        {
            var (contents, error) = await _api.ListAsync(next, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                throw new TwilioApiException(error, "Listing Twilio content failed");
            }

            foreach (var content in contents!.Contents ?? [])
            {
                if (TwilioContentMapper.ToTemplate(content, TwilioContentMapper.Approval(content)) is { } template)
                {
                    yield return template;
                }
            }

            next = NextPage(contents.Meta?.NextPageUrl);
        }
    }

    /// <inheritdoc />
    public async ValueTask<MessageTemplate> SubmitAsync(MessageTemplate template, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(template);
        var issues = TemplateLinter.Lint(template);
        if (issues.Any(i => i.Severity == TemplateLintSeverity.Error))
        {
            throw new TemplateLintException(issues);
        }

        var (created, error) = await _api.CreateAsync(TwilioContentMapper.ToCreateRequest(template), cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            throw new TwilioApiException(error, "Creating the Twilio content failed");
        }

        if (string.IsNullOrEmpty(created!.Sid))
        {
            throw new TwilioApiException("The Twilio Content API created content without a sid.");
        }

        var request = new ApprovalCreateRequest { Name = template.Name, Category = TwilioContentMapper.CategoryName(template.Category) };
        var (approval, approvalError) = await _api.RequestApprovalAsync(created.Sid, request, cancellationToken).ConfigureAwait(false);
        if (approvalError is not null)
        {
            throw new TwilioApiException(approvalError, $"Content {created.Sid} was created but its WhatsApp approval request failed");
        }

        Log.TemplateSubmitted(_logger, created.Sid, GatewayName, approval!.Status ?? "unknown");
        return template with
        {
            ProviderTemplateId = created.Sid,
            Status = TwilioContentMapper.MapStatus(approval.Status),
            Category = string.IsNullOrEmpty(approval.Category) ? template.Category : TwilioContentMapper.MapCategory(approval.Category),
            StatusReason = string.IsNullOrEmpty(approval.RejectionReason) ? null : approval.RejectionReason,
            UpdatedAt = created.DateUpdated ?? template.UpdatedAt,
        };
    }

    /// <inheritdoc />
    public async ValueTask<MessageTemplate?> GetAsync(TemplateKey key, CancellationToken cancellationToken = default)
    {
        // The Content API has no lookup by WhatsApp name: page through the account's content.
        await foreach (var template in ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (string.Equals(template.Name, key.Name, StringComparison.Ordinal)
                && string.Equals(TemplateKey.NormalizeLanguage(template.Language), key.Language, StringComparison.Ordinal))
            {
                return template;
            }
        }

        return null;
    }

    /// <summary>The path and query of Twilio's absolute next-page URL, called on the configured Content API base.</summary>
    private static string? NextPage(string? nextPageUrl)
    {
        if (string.IsNullOrEmpty(nextPageUrl))
        {
            return null;
        }

        return Uri.TryCreate(nextPageUrl, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery
            : nextPageUrl.StartsWith('/') ? nextPageUrl
            : null;
    }
}
