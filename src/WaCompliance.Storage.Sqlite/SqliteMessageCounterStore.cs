using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WaCompliance.Counters;
using WaCompliance.Identities;
using WaCompliance.Numbers;
using WaCompliance.Privacy;
using WaCompliance.Storage.Sqlite.Internal;

namespace WaCompliance.Storage.Sqlite;

/// <summary>
/// Message counters in SQLite (<c>message_counts</c>): one row per message sent, the recipient stored as a subject
/// key. Each message is one insert, so counts from many processes add up; caps and reach are counted by the query.
/// Rows older than the configured retention are pruned every few thousand inserts.
/// </summary>
public sealed class SqliteMessageCounterStore : IMessageCounterStore
{
    private const int ChunkSize = 500;
    private const int PruneEvery = 4096;
    private const string SelectEntry = """
        SELECT recipient, sender, purpose, sent_at, business_initiated, topic, content_fingerprint FROM message_counts
        """;

    private readonly SqliteComplianceDatabase _database;
    private readonly ISubjectKeyProvider _keys;
    private readonly TimeProvider _time;
    private readonly TimeSpan _retention;
    private readonly ILogger _logger;
    private int _recordedSincePrune;

    /// <summary>Creates the store.</summary>
    /// <param name="database">The database.</param>
    /// <param name="keys">Computes subject keys.</param>
    /// <param name="timeProvider">The clock (retention).</param>
    /// <param name="options">The retention.</param>
    /// <param name="logger">The logger.</param>
    public SqliteMessageCounterStore(
        SqliteComplianceDatabase database,
        ISubjectKeyProvider keys,
        TimeProvider timeProvider,
        IOptions<WhatsAppComplianceOptions> options,
        ILogger<SqliteMessageCounterStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(options);
        _database = database;
        _keys = keys;
        _time = timeProvider;
        _retention = options.Value.MessageCounterRetention;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public async ValueTask RecordAsync(MessageCountEntry entry, CancellationToken cancellationToken = default)
    {
        var normalized = MessageCounterRules.Normalize(entry);
        var prune = Interlocked.Increment(ref _recordedSincePrune) % PruneEvery == 0;
        var horizon = _time.GetUtcNow() - _retention;
        var state = (Entry: normalized, Recipient: _keys.GetKey(normalized.Recipient).Value, Prune: prune, Horizon: horizon);
        var pruned = await _database.WriteAsync(state, static (connection, transaction, s) =>
        {
            using var commandLease = SqliteStatements.Command(connection, transaction, """
                INSERT INTO message_counts (recipient, sender, purpose, sent_at, business_initiated, topic, content_fingerprint)
                VALUES (@recipient, @sender, @purpose, @sent_at, @business_initiated, @topic, @content_fingerprint);
                """);
            var command = commandLease.Command;
            SqliteValues.Add(command, "@recipient", s.Recipient);
            SqliteValues.Add(command, "@sender", s.Entry.Sender.E164);
            SqliteValues.Add(command, "@purpose", s.Entry.Purpose.Value);
            SqliteValues.Add(command, "@sent_at", SqliteValues.ToMicros(s.Entry.SentAt));
            SqliteValues.Add(command, "@business_initiated", s.Entry.BusinessInitiated ? 1 : 0);
            SqliteValues.Add(command, "@topic", SqliteValues.Db(s.Entry.Topic));
            SqliteValues.Add(command, "@content_fingerprint", SqliteValues.Db(s.Entry.ContentFingerprint));
            command.ExecuteNonQuery();
            if (!s.Prune)
            {
                return -1;
            }

            using var pruneLease = SqliteStatements.Command(connection, transaction, "DELETE FROM message_counts WHERE sent_at < @horizon;");
            var prune = pruneLease.Command;
            SqliteValues.Add(prune, "@horizon", SqliteValues.CeilingMicros(s.Horizon));
            return prune.ExecuteNonQuery();
        }, cancellationToken, SqliteWrite.Operational).ConfigureAwait(false);

        if (pruned >= 0)
        {
            Log.CountersPruned(_logger, horizon, pruned);
        }
    }

    /// <inheritdoc />
    public async ValueTask<int> CountAsync(
        WhatsAppIdentifier recipient,
        DateTimeOffset since,
        ConsentPurpose? purpose = null,
        string? topic = null,
        CancellationToken cancellationToken = default)
    {
        Arguments.NotDefault(recipient);
        if (topic is not null)
        {
            // Topics compare ignoring case the way the shared rule does (Unicode, not SQLite's ASCII-only NOCASE).
            return MessageCounterRules.Count(await GetRecentAsync(recipient, since, cancellationToken).ConfigureAwait(false), since, purpose, topic);
        }

        var state = (Recipient: _keys.GetKey(recipient).Value, Since: SqliteValues.CeilingMicros(since), Purpose: purpose?.Value);
        return await _database.ReadAsync(state, static (connection, s) =>
        {
            using var commandLease = SqliteStatements.Command(connection, null, s.Purpose is null
                ? "SELECT COUNT(*) FROM message_counts WHERE recipient = @recipient AND sent_at >= @since;"
                : "SELECT COUNT(*) FROM message_counts WHERE recipient = @recipient AND sent_at >= @since AND purpose = @purpose;");
            var command = commandLease.Command;
            SqliteValues.Add(command, "@recipient", s.Recipient);
            SqliteValues.Add(command, "@since", s.Since);
            if (s.Purpose is not null)
            {
                SqliteValues.Add(command, "@purpose", s.Purpose);
            }

            return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<MessageCountEntry>> GetRecentAsync(WhatsAppIdentifier recipient, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        Arguments.NotDefault(recipient);
        var rows = await _database.ReadAsync((Recipient: _keys.GetKey(recipient).Value, Since: SqliteValues.CeilingMicros(since)), static (connection, s) =>
        {
            using var commandLease = SqliteStatements.Command(connection, null, SelectEntry + " WHERE recipient = @recipient AND sent_at >= @since ORDER BY sent_at, id;");
            var command = commandLease.Command;
            SqliteValues.Add(command, "@recipient", s.Recipient);
            SqliteValues.Add(command, "@since", s.Since);
            return ReadAll(command);
        }, cancellationToken).ConfigureAwait(false);

        return rows.Select(row => row.ToEntry(recipient)).ToArray();
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<WhatsAppIdentifier, IReadOnlyList<MessageCountEntry>>> GetEntriesAsync(
        IReadOnlyCollection<WhatsAppIdentifier> recipients,
        DateTimeOffset since,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        var result = new Dictionary<WhatsAppIdentifier, IReadOnlyList<MessageCountEntry>>();
        var sinceMicros = SqliteValues.CeilingMicros(since);
        foreach (var chunk in SqliteJson.Chunks(recipients, ChunkSize))
        {
            var bySubject = new Dictionary<string, WhatsAppIdentifier>(chunk.Length, StringComparer.Ordinal);
            foreach (var recipient in chunk)
            {
                Arguments.NotDefault(recipient, nameof(recipients));
                bySubject[_keys.GetKey(recipient).Value] = recipient;
            }

            var rows = await _database.ReadAsync((Keys: SqliteJson.Array(bySubject.Keys), Since: sinceMicros), static (connection, s) =>
            {
                using var commandLease = SqliteStatements.Command(connection, null, SelectEntry + """
                     WHERE recipient IN (SELECT value FROM json_each(@keys)) AND sent_at >= @since ORDER BY recipient, sent_at, id;
                    """);
                var command = commandLease.Command;
                SqliteValues.Add(command, "@keys", s.Keys);
                SqliteValues.Add(command, "@since", s.Since);
                return ReadAll(command);
            }, cancellationToken).ConfigureAwait(false);

            foreach (var group in rows.GroupBy(row => row.Recipient, StringComparer.Ordinal))
            {
                var recipient = bySubject[group.Key];
                result[recipient] = group.Select(row => row.ToEntry(recipient)).ToArray();
            }
        }

        return result;
    }

    /// <inheritdoc />
    public ValueTask<int> CountUniqueRecipientsAsync(WhatsAppNumber sender, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        Arguments.NotDefault(sender);
        return _database.ReadAsync((Sender: sender.E164, Since: SqliteValues.CeilingMicros(since)), static (connection, s) =>
        {
            using var commandLease = SqliteStatements.Command(connection, null, """
                SELECT COUNT(DISTINCT recipient) FROM message_counts
                WHERE sender = @sender AND business_initiated = 1 AND sent_at >= @since;
                """);
            var command = commandLease.Command;
            SqliteValues.Add(command, "@sender", s.Sender);
            SqliteValues.Add(command, "@since", s.Since);
            return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<DateTimeOffset?> GetLastBusinessInitiatedAsync(WhatsAppNumber sender, WhatsAppIdentifier recipient, CancellationToken cancellationToken = default)
    {
        Arguments.NotDefault(sender);
        Arguments.NotDefault(recipient);
        return _database.ReadAsync((Sender: sender.E164, Recipient: _keys.GetKey(recipient).Value), static (connection, s) =>
        {
            using var commandLease = SqliteStatements.Command(connection, null, """
                SELECT MAX(sent_at) FROM message_counts
                WHERE recipient = @recipient AND sender = @sender AND business_initiated = 1;
                """);
            var command = commandLease.Command;
            SqliteValues.Add(command, "@sender", s.Sender);
            SqliteValues.Add(command, "@recipient", s.Recipient);
            return command.ExecuteScalar() is long micros ? SqliteValues.FromMicros(micros) : (DateTimeOffset?)null;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<int> RemoveRecipientAsync(WhatsAppIdentifier recipient, CancellationToken cancellationToken = default)
    {
        Arguments.NotDefault(recipient);
        return _database.WriteAsync(_keys.GetKey(recipient).Value, static (connection, transaction, subject) =>
        {
            using var commandLease = SqliteStatements.Command(connection, transaction, "DELETE FROM message_counts WHERE recipient = @recipient;");
            var command = commandLease.Command;
            SqliteValues.Add(command, "@recipient", subject);
            return command.ExecuteNonQuery();
        }, cancellationToken, SqliteWrite.Erasure);
    }

    private static List<Row> ReadAll(SqliteCommand command)
    {
        var rows = new List<Row>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new Row(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                SqliteValues.GetTimestamp(reader, 3),
                reader.GetInt64(4) != 0,
                SqliteValues.GetNullableString(reader, 5),
                SqliteValues.GetNullableString(reader, 6)));
        }

        return rows;
    }

    /// <summary>A stored message before the recipient's number is attached.</summary>
    private sealed record Row(string Recipient, string Sender, string Purpose, DateTimeOffset SentAt, bool BusinessInitiated, string? Topic, string? Fingerprint)
    {
        public MessageCountEntry ToEntry(WhatsAppIdentifier recipient) => new()
        {
            Sender = StoredNumbers.Parse(Sender),
            Recipient = recipient,
            Purpose = ConsentPurpose.Parse(Purpose),
            SentAt = SentAt,
            BusinessInitiated = BusinessInitiated,
            Topic = Topic,
            ContentFingerprint = Fingerprint,
        };
    }
}
