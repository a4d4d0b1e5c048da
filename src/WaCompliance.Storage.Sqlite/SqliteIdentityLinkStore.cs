using Microsoft.Data.Sqlite;
using WaCompliance.Identities;
using WaCompliance.Storage.Sqlite.Internal;

namespace WaCompliance.Storage.Sqlite;

/// <summary>
/// Identity links in SQLite (<c>identity_links</c>): one row per piece of evidence, the two identifiers in their stored
/// form (<see cref="WhatsAppIdentifier.Value"/>), ordered by <see cref="IdentityLinkRules.Ordered"/>. A unique index on
/// the unordered pair, reason, source and event id makes a second recording of the same evidence a no-op, whichever
/// process makes it. Links are personal data: <see cref="EraseAsync"/> deletes them.
/// </summary>
public sealed class SqliteIdentityLinkStore : IIdentityLinkStore
{
    private const int ChunkSize = 500;
    private const string Columns = "id, first_identifier, second_identifier, reason, source, event_id, linked_at, revoked_at";

    private readonly SqliteComplianceDatabase _database;

    /// <summary>Creates the store.</summary>
    /// <param name="database">The database.</param>
    public SqliteIdentityLinkStore(SqliteComplianceDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <inheritdoc />
    public ValueTask<bool> LinkAsync(IdentityLink link, CancellationToken cancellationToken = default)
    {
        IdentityLinkRules.Validate(link);
        var ordered = IdentityLinkRules.Ordered(link);
        return _database.WriteAsync(ordered, static (connection, transaction, l) =>
        {
            using var commandLease = SqliteStatements.Command(connection, transaction, """
                INSERT INTO identity_links (first_identifier, second_identifier, reason, source, event_id, linked_at, revoked_at)
                VALUES (@first, @second, @reason, @source, @event_id, @linked_at, @revoked_at)
                ON CONFLICT DO NOTHING;
                """);
            var command = commandLease.Command;
            SqliteValues.Add(command, "@first", l.First.Value);
            SqliteValues.Add(command, "@second", l.Second.Value);
            SqliteValues.Add(command, "@reason", StorageNames<IdentityLinkReason>.Of(l.Reason));
            SqliteValues.Add(command, "@source", l.Source);
            SqliteValues.Add(command, "@event_id", SqliteValues.Db(l.EventId));
            SqliteValues.Add(command, "@linked_at", SqliteValues.ToMicros(l.LinkedAt));
            SqliteValues.Add(command, "@revoked_at", SqliteValues.Db(l.RevokedAt));
            return command.ExecuteNonQuery() == 1;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<int> RevokeAsync(WhatsAppIdentifier first, WhatsAppIdentifier second, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        if (first.IsEmpty || second.IsEmpty)
        {
            return ValueTask.FromResult(0);
        }

        return _database.WriteAsync((First: first.Value, Second: second.Value, At: SqliteValues.ToMicros(at)), static (connection, transaction, s) =>
        {
            using var commandLease = SqliteStatements.Command(connection, transaction, """
                UPDATE identity_links SET revoked_at = @at
                WHERE revoked_at IS NULL
                  AND ((first_identifier = @first AND second_identifier = @second) OR (first_identifier = @second AND second_identifier = @first));
                """);
            var command = commandLease.Command;
            SqliteValues.Add(command, "@first", s.First);
            SqliteValues.Add(command, "@second", s.Second);
            SqliteValues.Add(command, "@at", s.At);
            return command.ExecuteNonQuery();
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<IdentityLink>> GetLinksAsync(WhatsAppIdentifier identifier, CancellationToken cancellationToken = default)
    {
        if (identifier.IsEmpty)
        {
            return [];
        }

        var rows = await ReadAsync([identifier.Value], cancellationToken).ConfigureAwait(false);
        return rows.Select(row => row.Link).ToArray();
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<WhatsAppIdentifier, IReadOnlyList<IdentityLink>>> GetLinksAsync(
        IReadOnlyCollection<WhatsAppIdentifier> identifiers,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identifiers);
        var asked = new Dictionary<string, WhatsAppIdentifier>(identifiers.Count, StringComparer.Ordinal);
        foreach (var identifier in identifiers)
        {
            if (!identifier.IsEmpty)
            {
                asked.TryAdd(identifier.Value, identifier);
            }
        }

        var found = new Dictionary<WhatsAppIdentifier, List<IdentityLink>>();
        foreach (var chunk in SqliteJson.Chunks(asked.Keys, ChunkSize))
        {
            foreach (var row in await ReadAsync(chunk, cancellationToken).ConfigureAwait(false))
            {
                Attach(found, asked, row.First, row.Link);
                Attach(found, asked, row.Second, row.Link);
            }
        }

        return found.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<IdentityLink>)pair.Value);
    }

    /// <inheritdoc />
    public ValueTask<int> EraseAsync(WhatsAppIdentifier identifier, CancellationToken cancellationToken = default)
    {
        if (identifier.IsEmpty)
        {
            return ValueTask.FromResult(0);
        }

        return _database.WriteAsync(identifier.Value, static (connection, transaction, value) =>
        {
            using var commandLease = SqliteStatements.Command(connection, transaction,
                "DELETE FROM identity_links WHERE first_identifier = @identifier OR second_identifier = @identifier;");
            var command = commandLease.Command;
            SqliteValues.Add(command, "@identifier", value);
            return command.ExecuteNonQuery();
        }, cancellationToken, SqliteWrite.Erasure);
    }

    private static void Attach(Dictionary<WhatsAppIdentifier, List<IdentityLink>> found, Dictionary<string, WhatsAppIdentifier> asked, string end, IdentityLink link)
    {
        if (!asked.TryGetValue(end, out var identifier))
        {
            return;
        }

        if (!found.TryGetValue(identifier, out var links))
        {
            found[identifier] = links = [];
        }

        links.Add(link);
    }

    /// <summary>The links with any of the identifiers at either end, oldest first (the order they were recorded in).</summary>
    private ValueTask<List<Row>> ReadAsync(string[] identifiers, CancellationToken cancellationToken) =>
        _database.ReadAsync(SqliteJson.Array(identifiers), static (connection, keys) =>
        {
            using var commandLease = SqliteStatements.Command(connection, null, $"""
                SELECT {Columns} FROM identity_links WHERE first_identifier IN (SELECT value FROM json_each(@keys))
                UNION
                SELECT {Columns} FROM identity_links WHERE second_identifier IN (SELECT value FROM json_each(@keys))
                ORDER BY id;
                """);
            var command = commandLease.Command;
            SqliteValues.Add(command, "@keys", keys);
            var rows = new List<Row>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows.Add(ReadRow(reader));
            }

            return rows;
        }, cancellationToken);

    private static Row ReadRow(SqliteDataReader reader)
    {
        var first = reader.GetString(1);
        var second = reader.GetString(2);
        try
        {
            return new Row(first, second, new IdentityLink
            {
                First = StoredNumbers.ParseIdentifier(first),
                Second = StoredNumbers.ParseIdentifier(second),
                Reason = StorageNames<IdentityLinkReason>.Parse(reader.GetString(3)),
                Source = reader.GetString(4),
                EventId = SqliteValues.GetNullableString(reader, 5),
                LinkedAt = SqliteValues.GetTimestamp(reader, 6),
                RevokedAt = SqliteValues.GetNullableTimestamp(reader, 7),
            });
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"Identity link {reader.GetInt64(0)} cannot be read ({e.Message}).", e);
        }
    }

    /// <summary>A stored link with the stored forms of its ends.</summary>
    private sealed record Row(string First, string Second, IdentityLink Link);
}
