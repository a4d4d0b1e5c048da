namespace WaCompliance.Templates;

/// <summary>
/// A WhatsApp message template as the catalog knows it: its identity (name and language), its review status,
/// quality and category, and its components.
/// </summary>
public sealed record MessageTemplate
{
    /// <summary>The template name: lower-case letters, digits and underscores.</summary>
    public required string Name { get; init; }

    /// <summary>The language code, e.g. <c>en</c> or <c>en_US</c>.</summary>
    public required string Language { get; init; }

    /// <summary>The category (use the latest: Meta may recategorize).</summary>
    public required TemplateCategory Category { get; init; }

    /// <summary>The review status.</summary>
    public TemplateStatus Status { get; init; } = TemplateStatus.Pending;

    /// <summary>The quality rating.</summary>
    public TemplateQuality Quality { get; init; } = TemplateQuality.Unknown;

    /// <summary>How variables are written.</summary>
    public TemplateParameterFormat ParameterFormat { get; init; } = TemplateParameterFormat.Positional;

    /// <summary>The header, if any.</summary>
    public TemplateHeader? Header { get; init; }

    /// <summary>The body text with its variables (required, at most 1,024 characters).</summary>
    public required string Body { get; init; }

    /// <summary>The footer, if any (at most 60 characters, no variables).</summary>
    public string? Footer { get; init; }

    /// <summary>The buttons.</summary>
    public IReadOnlyList<TemplateButton> Buttons { get; init; } = [];

    /// <summary>Sample values of the body variables, by variable name (<c>1</c>, <c>2</c> ... or <c>first_name</c>).</summary>
    public IReadOnlyDictionary<string, string>? BodyExamples { get; init; }

    /// <summary>For authentication templates: minutes until the code expires (1 to 90), shown in a footer line.</summary>
    public int? CodeExpirationMinutes { get; init; }

    /// <summary>For authentication templates: whether the security recommendation line is added.</summary>
    public bool AddSecurityRecommendation { get; init; }

    /// <summary>The provider's id of the template (Twilio ContentSid, Meta template id), if known.</summary>
    public string? ProviderTemplateId { get; init; }

    /// <summary>Why the template was rejected or paused, as the provider said.</summary>
    public string? StatusReason { get; init; }

    /// <summary>When the catalog last changed this template.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>The catalog key of this template.</summary>
    public TemplateKey Key => new(Name, Language);
}
