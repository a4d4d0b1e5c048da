using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using WaCompliance.Conversations;
using WaCompliance.Identities;
using WaCompliance.Numbers;
using WaCompliance.Storage.PostgreSql.Internal;

namespace WaCompliance.Storage.PostgreSql.Stores;

/// <summary>
/// Conversation windows in PostgreSQL (<c>conversation_windows</c>). Each change reads the row with
/// <c>SELECT ... FOR UPDATE</c>, applies the shared <see cref="ConversationWindowRules"/> and writes it back in one
/// transaction, so concurrent webhooks on any instance never lose an update.
/// </summary>
internal sealed class PostgreSqlConversationWindowStore : IConversationWindowStore
{
    private const int UserChunk = 1_000;
    private const string Columns = "business, user_number, last_inbound_at, customer_service_window_ends_at, pending_referral_at, free_entry_point_ends_at";

    private readonly PostgreSqlStorage _storage;
    private readonly TimeSpan _customerServiceWindow;
    private readonly TimeSpan _freeEntryPointWindow;
    private readonly string _table;

    public PostgreSqlConversationWindowStore(PostgreSqlStorage storage, IOptions<WhatsAppComplianceOptions> options)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(options);
        _storage = storage;
        _customerServiceWindow = options.Value.CustomerServiceWindow;
        _freeEntryPointWindow = options.Value.FreeEntryPointWindow;
        _table = storage.Table("conversation_windows");
    }

    /// <inheritdoc />
    public async ValueTask<ConversationWindow?> GetAsync(WhatsAppNumber business, WhatsAppIdentifier user, CancellationToken cancellationToken = default)
    {
        Arguments.NotDefault(business);
        Arguments.NotDefault(user);
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        return await ReadAsync(connection, null, business, user, forUpdate: false, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<WhatsAppIdentifier, ConversationWindow>> GetManyAsync(
        WhatsAppNumber business,
        IReadOnlyCollection<WhatsAppIdentifier> users,
        CancellationToken cancellationToken = default)
    {
        Arguments.NotDefault(business);
        ArgumentNullException.ThrowIfNull(users);
        var result = new Dictionary<WhatsAppIdentifier, ConversationWindow>();
        if (users.Count == 0)
        {
            return result;
        }

        var byValue = new Dictionary<string, WhatsAppIdentifier>(users.Count, StringComparer.Ordinal);
        foreach (var user in users)
        {
            Arguments.NotDefault(user);
            byValue.TryAdd(user.Value, user);
        }

        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        foreach (var chunk in Db.Chunks(byValue.Keys, UserChunk))
        {
            var command = _storage.Command(connection, $"SELECT {Columns} FROM {_table} WHERE business = $1 AND user_number = ANY($2)");
            await using var commandScope = command.ConfigureAwait(false);
            command.Parameters.Add(Db.Value(business.E164));
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = chunk, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var user = byValue[reader.GetString(1)];
                result[user] = Read(reader, business, user);
            }
        }

        return result;
    }

    /// <inheritdoc />
    public async ValueTask<ConversationWindow> RecordInboundAsync(
        WhatsAppNumber business,
        WhatsAppIdentifier user,
        DateTimeOffset at,
        InboundOrigin origin = InboundOrigin.Organic,
        CancellationToken cancellationToken = default)
    {
        Arguments.NotDefault(business);
        Arguments.NotDefault(user);
        var window = await UpdateAsync(
            business,
            user,
            existing => ConversationWindowRules.ApplyInbound(existing, business, user, at, origin, _customerServiceWindow),
            cancellationToken).ConfigureAwait(false);
        return window!;
    }

    /// <inheritdoc />
    public ValueTask<ConversationWindow?> RecordBusinessReplyAsync(WhatsAppNumber business, WhatsAppIdentifier user, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        Arguments.NotDefault(business);
        Arguments.NotDefault(user);
        return UpdateAsync(business, user, existing => ConversationWindowRules.ApplyBusinessReply(existing, at, _freeEntryPointWindow), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<ConversationWindow?> CloseAsync(WhatsAppNumber business, WhatsAppIdentifier user, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        Arguments.NotDefault(business);
        Arguments.NotDefault(user);
        return UpdateAsync(business, user, existing => ConversationWindowRules.ApplyClosed(existing, at), cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ConversationWindow>> GetByUserAsync(WhatsAppIdentifier user, CancellationToken cancellationToken = default)
    {
        Arguments.NotDefault(user);
        var windows = new List<ConversationWindow>();
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = _storage.Command(connection, $"SELECT {Columns} FROM {_table} WHERE user_number = $1");
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(Db.Value(user.Value));
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            windows.Add(Read(reader, StoredIdentifiers.BusinessNumber(reader.GetString(0)), user));
        }

        windows.Sort((a, b) => a.Business.CompareTo(b.Business));
        return windows;
    }

    /// <inheritdoc />
    public async ValueTask<int> RemoveUserAsync(WhatsAppIdentifier user, CancellationToken cancellationToken = default)
    {
        Arguments.NotDefault(user);
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = _storage.Command(connection, $"DELETE FROM {_table} WHERE user_number = $1");
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(Db.Value(user.Value));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the row locked, applies a rule and writes the result, in one transaction.</summary>
    private async ValueTask<ConversationWindow?> UpdateAsync(
        WhatsAppNumber business,
        WhatsAppIdentifier user,
        Func<ConversationWindow?, ConversationWindow?> change,
        CancellationToken cancellationToken)
    {
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        while (true)
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var transactionScope = transaction.ConfigureAwait(false);
            var existing = await ReadAsync(connection, transaction, business, user, forUpdate: true, cancellationToken).ConfigureAwait(false);
            var updated = change(existing);
            if (updated is null || ReferenceEquals(updated, existing))
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return updated;
            }

            var sql = existing is null
                ? $"INSERT INTO {_table} ({Columns}) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (business, user_number) DO NOTHING"
                : $"""
                  UPDATE {_table} SET last_inbound_at = $3, customer_service_window_ends_at = $4, pending_referral_at = $5,
                      free_entry_point_ends_at = $6
                  WHERE business = $1 AND user_number = $2
                  """;
            var command = _storage.Command(connection, sql, transaction);
            await using var commandScope = command.ConfigureAwait(false);
            command.Parameters.Add(Db.Value(business.E164));
            command.Parameters.Add(Db.Value(user.Value));
            command.Parameters.Add(Db.Time(updated.LastInboundAt));
            command.Parameters.Add(Db.Time(updated.CustomerServiceWindowEndsAt));
            command.Parameters.Add(Db.Time(updated.PendingReferralAt));
            command.Parameters.Add(Db.Time(updated.FreeEntryPointEndsAt));
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return updated;
            }

            // Another instance created the row after our read: start over and lock it.
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<ConversationWindow?> ReadAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        WhatsAppNumber business,
        WhatsAppIdentifier user,
        bool forUpdate,
        CancellationToken cancellationToken)
    {
        var command = _storage.Command(connection,
            $"SELECT {Columns} FROM {_table} WHERE business = $1 AND user_number = $2{(forUpdate ? " FOR UPDATE" : string.Empty)}",
            transaction);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(Db.Value(business.E164));
        command.Parameters.Add(Db.Value(user.Value));
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader, business, user) : null;
    }

    private static ConversationWindow Read(NpgsqlDataReader reader, WhatsAppNumber business, WhatsAppIdentifier user) => new()
    {
        Business = business,
        User = user,
        LastInboundAt = reader.Timestamp(2),
        CustomerServiceWindowEndsAt = reader.Timestamp(3),
        PendingReferralAt = reader.NullableTimestamp(4),
        FreeEntryPointEndsAt = reader.NullableTimestamp(5),
    };
}
