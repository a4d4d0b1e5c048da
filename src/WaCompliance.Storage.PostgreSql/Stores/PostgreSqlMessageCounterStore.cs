using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using WaCompliance.Counters;
using WaCompliance.Identities;
using WaCompliance.Numbers;
using WaCompliance.Storage.PostgreSql.Internal;

namespace WaCompliance.Storage.PostgreSql.Stores;

/// <summary>
/// Message counters in PostgreSQL: one row per message sent (<c>message_counts</c>) and each sender's latest
/// business-initiated time per person (<c>message_reach</c>, upserted with <c>GREATEST</c>), both written in one
/// implicit transaction, so counts from every instance add up exactly. Entries older than the retention are pruned
/// now and then.
/// </summary>
internal sealed class PostgreSqlMessageCounterStore : IMessageCounterStore
{
    private const int RecipientChunk = 1_000;
    private const int PruneEvery = 1_024;
    private const string Columns = "sender, recipient, purpose, sent_at, business_initiated, topic, content_fingerprint";

    private readonly PostgreSqlStorage _storage;
    private readonly TimeProvider _time;
    private readonly TimeSpan _retention;
    private readonly string _counts;
    private readonly string _reach;
    private readonly ConcurrentDictionary<string, WhatsAppNumber> _senders = new(StringComparer.Ordinal);
    private int _recordsSincePrune;

    public PostgreSqlMessageCounterStore(PostgreSqlStorage storage, IOptions<WhatsAppComplianceOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _storage = storage;
        _time = timeProvider;
        _retention = options.Value.MessageCounterRetention;
        _counts = storage.Table("message_counts");
        _reach = storage.Table("message_reach");
    }

    /// <inheritdoc />
    public async ValueTask RecordAsync(MessageCountEntry entry, CancellationToken cancellationToken = default)
    {
        var normalized = MessageCounterRules.Normalize(entry);
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var batch = _storage.Batch(connection);
        await using var batchScope = batch.ConfigureAwait(false);
        var insert = _storage.BatchCommand($"INSERT INTO {_counts} ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7)");
        insert.Parameters.Add(Db.Value(normalized.Sender.E164));
        insert.Parameters.Add(Db.Value(normalized.Recipient.Value));
        insert.Parameters.Add(Db.Value(normalized.Purpose.Value));
        insert.Parameters.Add(Db.Time(normalized.SentAt));
        insert.Parameters.Add(Db.Value(normalized.BusinessInitiated));
        insert.Parameters.Add(Db.Text(normalized.Topic));
        insert.Parameters.Add(Db.Text(normalized.ContentFingerprint));
        batch.BatchCommands.Add(insert);
        if (normalized.BusinessInitiated)
        {
            var reach = _storage.BatchCommand($"""
                INSERT INTO {_reach} (sender, recipient, last_at) VALUES ($1, $2, $3)
                ON CONFLICT (sender, recipient) DO UPDATE SET last_at = GREATEST({_reach}.last_at, excluded.last_at)
                """);
            reach.Parameters.Add(Db.Value(normalized.Sender.E164));
            reach.Parameters.Add(Db.Value(normalized.Recipient.Value));
            reach.Parameters.Add(Db.Time(normalized.SentAt));
            batch.BatchCommands.Add(reach);
        }

        // One implicit transaction: the message and the reach are recorded together or not at all.
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

        if (Interlocked.Increment(ref _recordsSincePrune) % PruneEvery == 0)
        {
            await PruneAsync(connection, cancellationToken).ConfigureAwait(false);
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
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = _storage.Command(connection,
            $"SELECT sender, purpose, sent_at, topic FROM {_counts} WHERE recipient = $1 AND sent_at >= $2{(purpose is null ? string.Empty : " AND purpose = $3")}");
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(Db.Value(recipient.Value));
        command.Parameters.Add(Db.Time(Db.Ceiling(since)));
        if (purpose is { } p)
        {
            command.Parameters.Add(Db.Value(p.Value));
        }

        // Counted by the shared rule (topics compare ignoring case the same way in every store).
        var entries = new List<MessageCountEntry>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new MessageCountEntry
            {
                Sender = Sender(reader.GetString(0)),
                Recipient = recipient,
                Purpose = ConsentPurpose.Parse(reader.GetString(1)),
                SentAt = reader.Timestamp(2),
                Topic = reader.NullableString(3),
            });
        }

        return MessageCounterRules.Count(entries, since, purpose, topic);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<MessageCountEntry>> GetRecentAsync(WhatsAppIdentifier recipient, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        Arguments.NotDefault(recipient);
        var entries = new List<MessageCountEntry>();
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = _storage.Command(connection, $"SELECT {Columns} FROM {_counts} WHERE recipient = $1 AND sent_at >= $2 ORDER BY sent_at, id");
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(Db.Value(recipient.Value));
        command.Parameters.Add(Db.Time(Db.Ceiling(since)));
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(Read(reader, recipient));
        }

        return entries;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<WhatsAppIdentifier, IReadOnlyList<MessageCountEntry>>> GetEntriesAsync(
        IReadOnlyCollection<WhatsAppIdentifier> recipients,
        DateTimeOffset since,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        var result = new Dictionary<WhatsAppIdentifier, IReadOnlyList<MessageCountEntry>>();
        if (recipients.Count == 0)
        {
            return result;
        }

        var byValue = new Dictionary<string, WhatsAppIdentifier>(recipients.Count, StringComparer.Ordinal);
        foreach (var recipient in recipients)
        {
            Arguments.NotDefault(recipient);
            byValue.TryAdd(recipient.Value, recipient);
        }

        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        foreach (var chunk in Db.Chunks(byValue.Keys, RecipientChunk))
        {
            var command = _storage.Command(connection,
                $"SELECT {Columns} FROM {_counts} WHERE recipient = ANY($1) AND sent_at >= $2 ORDER BY recipient, sent_at, id");
            await using var commandScope = command.ConfigureAwait(false);
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = chunk, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.Parameters.Add(Db.Time(Db.Ceiling(since)));
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            List<MessageCountEntry>? current = null;
            string? currentRecipient = null;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var stored = reader.GetString(1);
                if (!string.Equals(stored, currentRecipient, StringComparison.Ordinal))
                {
                    currentRecipient = stored;
                    current = [];
                    result[byValue[stored]] = current;
                }

                current!.Add(Read(reader, byValue[stored]));
            }
        }

        return result;
    }

    /// <inheritdoc />
    public async ValueTask<int> CountUniqueRecipientsAsync(WhatsAppNumber sender, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        Arguments.NotDefault(sender);
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = _storage.Command(connection, $"SELECT count(*) FROM {_reach} WHERE sender = $1 AND last_at >= $2");
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(Db.Value(sender.E164));
        command.Parameters.Add(Db.Time(Db.Ceiling(since)));
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    public async ValueTask<DateTimeOffset?> GetLastBusinessInitiatedAsync(WhatsAppNumber sender, WhatsAppIdentifier recipient, CancellationToken cancellationToken = default)
    {
        Arguments.NotDefault(sender);
        Arguments.NotDefault(recipient);
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = _storage.Command(connection, $"SELECT last_at FROM {_reach} WHERE sender = $1 AND recipient = $2");
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(Db.Value(sender.E164));
        command.Parameters.Add(Db.Value(recipient.Value));
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? reader.Timestamp(0) : null;
    }

    /// <inheritdoc />
    public async ValueTask<int> RemoveRecipientAsync(WhatsAppIdentifier recipient, CancellationToken cancellationToken = default)
    {
        Arguments.NotDefault(recipient);
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var batch = _storage.Batch(connection);
        await using var batchScope = batch.ConfigureAwait(false);
        var counts = _storage.BatchCommand($"DELETE FROM {_counts} WHERE recipient = $1");
        counts.Parameters.Add(Db.Value(recipient.Value));
        var reach = _storage.BatchCommand($"DELETE FROM {_reach} WHERE recipient = $1");
        reach.Parameters.Add(Db.Value(recipient.Value));
        batch.BatchCommands.Add(counts);
        batch.BatchCommands.Add(reach);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return counts.RecordsAffected > int.MaxValue ? int.MaxValue : (int)counts.RecordsAffected;
    }

    private async ValueTask PruneAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var horizon = Db.Utc(_time.GetUtcNow() - _retention);
        var batch = _storage.Batch(connection);
        await using var batchScope = batch.ConfigureAwait(false);
        var counts = _storage.BatchCommand($"DELETE FROM {_counts} WHERE sent_at < $1");
        counts.Parameters.Add(Db.Time(horizon));
        var reach = _storage.BatchCommand($"DELETE FROM {_reach} WHERE last_at < $1");
        reach.Parameters.Add(Db.Time(horizon));
        batch.BatchCommands.Add(counts);
        batch.BatchCommands.Add(reach);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private MessageCountEntry Read(NpgsqlDataReader reader, WhatsAppIdentifier recipient) => new()
    {
        Sender = Sender(reader.GetString(0)),
        Recipient = recipient,
        Purpose = ConsentPurpose.Parse(reader.GetString(2)),
        SentAt = reader.Timestamp(3),
        BusinessInitiated = reader.GetBoolean(4),
        Topic = reader.NullableString(5),
        ContentFingerprint = reader.NullableString(6),
    };

    // A business has few sender numbers: parse each once.
    private WhatsAppNumber Sender(string e164) => _senders.GetOrAdd(e164, static text => StoredIdentifiers.BusinessNumber(text));
}
