using Npgsql;
using WaCompliance.Idempotency;
using WaCompliance.Storage.PostgreSql.Internal;

namespace WaCompliance.Storage.PostgreSql.Stores;

/// <summary>
/// Idempotency keys and send records in PostgreSQL (<c>send_records</c>). A claim is one
/// <c>INSERT ... ON CONFLICT DO NOTHING</c> on the primary key: of concurrent claims from any number of instances,
/// exactly one inserts the row. Outcomes are applied with the shared <see cref="IdempotencyRules"/> under a row lock.
/// </summary>
internal sealed class PostgreSqlIdempotencyStore : IIdempotencyStore
{
    private const string Columns = """
        idempotency_key, status, claimed_at, completed_at, gateway, provider_message_id, error_code, error_message, consent_record_id
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
    public async ValueTask<IdempotencyClaim> TryClaimAsync(string key, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var record = IdempotencyRules.NewClaim(key, at);
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var insert = _storage.Command(connection, $"""
            INSERT INTO {_table} (idempotency_key, status, claimed_at) VALUES ($1, $2, $3)
            ON CONFLICT (idempotency_key) DO NOTHING
            """);
        await using (insert.ConfigureAwait(false))
        {
            insert.Parameters.Add(Db.Value(record.Key));
            insert.Parameters.Add(Db.Value(StableNames.SendStatus.Of(record.Status)));
            insert.Parameters.Add(Db.Time(record.ClaimedAt));
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
            {
                return new IdempotencyClaim(true, record);
            }
        }

        // The key was claimed before (here or by another instance): that claim's transaction has committed, since
        // the insert waited for it, so the record is visible to this new statement.
        var existing = await ReadAsync(connection, null, record.Key, forUpdate: false, cancellationToken).ConfigureAwait(false);
        return new IdempotencyClaim(false, existing ?? throw new InvalidOperationException("The claimed idempotency record could not be read back."));
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
    public async ValueTask<SendRecord?> FindByProviderMessageIdAsync(string providerMessageId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(providerMessageId);
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = _storage.Command(connection,
            $"SELECT {Columns} FROM {_table} WHERE provider_message_id = $1 ORDER BY completed_at DESC NULLS LAST LIMIT 1");
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(Db.Value(providerMessageId));
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
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
    };
}
