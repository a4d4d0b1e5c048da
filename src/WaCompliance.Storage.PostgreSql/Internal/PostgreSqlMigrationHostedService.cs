using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace WaCompliance.Storage.PostgreSql.Internal;

/// <summary>Applies pending migrations when the host starts, if <see cref="PostgreSqlStorageOptions.MigrateOnStart"/>.</summary>
internal sealed class PostgreSqlMigrationHostedService : IHostedService
{
    private readonly PostgreSqlStorage _storage;
    private readonly PostgreSqlStorageOptions _options;

    public PostgreSqlMigrationHostedService(PostgreSqlStorage storage, IOptions<PostgreSqlStorageOptions> options)
    {
        _storage = storage;
        _options = options.Value;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.MigrateOnStart)
        {
            await _storage.Migrator.MigrateAsync(cancellationToken).ConfigureAwait(false);
            _storage.MarkReady();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
