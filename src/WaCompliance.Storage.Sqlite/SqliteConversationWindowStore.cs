using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using WaCompliance.Conversations;
using WaCompliance.Identities;
using WaCompliance.Numbers;
using WaCompliance.Privacy;
using WaCompliance.Storage.Sqlite.Internal;

namespace WaCompliance.Storage.Sqlite;

/// <summary>
/// Conversation windows in SQLite (<c>conversation_windows</c>), per (business number, person). The person is stored
/// as a subject key; each change reads, applies <see cref="ConversationWindowRules"/> and writes in one
/// <c>BEGIN IMMEDIATE</c> transaction, so concurrent inbound messages from any process keep the latest.
/// </summary>
public sealed class SqliteConversationWindowStore : IConversationWindowStore
{
    private const int ChunkSize = 500;
    private const string SelectWindow = """
        SELECT business, user_subject, last_inbound_at, customer_service_ends_at, pending_referral_at, free_entry_point_ends_at
        FROM conversation_windows
        """;

    private readonly SqliteComplianceDatabase _database;
    private readonly ISubjectKeyProvider _keys;
    private readonly TimeSpan _customerServiceWindow;
    private readonly TimeSpan _freeEntryPointWindow;

    /// <summary>Creates the store.</summary>
    /// <param name="database">The database.</param>
    /// <param name="keys">Computes subject keys.</param>
    /// <param name="options">The window lengths.</param>
    public SqliteConversationWindowStore(SqliteComplianceDatabase database, ISubjectKeyProvider keys, IOptions<WhatsAppComplianceOptions> options)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(options);
        _database = database;
        _keys = keys;
        _customerServiceWindow = options.Value.CustomerServiceWindow;
        _freeEntryPointWindow = options.Value.FreeEntryPointWindow;
    }

    /// <inheritdoc />
    public ValueTask<ConversationWindow?> GetAsync(WhatsAppNumber business, WhatsAppIdentifier user, CancellationToken cancellationToken = default)
    {
        Arguments.NotDefault(business);
        Arguments.NotDefault(user);
        return _database.ReadAsync((Business: business, User: user, Subject: _keys.GetKey(user).Value),
            static (connection, s) => Find(connection, null, s.Business, s.User, s.Subject), cancellationToken);
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
        foreach (var chunk in SqliteJson.Chunks(users, ChunkSize))
        {
            var bySubject = new Dictionary<string, WhatsAppIdentifier>(chunk.Length, StringComparer.Ordinal);
            foreach (var user in chunk)
            {
                Arguments.NotDefault(user, nameof(users));
                bySubject[_keys.GetKey(user).Value] = user;
            }

            var rows = await _database.ReadAsync((Business: business.E164, Keys: SqliteJson.Array(bySubject.Keys)), static (connection, s) =>
            {
                using var commandLease = SqliteStatements.Command(connection, null, SelectWindow + " WHERE business = @business AND user_subject IN (SELECT value FROM json_each(@keys));");
                var command = commandLease.Command;
                SqliteValues.Add(command, "@business", s.Business);
                SqliteValues.Add(command, "@keys", s.Keys);
                var found = new List<(string Subject, Times Times)>();
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    found.Add((reader.GetString(1), ReadTimes(reader)));
                }

                return found;
            }, cancellationToken).ConfigureAwait(false);

            foreach (var (subject, times) in rows)
            {
                var user = bySubject[subject];
                result[user] = times.ToWindow(business, user);
            }
        }

        return result;
    }

    /// <inheritdoc />
    public ValueTask<ConversationWindow> RecordInboundAsync(
        WhatsAppNumber business,
        WhatsAppIdentifier user,
        DateTimeOffset at,
        InboundOrigin origin = InboundOrigin.Organic,
        CancellationToken cancellationToken = default)
    {
        Arguments.NotDefault(business);
        Arguments.NotDefault(user);
        var state = (Business: business, User: user, Subject: _keys.GetKey(user).Value, At: at, Origin: origin, Window: _customerServiceWindow);
        return _database.WriteAsync(state, static (connection, transaction, s) =>
        {
            var existing = Find(connection, transaction, s.Business, s.User, s.Subject);
            var updated = ConversationWindowRules.ApplyInbound(existing, s.Business, s.User, s.At, s.Origin, s.Window);
            if (!ReferenceEquals(updated, existing))
            {
                Save(connection, transaction, s.Subject, updated);
            }

            return updated;
        }, cancellationToken, SqliteWrite.Operational);
    }

    /// <inheritdoc />
    public ValueTask<ConversationWindow?> RecordBusinessReplyAsync(WhatsAppNumber business, WhatsAppIdentifier user, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var window = _freeEntryPointWindow;
        return UpdateAsync(business, user, existing => ConversationWindowRules.ApplyBusinessReply(existing, at, window), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<ConversationWindow?> CloseAsync(WhatsAppNumber business, WhatsAppIdentifier user, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        UpdateAsync(business, user, existing => ConversationWindowRules.ApplyClosed(existing, at), cancellationToken);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ConversationWindow>> GetByUserAsync(WhatsAppIdentifier user, CancellationToken cancellationToken = default)
    {
        Arguments.NotDefault(user);
        var rows = await _database.ReadAsync(_keys.GetKey(user).Value, static (connection, subject) =>
        {
            using var commandLease = SqliteStatements.Command(connection, null, SelectWindow + " WHERE user_subject = @subject;");
            var command = commandLease.Command;
            SqliteValues.Add(command, "@subject", subject);
            var found = new List<(string Business, Times Times)>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                found.Add((reader.GetString(0), ReadTimes(reader)));
            }

            return found;
        }, cancellationToken).ConfigureAwait(false);

        return rows.Select(row => row.Times.ToWindow(StoredNumbers.Parse(row.Business), user)).OrderBy(w => w.Business).ToArray();
    }

    /// <inheritdoc />
    public ValueTask<int> RemoveUserAsync(WhatsAppIdentifier user, CancellationToken cancellationToken = default)
    {
        Arguments.NotDefault(user);
        return _database.WriteAsync(_keys.GetKey(user).Value, static (connection, transaction, subject) =>
        {
            using var commandLease = SqliteStatements.Command(connection, transaction, "DELETE FROM conversation_windows WHERE user_subject = @subject;");
            var command = commandLease.Command;
            SqliteValues.Add(command, "@subject", subject);
            return command.ExecuteNonQuery();
        }, cancellationToken, SqliteWrite.Erasure);
    }

    private ValueTask<ConversationWindow?> UpdateAsync(
        WhatsAppNumber business,
        WhatsAppIdentifier user,
        Func<ConversationWindow?, ConversationWindow?> change,
        CancellationToken cancellationToken)
    {
        Arguments.NotDefault(business);
        Arguments.NotDefault(user);
        var state = (Business: business, User: user, Subject: _keys.GetKey(user).Value, Change: change);
        return _database.WriteAsync(state, static (connection, transaction, s) =>
        {
            var existing = Find(connection, transaction, s.Business, s.User, s.Subject);
            if (existing is null)
            {
                return null;
            }

            var updated = s.Change(existing);
            if (updated is not null && !ReferenceEquals(updated, existing))
            {
                Save(connection, transaction, s.Subject, updated);
            }

            return updated;
        }, cancellationToken, SqliteWrite.Operational);
    }

    private static ConversationWindow? Find(SqliteConnection connection, SqliteTransaction? transaction, WhatsAppNumber business, WhatsAppIdentifier user, string subject)
    {
        using var commandLease = SqliteStatements.Command(connection, transaction, SelectWindow + " WHERE business = @business AND user_subject = @subject;");
        var command = commandLease.Command;
        SqliteValues.Add(command, "@business", business.E164);
        SqliteValues.Add(command, "@subject", subject);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadTimes(reader).ToWindow(business, user) : null;
    }

    private static void Save(SqliteConnection connection, SqliteTransaction transaction, string subject, ConversationWindow window)
    {
        using var commandLease = SqliteStatements.Command(connection, transaction, """
            INSERT INTO conversation_windows (business, user_subject, last_inbound_at, customer_service_ends_at, pending_referral_at, free_entry_point_ends_at)
            VALUES (@business, @subject, @last_inbound_at, @customer_service_ends_at, @pending_referral_at, @free_entry_point_ends_at)
            ON CONFLICT (business, user_subject) DO UPDATE SET
                last_inbound_at = excluded.last_inbound_at,
                customer_service_ends_at = excluded.customer_service_ends_at,
                pending_referral_at = excluded.pending_referral_at,
                free_entry_point_ends_at = excluded.free_entry_point_ends_at;
            """);
        var command = commandLease.Command;
        SqliteValues.Add(command, "@business", window.Business.E164);
        SqliteValues.Add(command, "@subject", subject);
        SqliteValues.Add(command, "@last_inbound_at", SqliteValues.ToMicros(window.LastInboundAt));
        SqliteValues.Add(command, "@customer_service_ends_at", SqliteValues.ToMicros(window.CustomerServiceWindowEndsAt));
        SqliteValues.Add(command, "@pending_referral_at", SqliteValues.Db(window.PendingReferralAt));
        SqliteValues.Add(command, "@free_entry_point_ends_at", SqliteValues.Db(window.FreeEntryPointEndsAt));
        command.ExecuteNonQuery();
    }

    private static Times ReadTimes(SqliteDataReader reader) => new(
        SqliteValues.GetTimestamp(reader, 2),
        SqliteValues.GetTimestamp(reader, 3),
        SqliteValues.GetNullableTimestamp(reader, 4),
        SqliteValues.GetNullableTimestamp(reader, 5));

    /// <summary>The stored times of a window, before the numbers are attached.</summary>
    private readonly record struct Times(DateTimeOffset LastInbound, DateTimeOffset CustomerServiceEnds, DateTimeOffset? PendingReferral, DateTimeOffset? FreeEntryPointEnds)
    {
        public ConversationWindow ToWindow(WhatsAppNumber business, WhatsAppIdentifier user) => new()
        {
            Business = business,
            User = user,
            LastInboundAt = LastInbound,
            CustomerServiceWindowEndsAt = CustomerServiceEnds,
            PendingReferralAt = PendingReferral,
            FreeEntryPointEndsAt = FreeEntryPointEnds,
        };
    }
}
