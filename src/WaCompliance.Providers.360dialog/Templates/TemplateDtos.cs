using System.Text.Json;
using System.Text.Json.Serialization;

namespace WaCompliance.Providers.Dialog360.Templates;

/// <summary>
/// 360dialog's template list: <c>{"count":..,"total":..,"offset":..,"limit":..,"waba_templates":[...]}</c>; each item
/// is Meta's template JSON.
/// </summary>
internal sealed class TemplateListDto
{
    [JsonPropertyName("count")]
    public int? Count { get; set; }

    [JsonPropertyName("total")]
    public int? Total { get; set; }

    [JsonPropertyName("waba_templates")]
    public List<TemplateDto?>? WabaTemplates { get; set; }
}

/// <summary>A template (also the shape of the create response: <c>{id, status, category}</c>).</summary>
internal sealed class TemplateDto
{
    [JsonPropertyName("id")]
    public JsonElement? Id { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("language")]
    public string? Language { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("category")]
    public string? Category { get; set; }

    [JsonPropertyName("quality_score")]
    public JsonElement? QualityScore { get; set; }

    [JsonPropertyName("parameter_format")]
    public string? ParameterFormat { get; set; }

    [JsonPropertyName("components")]
    public List<TemplateComponentDto?>? Components { get; set; }

    [JsonPropertyName("rejected_reason")]
    public string? RejectedReason { get; set; }
}

/// <summary>A component: HEADER, BODY, FOOTER or BUTTONS.</summary>
internal sealed class TemplateComponentDto
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("format")]
    public string? Format { get; set; }

    [JsonPropertyName("text")]
    public string? Text { get; set; }

    [JsonPropertyName("example")]
    public TemplateExampleDto? Example { get; set; }

    [JsonPropertyName("buttons")]
    public List<TemplateButtonDto?>? Buttons { get; set; }

    [JsonPropertyName("add_security_recommendation")]
    public bool? AddSecurityRecommendation { get; set; }

    [JsonPropertyName("code_expiration_minutes")]
    public int? CodeExpirationMinutes { get; set; }
}

/// <summary>Sample values of a component.</summary>
internal sealed class TemplateExampleDto
{
    [JsonPropertyName("header_text")]
    public List<string?>? HeaderText { get; set; }

    [JsonPropertyName("header_handle")]
    public List<string?>? HeaderHandle { get; set; }

    [JsonPropertyName("header_text_named_params")]
    public List<TemplateNamedExampleDto?>? HeaderTextNamedParams { get; set; }

    [JsonPropertyName("body_text")]
    public List<List<string?>?>? BodyText { get; set; }

    [JsonPropertyName("body_text_named_params")]
    public List<TemplateNamedExampleDto?>? BodyTextNamedParams { get; set; }
}

/// <summary><c>{param_name, example}</c>.</summary>
internal sealed class TemplateNamedExampleDto
{
    [JsonPropertyName("param_name")]
    public string? ParamName { get; set; }

    [JsonPropertyName("example")]
    public string? Example { get; set; }
}

/// <summary>A button of the BUTTONS component.</summary>
internal sealed class TemplateButtonDto
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("text")]
    public string? Text { get; set; }

    [JsonPropertyName("url")]
    public string? Url { get; set; }

    [JsonPropertyName("phone_number")]
    public string? PhoneNumber { get; set; }

    [JsonPropertyName("example")]
    public JsonElement? Example { get; set; }

    [JsonPropertyName("otp_type")]
    public string? OtpType { get; set; }
}
