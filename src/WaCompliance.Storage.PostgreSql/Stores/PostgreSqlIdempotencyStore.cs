using Npgsql;
using WaCompliance.Consent;
using WaCompliance.Idempotency;
using WaCompliance.Storage.PostgreSql.Internal;

namespace WaCompliance.Storage.PostgreSql.Stores;

/// <summary>
/// Idempotency keys and send records in PostgreSQL (<c>send_records</c>). A claim is one
/// <c>INSERT ... ON CONFLICT DO NOTHING</c> on the primary key: of concurrent claims from any number of instances,
/// exactly one inserts the row. A chosen resend is a compare-and-set <c>UPDATE</c> on the status and attempt it read, so
/// of concurrent resends exactly one claims the key again. Outcomes are applied with the shared
/// <see cref="IdempotencyRules"/> under a row lock; lease expiry is one <c>UPDATE</c> of the rows still in progress.
/// </summary>
internal sealed class PostgreSqlIdempotencyStore : IIdempotencyStore
{
    private const string Columns = """
        idempotency_key, status, claimed_at, completed_at, gateway, provider_message_id, error_code, error_message, consent_record_id,
        lease_expires_at, reference, attempt, previous_status
        """;

    private readonly PostgreSqlStorage _storage;
    private readonly string _table;

    public PostgreSqlIdempotencyStore(PostgreSqlStorage storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _storage = storage;
        _table = storage.Table("send_records");
    }

    /// <inheritdoc />
    public async ValueTask<IdempotencyClaim> TryClaimAsync(SendClaim claim, CancellationToken cancellationToken = default)
    {
        var record = IdempotencyRules.NewClaim(claim);
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var insert = _storage.Command(connection, $"""
            INSERT INTO {_table} (idempotency_key, status, claimed_at, lease_expires_at, reference, attempt) VALUES ($1, $2, $3, $4, $5, 1)
            ON CONFLICT (idempotency_key) DO NOTHING
            """);
        await using (insert.ConfigureAwait(false))
        {
            insert.Parameters.Add(Db.Value(record.Key));
            insert.Parameters.Add(Db.Value(StableNames.SendStatus.Of(record.Status)));
            insert.Parameters.Add(Db.Time(record.ClaimedAt));
            insert.Parameters.Add(Db.Time(record.LeaseExpiresAt));
            insert.Parameters.Add(Db.Text(record.Reference));
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
            {
                return new IdempotencyClaim(true, record);
            }
        }

        // The key was claimed before (here or by another instance): that claim's transaction has committed, since
        // the insert waited for it, so the record is visible to this new statement.
        var existing = await ReadAsync(connection, null, record.Key, forUpdate: false, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The claimed idempotency record could not be read back.");
        if (!IdempotencyRules.MayResend(existing, claim.Resend))
        {
            return new IdempotencyClaim(false, existing);
        }

        var again = IdempotencyRules.Reclaim(existing, claim);
        var update = _storage.Command(connection, $"""
            UPDATE {_table} SET status = $4, claimed_at = $5, completed_at = NULL, gateway = NULL, provider_message_id = NULL,
                error_code = NULL, error_message = NULL, consent_record_id = NULL, lease_expires_at = $6, reference = $7,
                attempt = $8, previous_status = $2
            WHERE idempotency_key = $1 AND status = $2 AND attempt = $3
            """);
        await using (update.ConfigureAwait(false))
        {
            update.Parameters.Add(Db.Value(existing.Key));
            update.Parameters.Add(Db.Value(StableNames.SendStatus.Of(existing.Status)));
            update.Parameters.Add(Db.Value(existing.Attempt));
            update.Parameters.Add(Db.Value(StableNames.SendStatus.Of(again.Status)));
            update.Parameters.Add(Db.Time(again.ClaimedAt));
            update.Parameters.Add(Db.Time(again.LeaseExpiresAt));
            update.Parameters.Add(Db.Text(again.Reference));
            update.Parameters.Add(Db.Value(again.Attempt));
            if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
            {
                return new IdempotencyClaim(true, again);
            }
        }

        // Another claim (or an outcome) changed the record first: it decides.
        var now = await ReadAsync(connection, null, record.Key, forUpdate: false, cancellationToken).ConfigureAwait(false);
        return new IdempotencyClaim(false, now ?? existing);
    }

    /// <inheritdoc />
    public async ValueTask<SendRecord> CompleteAsync(string key, SendOutcome outcome, CancellationToken cancellationToken = default)
    {
        IdempotencyRules.ValidateKey(key);
        ArgumentNullException.ThrowIfNull(outcome);
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);
        var current = await ReadAsync(connection, transaction, key, forUpdate: true, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException("The idempotency key was never claimed.");
        var updated = IdempotencyRules.Apply(current, outcome);
        if (!ReferenceEquals(updated, current))
        {
            var command = _storage.Command(connection, $"""
                UPDATE {_table} SET status = $2, completed_at = $3, gateway = $4, provider_message_id = $5, error_code = $6,
                    error_message = $7, consent_record_id = $8
                WHERE idempotency_key = $1
                """, transaction);
            await using var commandScope = command.ConfigureAwait(false);
            command.Parameters.Add(Db.Value(key));
            command.Parameters.Add(Db.Value(StableNames.SendStatus.Of(updated.Status)));
            command.Parameters.Add(Db.Time(updated.CompletedAt));
            command.Parameters.Add(Db.Text(updated.Gateway));
            command.Parameters.Add(Db.Text(updated.ProviderMessageId));
            command.Parameters.Add(Db.Text(updated.ErrorCode));
            command.Parameters.Add(Db.Text(updated.ErrorMessage));
            command.Parameters.Add(Db.Uuid(updated.ConsentRecordId));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return updated;
    }

    /// <inheritdoc />
    public async ValueTask<SendRecord?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        IdempotencyRules.ValidateKey(key);
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        return await ReadAsync(connection, null, key, forUpdate: false, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<SendRecord?> FindByProviderMessageIdAsync(string providerMessageId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(providerMessageId);
        return FindOneAsync($"SELECT {Columns} FROM {_table} WHERE provider_message_id = $1 ORDER BY completed_at DESC NULLS LAST LIMIT 1", providerMessageId, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<SendRecord?> FindByReferenceAsync(string reference, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        return FindOneAsync($"SELECT {Columns} FROM {_table} WHERE reference = $1", reference, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<SendRecord>> ExpireLeasesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);

        // IdempotencyRules.Expire, in one statement: rows another instance is expiring or completing are skipped, and
        // the status is checked again under the row lock.
        // The candidates are materialized first: a LIMIT inside IN (...) may be evaluated more than once.
        var returning = string.Join(", ", Columns.Split(',').Select(c => "s." + c.Trim()));
        var command = _storage.Command(connection, $"""
            WITH expired AS MATERIALIZED (
                SELECT idempotency_key FROM {_table}
                WHERE status = 'in_progress' AND lease_expires_at <= $1
                ORDER BY lease_expires_at, idempotency_key COLLATE "C" LIMIT $5
                FOR UPDATE SKIP LOCKED)
            UPDATE {_table} AS s SET status = 'unknown', completed_at = $2, error_code = $3, error_message = $4
            FROM expired
            WHERE s.idempotency_key = expired.idempotency_key AND s.status = 'in_progress'
            RETURNING {returning}
            """);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(Db.Time(now));
        command.Parameters.Add(Db.Time(ConsentChain.NormalizeTimestamp(now)));
        command.Parameters.Add(Db.Text(IdempotencyRules.LeaseExpiredCode));
        command.Parameters.Add(Db.Text(IdempotencyRules.LeaseExpiredMessage));
        command.Parameters.Add(Db.Value(limit));
        var records = await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
        return [.. records.OrderBy(r => r.LeaseExpiresAt).ThenBy(r => r.Key, StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<SendRecord>> GetByStatusAsync(SendStatus status, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = _storage.Command(connection,
            $"SELECT {Columns} FROM {_table} WHERE status = $1 ORDER BY claimed_at, idempotency_key COLLATE \"C\" LIMIT $2");
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(Db.Value(StableNames.SendStatus.Of(status)));
        command.Parameters.Add(Db.Value(limit));
        return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<SendRecord?> FindOneAsync(string sql, string value, CancellationToken cancellationToken)
    {
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = _storage.Command(connection, sql);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(Db.Value(value));
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    private static async ValueTask<List<SendRecord>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var records = new List<SendRecord>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(Read(reader));
        }

        return records;
    }

    private async ValueTask<SendRecord?> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string key, bool forUpdate, CancellationToken cancellationToken)
    {
        var command = _storage.Command(connection,
            $"SELECT {Columns} FROM {_table} WHERE idempotency_key = $1{(forUpdate ? " FOR UPDATE" : string.Empty)}", transaction);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(Db.Value(key));
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    private static SendRecord Read(NpgsqlDataReader reader) => new()
    {
        Key = reader.GetString(0),
        Status = StableNames.SendStatus.Parse(reader.GetString(1)),
        ClaimedAt = reader.Timestamp(2),
        CompletedAt = reader.NullableTimestamp(3),
        Gateway = reader.NullableString(4),
        ProviderMessageId = reader.NullableString(5),
        ErrorCode = reader.NullableString(6),
        ErrorMessage = reader.NullableString(7),
        ConsentRecordId = reader.NullableGuid(8),
        LeaseExpiresAt = reader.NullableTimestamp(9),
        Reference = reader.NullableString(10),
        Attempt = reader.GetInt32(11),
        PreviousStatus = reader.NullableString(12) is { } previous ? StableNames.SendStatus.Parse(previous) : null,
    };
}
