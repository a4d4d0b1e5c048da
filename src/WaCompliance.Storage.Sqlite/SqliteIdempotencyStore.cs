using Microsoft.Data.Sqlite;
using WaCompliance.Idempotency;
using WaCompliance.Storage.Sqlite.Internal;

namespace WaCompliance.Storage.Sqlite;

/// <summary>
/// Idempotency keys and send outcomes in SQLite (<c>send_records</c>). A claim is an
/// <c>INSERT ... ON CONFLICT DO NOTHING</c> on the key: of any number of concurrent claims from any process, exactly
/// one inserts the row and wins; nothing is read before it is written. Outcomes follow
/// <see cref="IdempotencyRules.Apply"/> inside one transaction.
/// </summary>
public sealed class SqliteIdempotencyStore : IIdempotencyStore
{
    private const string SelectRecord = """
        SELECT key, status, claimed_at, completed_at, gateway, provider_message_id, error_code, error_message, consent_record_id
        FROM send_records
        """;

    private readonly SqliteComplianceDatabase _database;

    /// <summary>Creates the store.</summary>
    /// <param name="database">The database.</param>
    public SqliteIdempotencyStore(SqliteComplianceDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <inheritdoc />
    public ValueTask<IdempotencyClaim> TryClaimAsync(string key, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var record = IdempotencyRules.NewClaim(key, at);
        return _database.WriteAsync(record, static (connection, transaction, claim) =>
        {
            using var commandLease = SqliteStatements.Command(connection, transaction, """
                INSERT INTO send_records (key, status, claimed_at) VALUES (@key, @status, @claimed_at)
                ON CONFLICT (key) DO NOTHING;
                """);
            var command = commandLease.Command;
            SqliteValues.Add(command, "@key", claim.Key);
            SqliteValues.Add(command, "@status", StorageNames<SendStatus>.Of(claim.Status));
            SqliteValues.Add(command, "@claimed_at", SqliteValues.ToMicros(claim.ClaimedAt));
            if (command.ExecuteNonQuery() == 1)
            {
                return new IdempotencyClaim(true, claim);
            }

            var existing = Find(connection, transaction, "key", claim.Key)
                ?? throw new InvalidOperationException("The idempotency key conflicted but its record could not be read.");
            return new IdempotencyClaim(false, existing);
        }, cancellationToken, SqliteWrite.Operational);
    }

    /// <inheritdoc />
    public ValueTask<SendRecord> CompleteAsync(string key, SendOutcome outcome, CancellationToken cancellationToken = default)
    {
        IdempotencyRules.ValidateKey(key);
        ArgumentNullException.ThrowIfNull(outcome);
        return _database.WriteAsync((Key: key, Outcome: outcome), static (connection, transaction, s) =>
        {
            var current = Find(connection, transaction, "key", s.Key)
                ?? throw new KeyNotFoundException("The idempotency key was never claimed.");
            var updated = IdempotencyRules.Apply(current, s.Outcome);
            if (ReferenceEquals(updated, current))
            {
                return current;
            }

            using var commandLease = SqliteStatements.Command(connection, transaction, """
                UPDATE send_records SET status = @status, completed_at = @completed_at, gateway = @gateway,
                    provider_message_id = @provider_message_id, error_code = @error_code, error_message = @error_message,
                    consent_record_id = @consent_record_id
                WHERE key = @key;
                """);
            var command = commandLease.Command;
            SqliteValues.Add(command, "@status", StorageNames<SendStatus>.Of(updated.Status));
            SqliteValues.Add(command, "@completed_at", SqliteValues.Db(updated.CompletedAt));
            SqliteValues.Add(command, "@gateway", SqliteValues.Db(updated.Gateway));
            SqliteValues.Add(command, "@provider_message_id", SqliteValues.Db(updated.ProviderMessageId));
            SqliteValues.Add(command, "@error_code", SqliteValues.Db(updated.ErrorCode));
            SqliteValues.Add(command, "@error_message", SqliteValues.Db(updated.ErrorMessage));
            SqliteValues.Add(command, "@consent_record_id", SqliteValues.Db(updated.ConsentRecordId));
            SqliteValues.Add(command, "@key", updated.Key);
            command.ExecuteNonQuery();
            return updated;
        }, cancellationToken, SqliteWrite.Operational);
    }

    /// <inheritdoc />
    public ValueTask<SendRecord?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        IdempotencyRules.ValidateKey(key);
        return _database.ReadAsync(key, static (connection, k) => Find(connection, null, "key", k), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<SendRecord?> FindByProviderMessageIdAsync(string providerMessageId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(providerMessageId);
        return _database.ReadAsync(providerMessageId, static (connection, id) => Find(connection, null, "provider_message_id", id), cancellationToken);
    }

    private static SendRecord? Find(SqliteConnection connection, SqliteTransaction? transaction, string column, string value)
    {
        using var commandLease = SqliteStatements.Command(connection, transaction, column == "key"
            ? SelectRecord + " WHERE key = @value;"
            : SelectRecord + " WHERE provider_message_id = @value ORDER BY completed_at DESC LIMIT 1;");
        var command = commandLease.Command;
        SqliteValues.Add(command, "@value", value);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        return new SendRecord
        {
            Key = reader.GetString(0),
            Status = StorageNames<SendStatus>.Parse(reader.GetString(1)),
            ClaimedAt = SqliteValues.GetTimestamp(reader, 2),
            CompletedAt = SqliteValues.GetNullableTimestamp(reader, 3),
            Gateway = SqliteValues.GetNullableString(reader, 4),
            ProviderMessageId = SqliteValues.GetNullableString(reader, 5),
            ErrorCode = SqliteValues.GetNullableString(reader, 6),
            ErrorMessage = SqliteValues.GetNullableString(reader, 7),
            ConsentRecordId = SqliteValues.GetNullableGuid(reader, 8),
        };
    }
}
