using System.Text.Json.Serialization;

namespace WaCompliance.Providers.MessageBird.Json;

// Legacy MessageBird Integrations API WhatsApp templates (providers.md §5a: /v2/platforms/whatsapp/templates).
// Components follow Meta's template component shape.

internal sealed class IntegrationsTemplate
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    public string? Language { get; init; }

    public string? Category { get; init; }

    public string? Status { get; init; }

    [JsonPropertyName("parameter_format")]
    public string? ParameterFormat { get; init; }

    public List<IntegrationsComponent>? Components { get; init; }

    public string? RejectedReason { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }
}

internal sealed class IntegrationsComponent
{
    public string? Type { get; init; }

    public string? Format { get; init; }

    public string? Text { get; init; }

    [JsonPropertyName("add_security_recommendation")]
    public bool? AddSecurityRecommendation { get; init; }

    [JsonPropertyName("code_expiration_minutes")]
    public int? CodeExpirationMinutes { get; init; }

    public IntegrationsExample? Example { get; init; }

    public List<IntegrationsButton>? Buttons { get; init; }
}

internal sealed class IntegrationsExample
{
    [JsonPropertyName("header_text")]
    public List<string>? HeaderText { get; init; }

    [JsonPropertyName("header_handle")]
    public List<string>? HeaderHandle { get; init; }

    [JsonPropertyName("body_text")]
    public List<List<string>>? BodyText { get; init; }

    [JsonPropertyName("body_text_named_params")]
    public List<IntegrationsNamedExample>? BodyTextNamedParams { get; init; }
}

internal sealed class IntegrationsNamedExample
{
    [JsonPropertyName("param_name")]
    public string? ParamName { get; init; }

    public string? Example { get; init; }
}

internal sealed class IntegrationsButton
{
    public string? Type { get; init; }

    public string? Text { get; init; }

    public string? Url { get; init; }

    [JsonPropertyName("phone_number")]
    public string? PhoneNumber { get; init; }

    [JsonPropertyName("otp_type")]
    public string? OtpType { get; init; }

    public List<string>? Example { get; init; }
}

internal sealed class IntegrationsTemplatePage
{
    public List<IntegrationsTemplate>? Items { get; init; }

    public int? Offset { get; init; }

    public int? Limit { get; init; }

    public int? Count { get; init; }

    public int? TotalCount { get; init; }
}
