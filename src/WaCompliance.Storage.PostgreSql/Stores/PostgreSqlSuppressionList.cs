using Npgsql;
using NpgsqlTypes;
using WaCompliance.Identities;
using WaCompliance.Privacy;
using WaCompliance.Storage.PostgreSql.Internal;
using WaCompliance.Suppression;

namespace WaCompliance.Storage.PostgreSql.Stores;

/// <summary>The suppression list in PostgreSQL, keyed by subject key only (<c>suppression_entries</c>).</summary>
internal sealed class PostgreSqlSuppressionList : ISuppressionList
{
    private const int SubjectChunk = 1_000;
    private const string Columns = "subject, purpose, reason, added_at, expires_at, source";

    private readonly PostgreSqlStorage _storage;
    private readonly ISubjectKeyProvider _keys;
    private readonly TimeProvider _time;
    private readonly string _table;

    public PostgreSqlSuppressionList(PostgreSqlStorage storage, ISubjectKeyProvider keys, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _storage = storage;
        _keys = keys;
        _time = timeProvider;
        _table = storage.Table("suppression_entries");
    }

    /// <inheritdoc />
    public async ValueTask<SuppressionEntry> AddAsync(
        WhatsAppIdentifier number,
        ConsentPurpose purpose,
        SuppressionReason reason,
        string? source = null,
        DateTimeOffset? expiresAt = null,
        CancellationToken cancellationToken = default)
    {
        Arguments.NotDefault(number);
        var entry = SuppressionEntries.Create(_keys.GetKey(number), purpose, reason, _time.GetUtcNow(), source, expiresAt);
        await StoreAsync(entry, cancellationToken).ConfigureAwait(false);
        return entry;
    }

    /// <inheritdoc />
    public async ValueTask AddAsync(SuppressionEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        SuppressionEntries.Validate(entry);
        await StoreAsync(entry, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> RemoveAsync(WhatsAppIdentifier number, ConsentPurpose purpose, SuppressionReason reason, CancellationToken cancellationToken = default)
    {
        Arguments.NotDefault(number);
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = _storage.Command(connection, $"DELETE FROM {_table} WHERE subject = $1 AND purpose = $2 AND reason = $3");
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(Db.Value(_keys.GetKey(number).Value));
        command.Parameters.Add(Db.Value(purpose.Value));
        command.Parameters.Add(Db.Value(SuppressionReasonNames.Of(reason)));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc />
    public async ValueTask<SuppressionEntry?> FindAsync(WhatsAppIdentifier number, ConsentPurpose purpose, DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        Arguments.NotDefault(number);
        var entries = await GetEntriesAsync(_keys.GetKey(number), cancellationToken).ConfigureAwait(false);
        return SuppressionRules.FindBlocking(entries, purpose, asOf);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<SuppressionEntry>> GetEntriesAsync(SubjectKey subject, CancellationToken cancellationToken = default)
    {
        if (subject.IsEmpty)
        {
            return [];
        }

        var entries = new List<SuppressionEntry>();
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = _storage.Command(connection, $"SELECT {Columns} FROM {_table} WHERE subject = $1 ORDER BY added_at, purpose, reason");
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(Db.Value(subject.Value));
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(Read(reader));
        }

        return entries;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<WhatsAppIdentifier, IReadOnlyList<SuppressionEntry>>> GetEntriesAsync(
        IReadOnlyCollection<WhatsAppIdentifier> numbers,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        var result = new Dictionary<WhatsAppIdentifier, IReadOnlyList<SuppressionEntry>>();
        if (numbers.Count == 0)
        {
            return result;
        }

        var numbersBySubject = new Dictionary<string, List<WhatsAppIdentifier>>(numbers.Count, StringComparer.Ordinal);
        foreach (var number in numbers)
        {
            Arguments.NotDefault(number);
            var key = _keys.GetKey(number).Value;
            if (!numbersBySubject.TryGetValue(key, out var list))
            {
                numbersBySubject[key] = list = [];
            }

            list.Add(number);
        }

        var bySubject = new Dictionary<string, List<SuppressionEntry>>(StringComparer.Ordinal);
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        foreach (var chunk in Db.Chunks(numbersBySubject.Keys, SubjectChunk))
        {
            var command = _storage.Command(connection, $"SELECT {Columns} FROM {_table} WHERE subject = ANY($1) ORDER BY added_at, purpose, reason");
            await using var commandScope = command.ConfigureAwait(false);
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = chunk, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var entry = Read(reader);
                if (!bySubject.TryGetValue(entry.Subject.Value, out var list))
                {
                    bySubject[entry.Subject.Value] = list = [];
                }

                list.Add(entry);
            }
        }

        foreach (var (subject, entries) in bySubject)
        {
            foreach (var number in numbersBySubject[subject])
            {
                result[number] = entries;
            }
        }

        return result;
    }

    private async ValueTask StoreAsync(SuppressionEntry entry, CancellationToken cancellationToken)
    {
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = _storage.Command(connection, $"""
            INSERT INTO {_table} ({Columns}) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (subject, purpose, reason) DO UPDATE
            SET added_at = excluded.added_at, expires_at = excluded.expires_at, source = excluded.source
            """);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(Db.Value(entry.Subject.Value));
        command.Parameters.Add(Db.Value(entry.Purpose.Value));
        command.Parameters.Add(Db.Value(SuppressionReasonNames.Of(entry.Reason)));
        command.Parameters.Add(Db.Time(entry.AddedAt));
        command.Parameters.Add(Db.Time(entry.ExpiresAt));
        command.Parameters.Add(Db.Text(entry.Source));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static SuppressionEntry Read(NpgsqlDataReader reader) => new()
    {
        Subject = SubjectKey.Parse(reader.GetString(0)),
        Purpose = ConsentPurpose.Parse(reader.GetString(1)),
        Reason = SuppressionReasonNames.Parse(reader.GetString(2)),
        AddedAt = reader.Timestamp(3),
        ExpiresAt = reader.NullableTimestamp(4),
        Source = reader.NullableString(5),
    };
}
