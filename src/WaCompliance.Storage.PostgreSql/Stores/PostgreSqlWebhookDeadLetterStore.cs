using System.Runtime.CompilerServices;
using Npgsql;
using WaCompliance.Identities;
using WaCompliance.Storage.PostgreSql.Internal;
using WaCompliance.Webhooks;

namespace WaCompliance.Storage.PostgreSql.Stores;

/// <summary>
/// Webhook dead letters in PostgreSQL (<c>webhook_dead_letters</c>), kept until re-processed. An unresolved item with
/// the same source, event id and code is stored once: a unique partial index decides between instances that receive
/// the same redelivery at once. The raw item and the person's identifier are personal data: <see cref="EraseAsync"/>
/// deletes the person's rows.
/// </summary>
internal sealed class PostgreSqlWebhookDeadLetterStore : IWebhookDeadLetterStore
{
    private const string Columns = "id, source, code, message, event_id, raw_item, subject_identifier, received_at, resolved_at, attempts";

    private readonly PostgreSqlStorage _storage;
    private readonly string _table;

    public PostgreSqlWebhookDeadLetterStore(PostgreSqlStorage storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _storage = storage;
        _table = storage.Table("webhook_dead_letters");
    }

    /// <inheritdoc />
    public async ValueTask<bool> AddAsync(WebhookDeadLetter letter, CancellationToken cancellationToken = default)
    {
        letter = WebhookDeadLetterRules.Normalize(letter);
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);

        // Not added when the id is taken or the same item is still unresolved (WebhookDeadLetterRules.IsSameUnresolved),
        // whether or not the letter added is itself resolved; the unique index settles concurrent adds.
        var command = _storage.Command(connection, $"""
            INSERT INTO {_table} ({Columns})
            SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10
            WHERE NOT EXISTS (
                SELECT 1 FROM {_table}
                WHERE resolved_at IS NULL AND event_id IS NOT NULL AND source = $2 AND event_id = $5 AND code = $3)
            ON CONFLICT DO NOTHING
            """);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(Db.Value(letter.Id));
        command.Parameters.Add(Db.Value(letter.Source));
        command.Parameters.Add(Db.Value(letter.Code));
        command.Parameters.Add(Db.Value(letter.Message));
        command.Parameters.Add(Db.Text(letter.EventId));
        command.Parameters.Add(Db.Value(letter.RawItem));
        command.Parameters.Add(Db.Text(letter.Subject is { IsEmpty: false } subject ? subject.Value : null));
        command.Parameters.Add(Db.Time(letter.ReceivedAt));
        command.Parameters.Add(Db.Time(letter.ResolvedAt));
        command.Parameters.Add(Db.Value(letter.Attempts));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<WebhookDeadLetter> ListAsync(
        string? source = null,
        bool includeResolved = false,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var letters = new List<WebhookDeadLetter>();
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = _storage.Command(connection, $"""
                SELECT {Columns} FROM {_table}
                WHERE ($1::text IS NULL OR source = $1) AND ($2 OR resolved_at IS NULL)
                ORDER BY received_at, id
                """);
            await using var commandScope = command.ConfigureAwait(false);
            command.Parameters.Add(Db.Text(source));
            command.Parameters.Add(Db.Value(includeResolved));
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                letters.Add(Read(reader));
            }
        }

        // Handed out after the connection is back in the pool: a caller re-processing each letter holds none.
        foreach (var letter in letters)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return letter;
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> RecordAttemptAsync(Guid id, DateTimeOffset? resolvedAt, CancellationToken cancellationToken = default)
    {
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = _storage.Command(connection,
            $"UPDATE {_table} SET attempts = attempts + 1, resolved_at = coalesce(resolved_at, $2) WHERE id = $1");
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(Db.Value(id));
        command.Parameters.Add(Db.Time(resolvedAt));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc />
    public async ValueTask<int> EraseAsync(WhatsAppIdentifier subject, CancellationToken cancellationToken = default)
    {
        if (subject.IsEmpty)
        {
            return 0;
        }

        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        // strpos is an exact, case-sensitive substring test (WebhookDeadLetterRules.NamesPerson).
        var command = _storage.Command(connection, $"DELETE FROM {_table} WHERE subject_identifier = $1 OR strpos(raw_item, $2) > 0");
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(Db.Value(subject.Value));
        command.Parameters.Add(Db.Value(WebhookDeadLetterRules.ErasureText(subject)));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static WebhookDeadLetter Read(NpgsqlDataReader reader)
    {
        var id = reader.GetGuid(0);
        try
        {
            return new WebhookDeadLetter
            {
                Id = id,
                Source = reader.GetString(1),
                Code = reader.GetString(2),
                Message = reader.GetString(3),
                EventId = reader.NullableString(4),
                RawItem = reader.GetString(5),
                Subject = reader.IsDBNull(6) ? null : StoredIdentifiers.Identifier(reader.GetString(6)),
                ReceivedAt = reader.Timestamp(7),
                ResolvedAt = reader.NullableTimestamp(8),
                Attempts = reader.GetInt32(9),
            };
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"Dead letter {id} cannot be read ({e.Message}).", e);
        }
    }
}
