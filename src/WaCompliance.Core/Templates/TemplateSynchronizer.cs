using WaCompliance.Internal;

namespace WaCompliance.Templates;

/// <summary>Brings the catalog in step with a provider: every template the provider holds is upserted with its current status.</summary>
public static class TemplateSynchronizer
{
    /// <summary>Copies the provider's templates into the catalog.</summary>
    /// <param name="client">The provider's template client.</param>
    /// <param name="catalog">The catalog.</param>
    /// <param name="cancellationToken">Cancels the sync.</param>
    /// <returns>How many templates were written.</returns>
    public static async ValueTask<int> SyncAsync(ITemplateClient client, ITemplateCatalog catalog, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(client);
        Guard.NotNull(catalog);
        var count = 0;
        await foreach (var template in client.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            await catalog.UpsertAsync(template, cancellationToken).ConfigureAwait(false);
            count++;
        }

        return count;
    }
}
