using WaCompliance.Consent;

namespace WaCompliance.Templates;

/// <summary>How templates are normalized and checked before a catalog stores them, the same for every store.</summary>
public static class TemplateCatalogRules
{
    /// <summary>Checks the fields a catalog needs and returns the template as stored: normalized language, update time set.</summary>
    /// <param name="template">The template.</param>
    /// <param name="now">The current time.</param>
    /// <returns>The template to store.</returns>
    /// <exception cref="ArgumentException">The template lacks a name, language or body, or has an undefined enumeration value.</exception>
    public static MessageTemplate PrepareForStore(MessageTemplate template, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (string.IsNullOrWhiteSpace(template.Name))
        {
            throw new ArgumentException("A template needs a name.", nameof(template));
        }

        if (string.IsNullOrWhiteSpace(template.Language))
        {
            throw new ArgumentException("A template needs a language.", nameof(template));
        }

        if (template.Body is null)
        {
            throw new ArgumentException("A template needs a body.", nameof(template));
        }

        if (!Enum.IsDefined(template.Category) || !Enum.IsDefined(template.Status) || !Enum.IsDefined(template.Quality)
            || !Enum.IsDefined(template.ParameterFormat))
        {
            throw new ArgumentException("The template has an undefined category, status, quality or parameter format.", nameof(template));
        }

        var key = template.Key;
        return template with
        {
            Name = key.Name,
            Language = key.Language,
            Buttons = template.Buttons ?? [],
            UpdatedAt = ConsentChain.NormalizeTimestamp(template.UpdatedAt ?? now),
        };
    }
}
