namespace WaCompliance.Templates;

/// <summary>
/// The templates the business may send, with their current status, quality and category, kept in step with the
/// providers by template sync and status webhooks.
/// </summary>
public interface ITemplateCatalog
{
    /// <summary>A template by name and language.</summary>
    /// <param name="key">The name and language.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The template, or <see langword="null"/>.</returns>
    ValueTask<MessageTemplate?> GetAsync(TemplateKey key, CancellationToken cancellationToken = default);

    /// <summary>Every template, ordered by name then language.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The templates.</returns>
    ValueTask<IReadOnlyList<MessageTemplate>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds a template or replaces the one with the same key.</summary>
    /// <param name="template">The template.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored template (with <see cref="MessageTemplate.UpdatedAt"/> set).</returns>
    ValueTask<MessageTemplate> UpsertAsync(MessageTemplate template, CancellationToken cancellationToken = default);

    /// <summary>Updates status, and optionally quality and category, as a status webhook or sync reports them.</summary>
    /// <param name="key">The template.</param>
    /// <param name="update">What changed.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The updated template, or <see langword="null"/> when the catalog does not hold it.</returns>
    ValueTask<MessageTemplate?> UpdateStatusAsync(TemplateKey key, TemplateStatusUpdate update, CancellationToken cancellationToken = default);

    /// <summary>Removes a template.</summary>
    /// <param name="key">The template.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether it was there.</returns>
    ValueTask<bool> RemoveAsync(TemplateKey key, CancellationToken cancellationToken = default);
}
