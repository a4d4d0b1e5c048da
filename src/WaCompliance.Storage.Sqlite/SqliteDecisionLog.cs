using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Data.Sqlite;
using WaCompliance.Decisions;
using WaCompliance.Privacy;
using WaCompliance.Storage.Sqlite.Internal;

namespace WaCompliance.Storage.Sqlite;

/// <summary>
/// The decision log in SQLite (<c>decisions</c>): append-only, one row per decision, keyed by its id; a batch is
/// appended in one transaction. Queries read oldest first in pages.
/// </summary>
public sealed class SqliteDecisionLog : IDecisionLog
{
    private const int PageSize = 1000;
    private const string SelectDecision = """
        SELECT decision_id, decided_at, subject, sender, purpose, outcome, not_before, violation_codes, consent_record_id,
               idempotency_key, campaign_id, message_kind, template_name
        FROM decisions
        """;

    private readonly SqliteComplianceDatabase _database;

    /// <summary>Creates the log.</summary>
    /// <param name="database">The database.</param>
    public SqliteDecisionLog(SqliteComplianceDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <inheritdoc />
    public async ValueTask AppendAsync(IReadOnlyList<DecisionRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var normalized = records.Select(DecisionRecords.Normalize).ToArray();
        if (normalized.Length == 0)
        {
            return;
        }

        await _database.WriteAsync(normalized, static (connection, transaction, batch) =>
        {
            using var commandLease = SqliteStatements.Command(connection, transaction, """
                INSERT INTO decisions (decision_id, decided_at, subject, sender, purpose, outcome, not_before, violation_codes,
                    consent_record_id, idempotency_key, campaign_id, message_kind, template_name)
                VALUES (@decision_id, @decided_at, @subject, @sender, @purpose, @outcome, @not_before, @violation_codes,
                    @consent_record_id, @idempotency_key, @campaign_id, @message_kind, @template_name)
                ON CONFLICT (decision_id) DO NOTHING;
                """);
            var command = commandLease.Command;
            string[] names =
            [
                "@decision_id", "@decided_at", "@subject", "@sender", "@purpose", "@outcome", "@not_before", "@violation_codes",
                "@consent_record_id", "@idempotency_key", "@campaign_id", "@message_kind", "@template_name",
            ];
            var p = names.Select(name => command.Parameters.AddWithValue(name, DBNull.Value)).ToArray();
            foreach (var r in batch)
            {
                p[0].Value = SqliteValues.ToBytes(r.DecisionId);
                p[1].Value = SqliteValues.ToMicros(r.DecidedAt);
                p[2].Value = r.Subject.Value;
                p[3].Value = SqliteValues.Db(r.Sender);
                p[4].Value = r.Purpose.Value;
                p[5].Value = StorageNames<DecisionOutcome>.Of(r.Outcome);
                p[6].Value = SqliteValues.Db(r.NotBefore);
                p[7].Value = SqliteJson.Array(r.ViolationCodes);
                p[8].Value = SqliteValues.Db(r.ConsentRecordId);
                p[9].Value = SqliteValues.Db(r.IdempotencyKey);
                p[10].Value = SqliteValues.Db(r.CampaignId);
                p[11].Value = SqliteValues.Db(r.MessageKind);
                p[12].Value = SqliteValues.Db(r.TemplateName);
                command.ExecuteNonQuery();
            }

            return batch.Length;
        }, cancellationToken, SqliteWrite.Operational).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<DecisionRecord?> GetAsync(Guid decisionId, CancellationToken cancellationToken = default) =>
        _database.ReadAsync(decisionId, static (connection, id) =>
        {
            using var commandLease = SqliteStatements.Command(connection, null, SelectDecision + " WHERE decision_id = @id;");
            var command = commandLease.Command;
            SqliteValues.Add(command, "@id", SqliteValues.ToBytes(id));
            using var reader = command.ExecuteReader();
            return reader.Read() ? Read(reader) : null;
        }, cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<DecisionRecord> QueryAsync(DecisionQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var remaining = Math.Max(0, query.Limit);
        (long DecidedAt, byte[] Id)? after = null;
        while (remaining > 0)
        {
            var take = Math.Min(PageSize, remaining);
            var page = await _database.ReadAsync((Query: query, After: after, Take: take), static (connection, s) =>
            {
                using var command = connection.CreateCommand();
                var sql = new StringBuilder(SelectDecision).Append(" WHERE 1 = 1");
                if (s.Query.Subject is { } subject)
                {
                    sql.Append(" AND subject = @subject");
                    SqliteValues.Add(command, "@subject", subject.Value);
                }

                if (s.Query.From is { } from)
                {
                    sql.Append(" AND decided_at >= @from");
                    SqliteValues.Add(command, "@from", SqliteValues.CeilingMicros(from));
                }

                if (s.Query.To is { } to)
                {
                    sql.Append(" AND decided_at < @to");
                    SqliteValues.Add(command, "@to", SqliteValues.CeilingMicros(to));
                }

                if (s.Query.Outcome is { } outcome)
                {
                    sql.Append(" AND outcome = @outcome");
                    SqliteValues.Add(command, "@outcome", StorageNames<DecisionOutcome>.Of(outcome));
                }

                if (s.Query.CampaignId is { } campaign)
                {
                    sql.Append(" AND campaign_id = @campaign");
                    SqliteValues.Add(command, "@campaign", campaign);
                }

                if (s.After is { } a)
                {
                    sql.Append(" AND (decided_at > @after_at OR (decided_at = @after_at AND decision_id > @after_id))");
                    SqliteValues.Add(command, "@after_at", a.DecidedAt);
                    SqliteValues.Add(command, "@after_id", a.Id);
                }

                sql.Append(" ORDER BY decided_at, decision_id LIMIT @take;");
                SqliteValues.Add(command, "@take", s.Take);
                command.CommandText = sql.ToString();
                var found = new List<DecisionRecord>();
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    found.Add(Read(reader));
                }

                return found;
            }, cancellationToken).ConfigureAwait(false);

            foreach (var record in page)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return record;
            }

            remaining -= page.Count;
            if (page.Count < take)
            {
                yield break;
            }

            after = (SqliteValues.ToMicros(page[^1].DecidedAt), SqliteValues.ToBytes(page[^1].DecisionId));
        }
    }

    private static DecisionRecord Read(SqliteDataReader reader) => new()
    {
        DecisionId = SqliteValues.GetGuid(reader, 0),
        DecidedAt = SqliteValues.GetTimestamp(reader, 1),
        Subject = SubjectKey.Parse(reader.GetString(2)),
        Sender = SqliteValues.GetNullableString(reader, 3),
        Purpose = ConsentPurpose.Parse(reader.GetString(4)),
        Outcome = StorageNames<DecisionOutcome>.Parse(reader.GetString(5)),
        NotBefore = SqliteValues.GetNullableTimestamp(reader, 6),
        ViolationCodes = SqliteJson.ReadArray(reader.GetString(7)),
        ConsentRecordId = SqliteValues.GetNullableGuid(reader, 8),
        IdempotencyKey = SqliteValues.GetNullableString(reader, 9),
        CampaignId = SqliteValues.GetNullableString(reader, 10),
        MessageKind = SqliteValues.GetNullableString(reader, 11),
        TemplateName = SqliteValues.GetNullableString(reader, 12),
    };
}
