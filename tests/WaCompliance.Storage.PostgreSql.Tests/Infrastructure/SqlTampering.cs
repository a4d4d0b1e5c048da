using Npgsql;
using NpgsqlTypes;
using WaCompliance.Conformance;
using WaCompliance.Consent;
using WaCompliance.Storage.PostgreSql.Internal;

namespace WaCompliance.Storage.PostgreSql.Tests.Infrastructure;

/// <summary>
/// Tampers with the ledger tables the way someone with direct database access could: plain SQL UPDATE, DELETE and
/// INSERT, after switching off the append-only triggers for the session (<c>session_replication_role = replica</c>,
/// which a superuser can do).
/// </summary>
internal sealed class SqlTampering(PostgreSqlStorage storage) : IConsentStoreTampering
{
    private const long Offset = 1_000_000_000_000;

    private string Records => storage.Table("consent_records");

    private string Personal => storage.Table("consent_personal_data");

    public Task AlterSourceAsync(long sequence, string newSource) =>
        ExecuteAsync($"UPDATE {Records} SET source = $2 WHERE sequence = $1", sequence, newSource);

    public Task AlterPersonalDataAsync(long sequence, string newIpAddress) =>
        ExecuteAsync($"UPDATE {Personal} SET ip_address = $2 WHERE record_id = (SELECT record_id FROM {Records} WHERE sequence = $1)", sequence, newIpAddress);

    public Task DeleteAsync(long sequence) =>
        ExecuteAsync($"""
            DELETE FROM {Personal} WHERE record_id = (SELECT record_id FROM {Records} WHERE sequence = $1);
            DELETE FROM {Records} WHERE sequence = $1;
            """, sequence);

    public Task SwapAsync(long first, long second) =>
        ExecuteAsync($"""
            UPDATE {Records} SET sequence = sequence + {Offset} WHERE sequence IN ($1, $2);
            UPDATE {Records} SET sequence = CASE WHEN sequence = $1 + {Offset} THEN $2 ELSE $1 END WHERE sequence IN ($1 + {Offset}, $2 + {Offset});
            """, first, second);

    public async Task InsertBeforeAsync(long sequence, ConsentRecord forged)
    {
        // Make room: every record from that position on moves one place down, then the forgery takes the position.
        await ExecuteAsync($"""
            UPDATE {Records} SET sequence = sequence + {Offset} WHERE sequence >= $1;
            UPDATE {Records} SET sequence = sequence - {Offset} + 1 WHERE sequence >= {Offset};
            """, sequence);
        await using var connection = await storage.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand($"""
            INSERT INTO {Records} (sequence, record_id, subject, purpose, action, method, consent_type, lawful_basis, captured_at,
                recorded_at, source, business_name, jurisdiction, language, expires_at, event_id, wording, wording_version,
                collection_point, personal_data_digest, previous_hash, hash)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
            """, connection);
        object? Nullable(object? value) => value ?? DBNull.Value;
        command.Parameters.AddWithValue(forged.Sequence);
        command.Parameters.AddWithValue(forged.RecordId);
        command.Parameters.AddWithValue(forged.Subject.Value);
        command.Parameters.AddWithValue(forged.Purpose.Value);
        command.Parameters.AddWithValue(ConsentNames.Of(forged.Action));
        command.Parameters.AddWithValue(ConsentNames.Of(forged.Method));
        command.Parameters.AddWithValue(ConsentNames.Of(forged.ConsentType));
        command.Parameters.AddWithValue(ConsentNames.Of(forged.LawfulBasis));
        command.Parameters.AddWithValue(forged.CapturedAt);
        command.Parameters.AddWithValue(forged.RecordedAt);
        command.Parameters.AddWithValue(Nullable(forged.Source)!);
        command.Parameters.AddWithValue(Nullable(forged.BusinessName)!);
        command.Parameters.AddWithValue(Nullable(forged.Jurisdiction)!);
        command.Parameters.AddWithValue(Nullable(forged.Language)!);
        command.Parameters.Add(new NpgsqlParameter { Value = Nullable(forged.ExpiresAt), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = Nullable(forged.EventId), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = Nullable(forged.Wording), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = Nullable(forged.WordingVersion), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = Nullable(forged.CollectionPoint), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.AddWithValue(forged.PersonalDataDigest);
        command.Parameters.AddWithValue(forged.PreviousHash);
        command.Parameters.AddWithValue(forged.Hash);
        await command.ExecuteNonQueryAsync();
    }

    private async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var connection = await storage.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var off = new NpgsqlCommand("SET LOCAL session_replication_role = replica", connection, transaction))
        {
            await off.ExecuteNonQueryAsync();
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var statement in sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var command = new NpgsqlBatchCommand(statement);
            var used = Enumerable.Range(1, parameters.Length).Count(i => statement.Contains("$" + i, StringComparison.Ordinal));
            foreach (var parameter in parameters.Take(used))
            {
                command.Parameters.Add(new NpgsqlParameter { Value = parameter });
            }

            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }
}
