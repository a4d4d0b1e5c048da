using WaCompliance.Storage.Sqlite.Internal;
using WaCompliance.Webhooks;

namespace WaCompliance.Storage.Sqlite;

/// <summary>
/// Processed webhook events in SQLite (<c>webhook_events</c>). The primary key (source, event id) decides which
/// delivery is first: an insert that conflicts is a redelivery, whichever process received it.
/// </summary>
public sealed class SqliteWebhookEventStore : IWebhookEventStore
{
    private readonly SqliteComplianceDatabase _database;

    /// <summary>Creates the store.</summary>
    /// <param name="database">The database.</param>
    public SqliteWebhookEventStore(SqliteComplianceDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <inheritdoc />
    public ValueTask<bool> TryRecordAsync(string source, string eventId, DateTimeOffset receivedAt, CancellationToken cancellationToken = default)
    {
        WebhookEventKeys.Validate(source, eventId);
        return _database.WriteAsync((Source: source, EventId: eventId, At: receivedAt), static (connection, transaction, s) =>
        {
            using var commandLease = SqliteStatements.Command(connection, transaction, """
                INSERT INTO webhook_events (source, event_id, received_at) VALUES (@source, @event_id, @received_at)
                ON CONFLICT (source, event_id) DO NOTHING;
                """);
            var command = commandLease.Command;
            SqliteValues.Add(command, "@source", s.Source);
            SqliteValues.Add(command, "@event_id", s.EventId);
            SqliteValues.Add(command, "@received_at", SqliteValues.ToMicros(s.At));
            return command.ExecuteNonQuery() == 1;
        }, cancellationToken, SqliteWrite.Operational);
    }

    /// <inheritdoc />
    public ValueTask<int> PruneAsync(DateTimeOffset receivedBefore, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(SqliteValues.CeilingMicros(receivedBefore), static (connection, transaction, before) =>
        {
            using var commandLease = SqliteStatements.Command(connection, transaction, "DELETE FROM webhook_events WHERE received_at < @before;");
            var command = commandLease.Command;
            SqliteValues.Add(command, "@before", before);
            return command.ExecuteNonQuery();
        }, cancellationToken, SqliteWrite.Operational);
}
