using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace WaCompliance.Storage.Sqlite.Internal;

/// <summary>
/// Gets the database ready when the host starts, so a broken or outdated database stops the application at start
/// rather than at its first message: migrates when <see cref="SqliteStorageOptions.MigrateOnStart"/>, otherwise checks
/// that the schema is current. Applications without a host get the same on first use.
/// </summary>
internal sealed class SqliteMigrationHostedService(SqliteComplianceDatabase database, IOptions<SqliteStorageOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.MigrateOnStart)
        {
            await database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await database.EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
