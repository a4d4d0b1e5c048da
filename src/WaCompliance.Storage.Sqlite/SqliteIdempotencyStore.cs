using Microsoft.Data.Sqlite;
using WaCompliance.Idempotency;
using WaCompliance.Storage.Sqlite.Internal;

namespace WaCompliance.Storage.Sqlite;

/// <summary>
/// Idempotency keys and send outcomes in SQLite (<c>send_records</c>). A claim is an
/// <c>INSERT ... ON CONFLICT DO NOTHING</c> on the key: of any number of concurrent claims from any process, exactly
/// one inserts the row and wins; nothing is read before it is written. A chosen resend, outcomes and lease expiry read
/// and write the row inside one <c>BEGIN IMMEDIATE</c> transaction with the shared <see cref="IdempotencyRules"/>, so
/// of concurrent resends exactly one claims the key again.
/// </summary>
public sealed class SqliteIdempotencyStore : IIdempotencyStore
{
    private const string SelectRecord = """
        SELECT key, status, claimed_at, completed_at, gateway, provider_message_id, error_code, error_message, consent_record_id,
            lease_expires_at, reference, attempt, previous_status
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
    public ValueTask<IdempotencyClaim> TryClaimAsync(SendClaim claim, CancellationToken cancellationToken = default)
    {
        var record = IdempotencyRules.NewClaim(claim);
        return _database.WriteAsync((Record: record, Claim: claim), static (connection, transaction, s) =>
        {
            var claim = s.Record;
            using (var commandLease = SqliteStatements.Command(connection, transaction, """
                INSERT INTO send_records (key, status, claimed_at, lease_expires_at, reference, attempt)
                VALUES (@key, @status, @claimed_at, @lease_expires_at, @reference, 1)
                ON CONFLICT (key) DO NOTHING;
                """))
            {
                var command = commandLease.Command;
                SqliteValues.Add(command, "@key", claim.Key);
                SqliteValues.Add(command, "@status", StorageNames<SendStatus>.Of(claim.Status));
                SqliteValues.Add(command, "@claimed_at", SqliteValues.ToMicros(claim.ClaimedAt));
                SqliteValues.Add(command, "@lease_expires_at", SqliteValues.Db(claim.LeaseExpiresAt));
                SqliteValues.Add(command, "@reference", claim.Reference!);
                if (command.ExecuteNonQuery() == 1)
                {
                    return new IdempotencyClaim(true, claim);
                }
            }

            var existing = Find(connection, transaction, "key", claim.Key)
                ?? throw new InvalidOperationException("The idempotency key conflicted but its record could not be read.");
            if (!IdempotencyRules.MayResend(existing, s.Claim.Resend))
            {
                return new IdempotencyClaim(false, existing);
            }

            // The write transaction holds the database's write lock: no other claim of the key runs in between.
            var again = IdempotencyRules.Reclaim(existing, s.Claim);
            Write(connection, transaction, again);
            return new IdempotencyClaim(true, again);
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
            if (!ReferenceEquals(updated, current))
            {
                Write(connection, transaction, updated);
            }

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

    /// <inheritdoc />
    public ValueTask<SendRecord?> FindByReferenceAsync(string reference, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        return _database.ReadAsync(reference, static (connection, r) => Find(connection, null, "reference", r), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SendRecord>> ExpireLeasesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return _database.WriteAsync((Now: now, Limit: limit), static (connection, transaction, s) =>
        {
            List<SendRecord> candidates;
            using (var commandLease = SqliteStatements.Command(connection, transaction, SelectRecord + """
                 WHERE status = 'in_progress' AND lease_expires_at <= @now ORDER BY lease_expires_at, key LIMIT @limit;
                """))
            {
                var command = commandLease.Command;
                SqliteValues.Add(command, "@now", SqliteValues.ToMicros(s.Now));
                SqliteValues.Add(command, "@limit", s.Limit);
                candidates = ReadAll(command);
            }

            var expired = new List<SendRecord>(candidates.Count);
            foreach (var candidate in candidates)
            {
                var unknown = IdempotencyRules.Expire(candidate, s.Now);
                Write(connection, transaction, unknown);
                expired.Add(unknown);
            }

            return (IReadOnlyList<SendRecord>)expired;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SendRecord>> GetByStatusAsync(SendStatus status, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var name = StorageNames<SendStatus>.Of(status);
        return _database.ReadAsync((Status: name, Limit: limit), static (connection, s) =>
        {
            using var commandLease = SqliteStatements.Command(connection, null, SelectRecord + " WHERE status = @status ORDER BY claimed_at, key LIMIT @limit;");
            var command = commandLease.Command;
            SqliteValues.Add(command, "@status", s.Status);
            SqliteValues.Add(command, "@limit", s.Limit);
            return (IReadOnlyList<SendRecord>)ReadAll(command);
        }, cancellationToken);
    }

    private static void Write(SqliteConnection connection, SqliteTransaction transaction, SendRecord updated)
    {
        using var commandLease = SqliteStatements.Command(connection, transaction, """
            UPDATE send_records SET status = @status, claimed_at = @claimed_at, completed_at = @completed_at, gateway = @gateway,
                provider_message_id = @provider_message_id, error_code = @error_code, error_message = @error_message,
                consent_record_id = @consent_record_id, lease_expires_at = @lease_expires_at, reference = @reference,
                attempt = @attempt, previous_status = @previous_status
            WHERE key = @key;
            """);
        var command = commandLease.Command;
        SqliteValues.Add(command, "@status", StorageNames<SendStatus>.Of(updated.Status));
        SqliteValues.Add(command, "@claimed_at", SqliteValues.ToMicros(updated.ClaimedAt));
        SqliteValues.Add(command, "@completed_at", SqliteValues.Db(updated.CompletedAt));
        SqliteValues.Add(command, "@gateway", SqliteValues.Db(updated.Gateway));
        SqliteValues.Add(command, "@provider_message_id", SqliteValues.Db(updated.ProviderMessageId));
        SqliteValues.Add(command, "@error_code", SqliteValues.Db(updated.ErrorCode));
        SqliteValues.Add(command, "@error_message", SqliteValues.Db(updated.ErrorMessage));
        SqliteValues.Add(command, "@consent_record_id", SqliteValues.Db(updated.ConsentRecordId));
        SqliteValues.Add(command, "@lease_expires_at", SqliteValues.Db(updated.LeaseExpiresAt));
        SqliteValues.Add(command, "@reference", SqliteValues.Db(updated.Reference));
        SqliteValues.Add(command, "@attempt", updated.Attempt);
        SqliteValues.Add(command, "@previous_status", SqliteValues.Db(updated.PreviousStatus is { } previous ? StorageNames<SendStatus>.Of(previous) : null));
        SqliteValues.Add(command, "@key", updated.Key);
        command.ExecuteNonQuery();
    }

    private static SendRecord? Find(SqliteConnection connection, SqliteTransaction? transaction, string column, string value)
    {
        using var commandLease = SqliteStatements.Command(connection, transaction, column switch
        {
            "key" => SelectRecord + " WHERE key = @value;",
            "reference" => SelectRecord + " WHERE reference = @value;",
            _ => SelectRecord + " WHERE provider_message_id = @value ORDER BY completed_at DESC LIMIT 1;",
        });
        var command = commandLease.Command;
        SqliteValues.Add(command, "@value", value);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    private static List<SendRecord> ReadAll(SqliteCommand command)
    {
        var records = new List<SendRecord>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            records.Add(Read(reader));
        }

        return records;
    }

    private static SendRecord Read(SqliteDataReader reader) => new()
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
        LeaseExpiresAt = SqliteValues.GetNullableTimestamp(reader, 9),
        Reference = SqliteValues.GetNullableString(reader, 10),
        Attempt = reader.GetInt32(11),
        PreviousStatus = SqliteValues.GetNullableString(reader, 12) is { } previous ? StorageNames<SendStatus>.Parse(previous) : null,
    };
}
