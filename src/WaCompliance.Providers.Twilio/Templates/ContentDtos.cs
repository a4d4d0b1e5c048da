using System.Text.Json;
using System.Text.Json.Serialization;

namespace WaCompliance.Providers.Twilio.Templates;

// Request and response bodies of the Twilio Content API (content.twilio.com/v1), as in twilio_content_v1.json.

/// <summary><c>POST /v1/Content</c> body.</summary>
internal sealed class ContentCreateRequest
{
    public string? FriendlyName { get; set; }

    public Dictionary<string, string>? Variables { get; set; }

    public required string Language { get; set; }

    public required ContentTypes Types { get; set; }
}

/// <summary>The content types of a Content resource (only those this package writes).</summary>
internal sealed class ContentTypes
{
    [JsonPropertyName("twilio/text")]
    public TwilioTextType? Text { get; set; }

    [JsonPropertyName("twilio/media")]
    public TwilioMediaType? Media { get; set; }

    [JsonPropertyName("twilio/quick-reply")]
    public TwilioQuickReplyType? QuickReply { get; set; }

    [JsonPropertyName("twilio/call-to-action")]
    public TwilioCallToActionType? CallToAction { get; set; }

    [JsonPropertyName("whatsapp/card")]
    public WhatsAppCardType? Card { get; set; }

    [JsonPropertyName("whatsapp/authentication")]
    public WhatsAppAuthenticationType? Authentication { get; set; }
}

internal sealed class TwilioTextType
{
    public required string Body { get; set; }
}

internal sealed class TwilioMediaType
{
    public string? Body { get; set; }

    public required List<string> Media { get; set; }
}

internal sealed class TwilioQuickReplyType
{
    public required string Body { get; set; }

    public required List<ContentAction> Actions { get; set; }
}

internal sealed class TwilioCallToActionType
{
    public required string Body { get; set; }

    public required List<ContentAction> Actions { get; set; }
}

internal sealed class WhatsAppCardType
{
    public required string Body { get; set; }

    public string? Footer { get; set; }

    public List<string>? Media { get; set; }

    public string? HeaderText { get; set; }

    public List<ContentAction>? Actions { get; set; }
}

internal sealed class WhatsAppAuthenticationType
{
    public bool? AddSecurityRecommendation { get; set; }

    public int? CodeExpirationMinutes { get; set; }

    public required List<AuthenticationAction> Actions { get; set; }
}

/// <summary>A quick-reply, call-to-action or card action (each type uses a subset of the fields).</summary>
internal sealed class ContentAction
{
    public required string Type { get; set; }

    public required string Title { get; set; }

    public string? Id { get; set; }

    public string? Url { get; set; }

    public string? Phone { get; set; }

    public string? Code { get; set; }
}

internal sealed class AuthenticationAction
{
    public required string Type { get; set; }

    public required string CopyCodeText { get; set; }
}

/// <summary><c>POST /v1/Content/{sid}/ApprovalRequests/whatsapp</c> body.</summary>
internal sealed class ApprovalCreateRequest
{
    public required string Name { get; set; }

    public required string Category { get; set; }
}

/// <summary>A WhatsApp approval request as Twilio reports it.</summary>
internal sealed class WhatsAppApproval
{
    public string? Name { get; set; }

    public string? Category { get; set; }

    public string? ContentType { get; set; }

    public string? Status { get; set; }

    public string? RejectionReason { get; set; }

    public bool? AllowCategoryChange { get; set; }
}

/// <summary><c>GET /v1/Content/{sid}/ApprovalRequests</c> response.</summary>
internal sealed class ApprovalFetchResponse
{
    public string? Sid { get; set; }

    public WhatsAppApproval? Whatsapp { get; set; }
}

/// <summary>A Content resource, with its approval requests when listed through <c>/v1/ContentAndApprovals</c>.</summary>
internal sealed class ContentResource
{
    public string? Sid { get; set; }

    public string? FriendlyName { get; set; }

    public string? Language { get; set; }

    public Dictionary<string, JsonElement>? Variables { get; set; }

    public Dictionary<string, JsonElement>? Types { get; set; }

    public DateTimeOffset? DateUpdated { get; set; }

    public JsonElement? ApprovalRequests { get; set; }
}

/// <summary>A page of <c>/v1/ContentAndApprovals</c>.</summary>
internal sealed class ContentPage
{
    public List<ContentResource>? Contents { get; set; }

    public PageMeta? Meta { get; set; }
}

internal sealed class PageMeta
{
    public string? NextPageUrl { get; set; }
}

/// <summary>Serialization of the Content API bodies (source-generated, snake_case, nulls omitted).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ContentCreateRequest))]
[JsonSerializable(typeof(ApprovalCreateRequest))]
[JsonSerializable(typeof(WhatsAppApproval))]
[JsonSerializable(typeof(ApprovalFetchResponse))]
[JsonSerializable(typeof(ContentResource))]
[JsonSerializable(typeof(ContentPage))]
internal sealed partial class ContentJsonContext : JsonSerializerContext;
