using System.Collections.Concurrent;
using WaCompliance.Internal;

namespace WaCompliance.Templates;

/// <summary>A thread-safe in-memory <see cref="ITemplateCatalog"/>.</summary>
public sealed class InMemoryTemplateCatalog : ITemplateCatalog
{
    private readonly ConcurrentDictionary<TemplateKey, MessageTemplate> _templates = new();
    private readonly TimeProvider _time;

    /// <summary>Creates an empty catalog.</summary>
    /// <param name="timeProvider">The clock.</param>
    public InMemoryTemplateCatalog(TimeProvider timeProvider)
    {
        _time = Guard.NotNull(timeProvider);
    }

    /// <inheritdoc />
    public ValueTask<MessageTemplate?> GetAsync(TemplateKey key, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_templates.GetValueOrDefault(key));

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<MessageTemplate>> ListAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<MessageTemplate>>(
            _templates.Values.OrderBy(t => t.Name, StringComparer.Ordinal).ThenBy(t => t.Key.Language, StringComparer.Ordinal).ToArray());

    /// <inheritdoc />
    public ValueTask<MessageTemplate> UpsertAsync(MessageTemplate template, CancellationToken cancellationToken = default)
    {
        var stored = TemplateCatalogRules.PrepareForStore(template, _time.GetUtcNow());
        _templates[stored.Key] = stored;
        return ValueTask.FromResult(stored);
    }

    /// <inheritdoc />
    public ValueTask<MessageTemplate?> UpdateStatusAsync(TemplateKey key, TemplateStatusUpdate update, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(update);
        while (_templates.TryGetValue(key, out var existing))
        {
            var updated = update.ApplyTo(existing);
            if (ReferenceEquals(updated, existing) || _templates.TryUpdate(key, updated, existing))
            {
                return ValueTask.FromResult<MessageTemplate?>(updated);
            }
        }

        return ValueTask.FromResult<MessageTemplate?>(null);
    }

    /// <inheritdoc />
    public ValueTask<bool> RemoveAsync(TemplateKey key, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_templates.TryRemove(key, out _));
}
