using Npgsql;
using NpgsqlTypes;
using WaCompliance.Identities;
using WaCompliance.Storage.PostgreSql.Internal;

namespace WaCompliance.Storage.PostgreSql.Stores;

/// <summary>
/// Identity links in PostgreSQL (<c>identity_links</c>): one row per piece of evidence, the two identifiers in their
/// stored form, ordered by <see cref="IdentityLinkRules.Ordered"/>. A unique index on the unordered pair, reason,
/// source and event id makes recording the same evidence again a no-op on every instance
/// (<c>INSERT ... ON CONFLICT DO NOTHING</c>). Links are personal data: <see cref="EraseAsync"/> deletes them.
/// </summary>
internal sealed class PostgreSqlIdentityLinkStore : IIdentityLinkStore
{
    private const int IdentifierChunk = 1_000;
    private const string Columns = "id, first_identifier, second_identifier, reason, source, event_id, linked_at, revoked_at";

    private readonly PostgreSqlStorage _storage;
    private readonly string _table;

    public PostgreSqlIdentityLinkStore(PostgreSqlStorage storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _storage = storage;
        _table = storage.Table("identity_links");
    }

    /// <inheritdoc />
    public async ValueTask<bool> LinkAsync(IdentityLink link, CancellationToken cancellationToken = default)
    {
        IdentityLinkRules.Validate(link);
        var ordered = IdentityLinkRules.Ordered(link);
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = _storage.Command(connection, $"""
            INSERT INTO {_table} (first_identifier, second_identifier, reason, source, event_id, linked_at, revoked_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT DO NOTHING
            """);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(Db.Value(ordered.First.Value));
        command.Parameters.Add(Db.Value(ordered.Second.Value));
        command.Parameters.Add(Db.Value(StableNames.LinkReason.Of(ordered.Reason)));
        command.Parameters.Add(Db.Value(ordered.Source));
        command.Parameters.Add(Db.Text(ordered.EventId));
        command.Parameters.Add(Db.Time(ordered.LinkedAt));
        command.Parameters.Add(Db.Time(ordered.RevokedAt));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async ValueTask<int> RevokeAsync(WhatsAppIdentifier first, WhatsAppIdentifier second, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        if (first.IsEmpty || second.IsEmpty)
        {
            return 0;
        }

        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = _storage.Command(connection, $"""
            UPDATE {_table} SET revoked_at = $3
            WHERE revoked_at IS NULL
              AND ((first_identifier = $1 AND second_identifier = $2) OR (first_identifier = $2 AND second_identifier = $1))
            """);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(Db.Value(first.Value));
        command.Parameters.Add(Db.Value(second.Value));
        command.Parameters.Add(Db.Time(at));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<IdentityLink>> GetLinksAsync(WhatsAppIdentifier identifier, CancellationToken cancellationToken = default)
    {
        if (identifier.IsEmpty)
        {
            return [];
        }

        var links = new List<IdentityLink>();
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        await foreach (var row in ReadAsync(connection, [identifier.Value], cancellationToken).ConfigureAwait(false))
        {
            links.Add(row.Link);
        }

        return links;
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
        if (asked.Count > 0)
        {
            var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var connectionScope = connection.ConfigureAwait(false);
            foreach (var chunk in Db.Chunks(asked.Keys, IdentifierChunk))
            {
                await foreach (var row in ReadAsync(connection, chunk, cancellationToken).ConfigureAwait(false))
                {
                    Attach(found, asked, row.First, row.Link);
                    Attach(found, asked, row.Second, row.Link);
                }
            }
        }

        return found.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<IdentityLink>)pair.Value);
    }

    /// <inheritdoc />
    public async ValueTask<int> EraseAsync(WhatsAppIdentifier identifier, CancellationToken cancellationToken = default)
    {
        if (identifier.IsEmpty)
        {
            return 0;
        }

        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = _storage.Command(connection, $"DELETE FROM {_table} WHERE first_identifier = $1 OR second_identifier = $1");
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(Db.Value(identifier.Value));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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
    private async IAsyncEnumerable<Row> ReadAsync(
        NpgsqlConnection connection,
        string[] identifiers,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var command = _storage.Command(connection, $"""
            SELECT {Columns} FROM {_table} WHERE first_identifier = ANY($1)
            UNION
            SELECT {Columns} FROM {_table} WHERE second_identifier = ANY($1)
            ORDER BY id
            """);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = identifiers, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return Read(reader);
        }
    }

    private static Row Read(NpgsqlDataReader reader)
    {
        var first = reader.GetString(1);
        var second = reader.GetString(2);
        try
        {
            return new Row(first, second, new IdentityLink
            {
                First = StoredIdentifiers.Identifier(first),
                Second = StoredIdentifiers.Identifier(second),
                Reason = StableNames.LinkReason.Parse(reader.GetString(3)),
                Source = reader.GetString(4),
                EventId = reader.NullableString(5),
                LinkedAt = reader.Timestamp(6),
                RevokedAt = reader.NullableTimestamp(7),
            });
        }
        catch (Exception e) when (e is InvalidDataException or FormatException)
        {
            throw new InvalidDataException($"Identity link {reader.GetInt64(0)} cannot be read ({e.Message}).", e);
        }
    }

    /// <summary>A stored link with the stored forms of its ends.</summary>
    private sealed record Row(string First, string Second, IdentityLink Link);
}
