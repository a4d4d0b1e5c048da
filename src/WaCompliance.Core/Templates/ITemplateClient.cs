namespace WaCompliance.Templates;

/// <summary>Manages templates at a provider: list them (to sync the catalog), submit new ones for approval, read their status.</summary>
public interface ITemplateClient
{
    /// <summary>The gateway registration this client belongs to.</summary>
    string GatewayName { get; }

    /// <summary>Every template the provider account holds, with status, category and components.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The templates.</returns>
    IAsyncEnumerable<MessageTemplate> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Submits a template for approval. Callers lint it first (<see cref="TemplateLinter"/>); implementations refuse one with lint errors.</summary>
    /// <param name="template">The template.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The template as the provider now holds it (its id, status).</returns>
    /// <exception cref="TemplateLintException">The template has lint errors; nothing was submitted.</exception>
    ValueTask<MessageTemplate> SubmitAsync(MessageTemplate template, CancellationToken cancellationToken = default);

    /// <summary>The current status of one template.</summary>
    /// <param name="key">The template.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The template with its status, or <see langword="null"/> if the provider does not hold it.</returns>
    ValueTask<MessageTemplate?> GetAsync(TemplateKey key, CancellationToken cancellationToken = default);
}
