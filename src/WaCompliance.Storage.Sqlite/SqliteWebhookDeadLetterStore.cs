using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using WaCompliance.Identities;
using WaCompliance.Storage.Sqlite.Internal;
using WaCompliance.Webhooks;

namespace WaCompliance.Storage.Sqlite;

/// <summary>
/// Webhook dead letters in SQLite (<c>webhook_dead_letters</c>), kept until re-processed. An unresolved item with the
/// same source, event id and code is stored once (a unique partial index, so redeliveries to any process add nothing).
/// The raw item and the person's identifier are personal data: <see cref="EraseAsync"/> deletes the person's rows.
/// </summary>
public sealed class SqliteWebhookDeadLetterStore : IWebhookDeadLetterStore
{
    private const string Columns = "id, source, code, message, event_id, raw_item, subject_identifier, received_at, resolved_at, attempts";

    private readonly SqliteComplianceDatabase _database;

    /// <summary>Creates the store.</summary>
    /// <param name="database">The database.</param>
    public SqliteWebhookDeadLetterStore(SqliteComplianceDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <inheritdoc />
    public ValueTask<bool> AddAsync(WebhookDeadLetter letter, CancellationToken cancellationToken = default)
    {
        letter = WebhookDeadLetterRules.Normalize(letter);
        return _database.WriteAsync(letter, static (connection, transaction, l) =>
        {
            // Not added when the id is taken or the same item is still unresolved (WebhookDeadLetterRules.IsSameUnresolved),
            // whether or not the letter added is itself resolved.
            using var commandLease = SqliteStatements.Command(connection, transaction, $"""
                INSERT INTO webhook_dead_letters ({Columns})
                SELECT @id, @source, @code, @message, @event_id, @raw_item, @subject, @received_at, @resolved_at, @attempts
                WHERE NOT EXISTS (
                    SELECT 1 FROM webhook_dead_letters
                    WHERE resolved_at IS NULL AND event_id IS NOT NULL AND source = @source AND event_id = @event_id AND code = @code)
                ON CONFLICT DO NOTHING;
                """);
            var command = commandLease.Command;
            SqliteValues.Add(command, "@id", SqliteValues.ToBytes(l.Id));
            SqliteValues.Add(command, "@source", l.Source);
            SqliteValues.Add(command, "@code", l.Code);
            SqliteValues.Add(command, "@message", l.Message);
            SqliteValues.Add(command, "@event_id", SqliteValues.Db(l.EventId));
            SqliteValues.Add(command, "@raw_item", l.RawItem);
            SqliteValues.Add(command, "@subject", SqliteValues.Db(StoredForm(l.Subject)));
            SqliteValues.Add(command, "@received_at", SqliteValues.ToMicros(l.ReceivedAt));
            SqliteValues.Add(command, "@resolved_at", SqliteValues.Db(l.ResolvedAt));
            SqliteValues.Add(command, "@attempts", l.Attempts);
            return command.ExecuteNonQuery() == 1;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<WebhookDeadLetter> ListAsync(
        string? source = null,
        bool includeResolved = false,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var letters = await _database.ReadAsync((Source: source, IncludeResolved: includeResolved), static (connection, s) =>
        {
            using var commandLease = SqliteStatements.Command(connection, null, $"""
                SELECT {Columns} FROM webhook_dead_letters
                WHERE (@source IS NULL OR source = @source) AND (@include_resolved = 1 OR resolved_at IS NULL)
                ORDER BY received_at, id;
                """);
            var command = commandLease.Command;
            SqliteValues.Add(command, "@source", SqliteValues.Db(s.Source));
            SqliteValues.Add(command, "@include_resolved", s.IncludeResolved ? 1 : 0);
            var found = new List<WebhookDeadLetter>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                found.Add(Read(reader));
            }

            return found;
        }, cancellationToken).ConfigureAwait(false);

        foreach (var letter in letters)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return letter;
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> RecordAttemptAsync(Guid id, DateTimeOffset? resolvedAt, CancellationToken cancellationToken = default) =>
        _database.WriteAsync((Id: id, ResolvedAt: resolvedAt), static (connection, transaction, s) =>
        {
            using var commandLease = SqliteStatements.Command(connection, transaction, """
                UPDATE webhook_dead_letters SET attempts = attempts + 1, resolved_at = coalesce(resolved_at, @resolved_at)
                WHERE id = @id;
                """);
            var command = commandLease.Command;
            SqliteValues.Add(command, "@id", SqliteValues.ToBytes(s.Id));
            SqliteValues.Add(command, "@resolved_at", SqliteValues.Db(s.ResolvedAt));
            return command.ExecuteNonQuery() > 0;
        }, cancellationToken);

    /// <inheritdoc />
    public ValueTask<int> EraseAsync(WhatsAppIdentifier subject, CancellationToken cancellationToken = default)
    {
        if (subject.IsEmpty)
        {
            return ValueTask.FromResult(0);
        }

        // instr is an exact, case-sensitive substring test (WebhookDeadLetterRules.NamesPerson).
        return _database.WriteAsync((Subject: subject.Value, Text: WebhookDeadLetterRules.ErasureText(subject)), static (connection, transaction, s) =>
        {
            using var commandLease = SqliteStatements.Command(connection, transaction,
                "DELETE FROM webhook_dead_letters WHERE subject_identifier = @subject OR instr(raw_item, @text) > 0;");
            var command = commandLease.Command;
            SqliteValues.Add(command, "@subject", s.Subject);
            SqliteValues.Add(command, "@text", s.Text);
            return command.ExecuteNonQuery();
        }, cancellationToken, SqliteWrite.Erasure);
    }

    private static string? StoredForm(WhatsAppIdentifier? subject) => subject is { IsEmpty: false } s ? s.Value : null;

    private static WebhookDeadLetter Read(SqliteDataReader reader)
    {
        var id = SqliteValues.GetGuid(reader, 0);
        try
        {
            return new WebhookDeadLetter
            {
                Id = id,
                Source = reader.GetString(1),
                Code = reader.GetString(2),
                Message = reader.GetString(3),
                EventId = SqliteValues.GetNullableString(reader, 4),
                RawItem = reader.GetString(5),
                Subject = reader.IsDBNull(6) ? null : StoredNumbers.ParseIdentifier(reader.GetString(6)),
                ReceivedAt = SqliteValues.GetTimestamp(reader, 7),
                ResolvedAt = SqliteValues.GetNullableTimestamp(reader, 8),
                Attempts = reader.GetInt32(9),
            };
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"Dead letter {id} cannot be read ({e.Message}).", e);
        }
    }
}
