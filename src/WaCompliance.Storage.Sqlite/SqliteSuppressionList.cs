using Microsoft.Data.Sqlite;
using WaCompliance.Identities;
using WaCompliance.Privacy;
using WaCompliance.Storage.Sqlite.Internal;
using WaCompliance.Suppression;

namespace WaCompliance.Storage.Sqlite;

/// <summary>
/// The suppression list in SQLite (<c>suppressions</c>), one row per (subject, purpose, reason), keyed by subject key
/// only. Which entry blocks is decided by <see cref="SuppressionRules.FindBlocking"/>, as in every store.
/// </summary>
public sealed class SqliteSuppressionList : ISuppressionList
{
    private const int ChunkSize = 500;
    private const string SelectEntry = "SELECT subject, purpose, reason, added_at, expires_at, source FROM suppressions";

    private readonly SqliteComplianceDatabase _database;
    private readonly ISubjectKeyProvider _keys;
    private readonly TimeProvider _time;

    /// <summary>Creates the list.</summary>
    /// <param name="database">The database.</param>
    /// <param name="keys">Computes subject keys.</param>
    /// <param name="timeProvider">The clock (when entries are added).</param>
    public SqliteSuppressionList(SqliteComplianceDatabase database, ISubjectKeyProvider keys, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _database = database;
        _keys = keys;
        _time = timeProvider;
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
    public ValueTask AddAsync(SuppressionEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        SuppressionEntries.Validate(entry);
        return StoreAsync(entry, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<bool> RemoveAsync(WhatsAppIdentifier number, ConsentPurpose purpose, SuppressionReason reason, CancellationToken cancellationToken = default)
    {
        Arguments.NotDefault(number);
        var key = (Subject: _keys.GetKey(number).Value, Purpose: purpose.Value, Reason: SuppressionReasonNames.Of(reason));
        return _database.WriteAsync(key, static (connection, transaction, k) =>
        {
            using var commandLease = SqliteStatements.Command(connection, transaction, "DELETE FROM suppressions WHERE subject = @subject AND purpose = @purpose AND reason = @reason;");
            var command = commandLease.Command;
            SqliteValues.Add(command, "@subject", k.Subject);
            SqliteValues.Add(command, "@purpose", k.Purpose);
            SqliteValues.Add(command, "@reason", k.Reason);
            return command.ExecuteNonQuery() > 0;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<SuppressionEntry?> FindAsync(WhatsAppIdentifier number, ConsentPurpose purpose, DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        Arguments.NotDefault(number);
        var entries = await ReadSubjectAsync(_keys.GetKey(number), cancellationToken).ConfigureAwait(false);
        return SuppressionRules.FindBlocking(entries, purpose, asOf);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<SuppressionEntry>> GetEntriesAsync(SubjectKey subject, CancellationToken cancellationToken = default)
    {
        Arguments.NotDefault(subject);
        return await ReadSubjectAsync(subject, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<WhatsAppIdentifier, IReadOnlyList<SuppressionEntry>>> GetEntriesAsync(
        IReadOnlyCollection<WhatsAppIdentifier> numbers,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        var result = new Dictionary<WhatsAppIdentifier, IReadOnlyList<SuppressionEntry>>();
        foreach (var chunk in SqliteJson.Chunks(numbers, ChunkSize))
        {
            var bySubject = new Dictionary<string, List<WhatsAppIdentifier>>(chunk.Length, StringComparer.Ordinal);
            foreach (var number in chunk)
            {
                Arguments.NotDefault(number, nameof(numbers));
                var key = _keys.GetKey(number).Value;
                if (!bySubject.TryGetValue(key, out var list))
                {
                    bySubject[key] = list = new List<WhatsAppIdentifier>(1);
                }

                list.Add(number);
            }

            var entries = await _database.ReadAsync(SqliteJson.Array(bySubject.Keys), static (connection, keys) =>
            {
                using var commandLease = SqliteStatements.Command(connection, null, SelectEntry + " WHERE subject IN (SELECT value FROM json_each(@keys)) ORDER BY subject, added_at;");
                var command = commandLease.Command;
                SqliteValues.Add(command, "@keys", keys);
                return ReadAll(command);
            }, cancellationToken).ConfigureAwait(false);

            foreach (var group in entries.GroupBy(e => e.Subject.Value, StringComparer.Ordinal))
            {
                var list = group.ToArray();
                foreach (var number in bySubject[group.Key])
                {
                    result[number] = list;
                }
            }
        }

        return result;
    }

    private ValueTask StoreAsync(SuppressionEntry entry, CancellationToken cancellationToken)
    {
        var pending = _database.WriteAsync(entry, static (connection, transaction, e) =>
        {
            using var commandLease = SqliteStatements.Command(connection, transaction, """
                INSERT INTO suppressions (subject, purpose, reason, added_at, expires_at, source)
                VALUES (@subject, @purpose, @reason, @added_at, @expires_at, @source)
                ON CONFLICT (subject, purpose, reason) DO UPDATE
                SET added_at = excluded.added_at, expires_at = excluded.expires_at, source = excluded.source;
                """);
            var command = commandLease.Command;
            SqliteValues.Add(command, "@subject", e.Subject.Value);
            SqliteValues.Add(command, "@purpose", e.Purpose.Value);
            SqliteValues.Add(command, "@reason", SuppressionReasonNames.Of(e.Reason));
            SqliteValues.Add(command, "@added_at", SqliteValues.ToMicros(e.AddedAt));
            SqliteValues.Add(command, "@expires_at", SqliteValues.Db(e.ExpiresAt));
            SqliteValues.Add(command, "@source", SqliteValues.Db(e.Source));
            return command.ExecuteNonQuery();
        }, cancellationToken);
        return pending.IsCompletedSuccessfully ? ValueTask.CompletedTask : new ValueTask(pending.AsTask());
    }

    private ValueTask<List<SuppressionEntry>> ReadSubjectAsync(SubjectKey subject, CancellationToken cancellationToken) =>
        _database.ReadAsync(subject.Value, static (connection, key) =>
        {
            using var commandLease = SqliteStatements.Command(connection, null, SelectEntry + " WHERE subject = @subject ORDER BY added_at;");
            var command = commandLease.Command;
            SqliteValues.Add(command, "@subject", key);
            return ReadAll(command);
        }, cancellationToken);

    private static List<SuppressionEntry> ReadAll(SqliteCommand command)
    {
        var entries = new List<SuppressionEntry>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            entries.Add(new SuppressionEntry
            {
                Subject = SubjectKey.Parse(reader.GetString(0)),
                Purpose = ConsentPurpose.Parse(reader.GetString(1)),
                Reason = SuppressionReasonNames.Parse(reader.GetString(2)),
                AddedAt = SqliteValues.GetTimestamp(reader, 3),
                ExpiresAt = SqliteValues.GetNullableTimestamp(reader, 4),
                Source = SqliteValues.GetNullableString(reader, 5),
            });
        }

        return entries;
    }
}
