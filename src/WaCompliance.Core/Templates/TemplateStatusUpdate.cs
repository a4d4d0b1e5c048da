namespace WaCompliance.Templates;

/// <summary>A change of a template's status reported by a provider; fields left <see langword="null"/> are unchanged.</summary>
/// <param name="Status">The new status.</param>
/// <param name="At">When the provider reported it; older reports than the catalog's last change are ignored.</param>
public sealed record TemplateStatusUpdate(TemplateStatus Status, DateTimeOffset At)
{
    /// <summary>The new quality rating.</summary>
    public TemplateQuality? Quality { get; init; }

    /// <summary>The new category (Meta may recategorize an approved template).</summary>
    public TemplateCategory? Category { get; init; }

    /// <summary>The provider's reason (rejection or pause).</summary>
    public string? Reason { get; init; }

    /// <summary>Applies the update to a template, unless it is older than the template's last change.</summary>
    /// <param name="template">The template.</param>
    /// <returns>The updated template, or the same instance when the update is stale.</returns>
    public MessageTemplate ApplyTo(MessageTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var at = Consent.ConsentChain.NormalizeTimestamp(At);
        if (template.UpdatedAt is { } updated && at < updated)
        {
            return template;
        }

        return template with
        {
            Status = Status,
            Quality = Quality ?? template.Quality,
            Category = Category ?? template.Category,
            StatusReason = Reason ?? (Status == TemplateStatus.Approved ? null : template.StatusReason),
            UpdatedAt = at,
        };
    }
}
