using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using WaCompliance.Decisions;
using WaCompliance.Privacy;
using WaCompliance.Storage.PostgreSql.Internal;

namespace WaCompliance.Storage.PostgreSql.Stores;

/// <summary>
/// The decision log in PostgreSQL (<c>decisions</c>): a chunk of decisions is one multi-row insert (arrays through
/// <c>unnest</c>), so it is stored whole or not at all; a decision id already stored is skipped.
/// </summary>
internal sealed class PostgreSqlDecisionLog : IDecisionLog
{
    private const string Columns = """
        decision_id, decided_at, subject, sender, purpose, outcome, not_before, violation_codes, consent_record_id,
        idempotency_key, campaign_id, message_kind, template_name
        """;

    private readonly PostgreSqlStorage _storage;
    private readonly string _table;

    public PostgreSqlDecisionLog(PostgreSqlStorage storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _storage = storage;
        _table = storage.Table("decisions");
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

        var n = normalized.Length;
        var ids = new Guid[n];
        var decidedAt = new DateTimeOffset[n];
        var subject = new string[n];
        var sender = new string?[n];
        var purpose = new string[n];
        var outcome = new string[n];
        var notBefore = new DateTimeOffset?[n];
        var violations = new string[n];
        var consent = new Guid?[n];
        var idempotencyKey = new string?[n];
        var campaign = new string?[n];
        var kind = new string?[n];
        var template = new string?[n];
        for (var i = 0; i < n; i++)
        {
            var r = normalized[i];
            ids[i] = r.DecisionId;
            decidedAt[i] = Db.Utc(r.DecidedAt);
            subject[i] = r.Subject.Value;
            sender[i] = r.Sender;
            purpose[i] = r.Purpose.Value;
            outcome[i] = StableNames.Outcome.Of(r.Outcome);
            notBefore[i] = r.NotBefore is { } nb ? Db.Utc(nb) : null;
            violations[i] = ArrayLiteral(r.ViolationCodes);
            consent[i] = r.ConsentRecordId;
            idempotencyKey[i] = r.IdempotencyKey;
            campaign[i] = r.CampaignId;
            kind[i] = r.MessageKind;
            template[i] = r.TemplateName;
        }

        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        // Violation codes travel as text array literals and are cast per row: unnest cannot take a ragged 2-D array.
        var command = _storage.Command(connection, $"""
            INSERT INTO {_table} ({Columns})
            SELECT id, decided, subj, snd, purp, outc, nb, viol::text[], cons, ikey, camp, kind, tmpl
            FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[],
                $8::text[], $9::uuid[], $10::text[], $11::text[], $12::text[], $13::text[])
                AS t(id, decided, subj, snd, purp, outc, nb, viol, cons, ikey, camp, kind, tmpl)
            ON CONFLICT (decision_id) DO NOTHING
            """);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = decidedAt, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(Db.TextArray(subject));
        command.Parameters.Add(Db.TextArray(sender));
        command.Parameters.Add(Db.TextArray(purpose));
        command.Parameters.Add(Db.TextArray(outcome));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?[]> { TypedValue = notBefore, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(Db.TextArray(violations));
        command.Parameters.Add(new NpgsqlParameter<Guid?[]> { TypedValue = consent, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        command.Parameters.Add(Db.TextArray(idempotencyKey));
        command.Parameters.Add(Db.TextArray(campaign));
        command.Parameters.Add(Db.TextArray(kind));
        command.Parameters.Add(Db.TextArray(template));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<DecisionRecord?> GetAsync(Guid decisionId, CancellationToken cancellationToken = default)
    {
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = _storage.Command(connection, $"SELECT {Columns} FROM {_table} WHERE decision_id = $1");
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(Db.Value(decisionId));
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<DecisionRecord> QueryAsync(DecisionQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit <= 0)
        {
            yield break;
        }

        var conditions = new List<string>();
        var parameters = new List<NpgsqlParameter>();
        void Where(string condition, NpgsqlParameter parameter)
        {
            parameters.Add(parameter);
            conditions.Add(condition.Replace("?", string.Create(CultureInfo.InvariantCulture, $"${parameters.Count}"), StringComparison.Ordinal));
        }

        if (query.Subject is { } s)
        {
            Where("subject = ?", Db.Value(s.Value));
        }

        if (query.From is { } from)
        {
            Where("decided_at >= ?", Db.Time(Db.Ceiling(from)));
        }

        if (query.To is { } to)
        {
            Where("decided_at < ?", Db.Time(Db.Ceiling(to)));
        }

        if (query.Outcome is { } outcome)
        {
            Where("outcome = ?", Db.Value(StableNames.Outcome.Of(outcome)));
        }

        if (query.CampaignId is { } campaign)
        {
            Where("campaign_id = ?", Db.Value(campaign));
        }

        var sql = new StringBuilder($"SELECT {Columns} FROM {_table}");
        if (conditions.Count > 0)
        {
            sql.Append(" WHERE ").AppendJoin(" AND ", conditions);
        }

        sql.Append(CultureInfo.InvariantCulture, $" ORDER BY decided_at, decision_id LIMIT {query.Limit}");

        var records = new List<DecisionRecord>();
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = _storage.Command(connection, sql.ToString());
            await using var commandScope = command.ConfigureAwait(false);
            command.Parameters.AddRange(parameters.ToArray());
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                records.Add(Read(reader));
            }
        }

        foreach (var record in records)
        {
            yield return record;
        }
    }

    /// <summary>A PostgreSQL array literal with every element quoted, so any text survives.</summary>
    private static string ArrayLiteral(IReadOnlyList<string> values)
    {
        var text = new StringBuilder("{");
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            text.Append('"').Append(values[i].Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
        }

        return text.Append('}').ToString();
    }

    private static DecisionRecord Read(NpgsqlDataReader reader) => new()
    {
        DecisionId = reader.GetGuid(0),
        DecidedAt = reader.Timestamp(1),
        Subject = SubjectKey.Parse(reader.GetString(2)),
        Sender = reader.NullableString(3),
        Purpose = ConsentPurpose.Parse(reader.GetString(4)),
        Outcome = StableNames.Outcome.Parse(reader.GetString(5)),
        NotBefore = reader.NullableTimestamp(6),
        ViolationCodes = reader.GetFieldValue<string[]>(7),
        ConsentRecordId = reader.NullableGuid(8),
        IdempotencyKey = reader.NullableString(9),
        CampaignId = reader.NullableString(10),
        MessageKind = reader.NullableString(11),
        TemplateName = reader.NullableString(12),
    };
}
