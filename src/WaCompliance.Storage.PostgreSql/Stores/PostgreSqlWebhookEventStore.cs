using WaCompliance.Consent;
using WaCompliance.Storage.PostgreSql.Internal;
using WaCompliance.Webhooks;

namespace WaCompliance.Storage.PostgreSql.Stores;

/// <summary>
/// Processed webhook events in PostgreSQL (<c>webhook_events</c>): <c>INSERT ... ON CONFLICT DO NOTHING</c> on
/// (source, event id), so exactly one delivery of an event is applied across every instance.
/// </summary>
internal sealed class PostgreSqlWebhookEventStore : IWebhookEventStore
{
    private readonly PostgreSqlStorage _storage;
    private readonly string _table;

    public PostgreSqlWebhookEventStore(PostgreSqlStorage storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _storage = storage;
        _table = storage.Table("webhook_events");
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryRecordAsync(string source, string eventId, DateTimeOffset receivedAt, CancellationToken cancellationToken = default)
    {
        WebhookEventKeys.Validate(source, eventId);
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = _storage.Command(connection,
            $"INSERT INTO {_table} (source, event_id, received_at) VALUES ($1, $2, $3) ON CONFLICT (source, event_id) DO NOTHING");
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(Db.Value(source));
        command.Parameters.Add(Db.Value(eventId));
        command.Parameters.Add(Db.Time(ConsentChain.NormalizeTimestamp(receivedAt)));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async ValueTask<int> PruneAsync(DateTimeOffset receivedBefore, CancellationToken cancellationToken = default)
    {
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = _storage.Command(connection, $"DELETE FROM {_table} WHERE received_at < $1");
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(Db.Time(Db.Ceiling(receivedBefore)));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
