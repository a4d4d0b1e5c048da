using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using WaCompliance.Consent;
using WaCompliance.Identities;
using WaCompliance.Privacy;
using WaCompliance.Storage.Sqlite.Internal;

namespace WaCompliance.Storage.Sqlite;

/// <summary>
/// The consent ledger in SQLite: <c>consent_records</c> holds the hash chain in sequence order (the rowid), and
/// <c>consent_personal_data</c> the personal data beside it, which erasure deletes.
/// </summary>
/// <remarks>
/// An append reads the head and inserts after it inside one <c>BEGIN IMMEDIATE</c> transaction, so appends from any
/// number of processes form one gapless chain, and a batch is stored whole or not at all. Event ids are unique by
/// index. Reads fold a subject's records with <see cref="ConsentSnapshot.Fold"/> on every call (no cache), so an
/// opt-out recorded by one process is seen by the next read of any other. Triggers refuse UPDATE and DELETE on the
/// ledger; changes made around them are what <see cref="ConsentLedger.VerifyAsync"/> detects.
/// </remarks>
public sealed class SqliteConsentStore : IConsentStore
{
    private const int PageSize = 1000;
    private const int ChunkSize = 500;

    private const string SelectRecord = """
        SELECT r.sequence, r.record_id, r.subject, r.purpose, r.action, r.method, r.consent_type, r.lawful_basis,
               r.captured_at, r.recorded_at, r.source, r.business_name, r.jurisdiction, r.language, r.expires_at,
               r.event_id, r.wording, r.wording_version, r.collection_point, r.personal_data_digest, r.previous_hash, r.hash,
               p.number, p.ip_address, p.user_agent, p.message_id, p.raw_input, p.salt
        FROM consent_records r LEFT JOIN consent_personal_data p ON p.sequence = r.sequence
        """;

    private readonly SqliteComplianceDatabase _database;
    private readonly ISubjectKeyProvider _keys;

    /// <summary>Creates the store.</summary>
    /// <param name="database">The database.</param>
    /// <param name="keys">Computes subject keys for lookups by identifier.</param>
    public SqliteConsentStore(SqliteComplianceDatabase database, ISubjectKeyProvider keys)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(keys);
        _database = database;
        _keys = keys;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ConsentRecord>> AppendAsync(IReadOnlyList<PendingConsentRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return [];
        }

        return await _database.WriteAsync(records, static (connection, transaction, pending) => Append(connection, transaction, pending), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<ConsentSnapshot> GetSnapshotAsync(WhatsAppIdentifier number, CancellationToken cancellationToken = default)
    {
        if (number.IsEmpty)
        {
            throw new ArgumentException("The identifier is empty (default).", nameof(number));
        }

        return _database.ReadAsync(_keys.GetKey(number).Value, static (connection, subject) =>
        {
            using var commandLease = SqliteStatements.Command(connection, null, SelectRecord + " WHERE r.subject = @subject ORDER BY r.sequence;");
            var command = commandLease.Command;
            SqliteValues.Add(command, "@subject", subject);
            return ConsentSnapshot.Fold(ReadAll(command));
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<WhatsAppIdentifier, ConsentSnapshot>> GetSnapshotsAsync(
        IReadOnlyCollection<WhatsAppIdentifier> numbers,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        var result = new Dictionary<WhatsAppIdentifier, ConsentSnapshot>(numbers.Count);
        foreach (var chunk in SqliteJson.Chunks(numbers, ChunkSize))
        {
            var bySubject = new Dictionary<string, List<WhatsAppIdentifier>>(chunk.Length, StringComparer.Ordinal);
            foreach (var number in chunk)
            {
                if (number.IsEmpty)
                {
                    throw new ArgumentException("An identifier is empty (default).", nameof(numbers));
                }

                var key = _keys.GetKey(number).Value;
                if (!bySubject.TryGetValue(key, out var list))
                {
                    bySubject[key] = list = new List<WhatsAppIdentifier>(1);
                }

                list.Add(number);
            }

            var records = await _database.ReadAsync(SqliteJson.Array(bySubject.Keys), static (connection, keys) =>
            {
                using var commandLease = SqliteStatements.Command(connection, null, SelectRecord + " WHERE r.subject IN (SELECT value FROM json_each(@keys)) ORDER BY r.subject, r.sequence;");
                var command = commandLease.Command;
                SqliteValues.Add(command, "@keys", keys);
                return ReadAll(command);
            }, cancellationToken).ConfigureAwait(false);

            foreach (var group in records.GroupBy(r => r.Subject.Value, StringComparer.Ordinal))
            {
                var snapshot = ConsentSnapshot.Fold(group);
                foreach (var number in bySubject[group.Key])
                {
                    result[number] = snapshot;
                }
            }

            foreach (var number in chunk)
            {
                result.TryAdd(number, ConsentSnapshot.Empty);
            }
        }

        return result;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ConsentRecord> GetHistoryAsync(SubjectKey subject, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (subject.IsEmpty)
        {
            throw new ArgumentException("The subject key is empty (default).", nameof(subject));
        }

        var records = await _database.ReadAsync(subject.Value, static (connection, key) =>
        {
            using var commandLease = SqliteStatements.Command(connection, null, SelectRecord + " WHERE r.subject = @subject ORDER BY r.sequence;");
            var command = commandLease.Command;
            SqliteValues.Add(command, "@subject", key);
            return ReadAll(command);
        }, cancellationToken).ConfigureAwait(false);

        foreach (var record in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return record;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ConsentRecord> ReadAsync(long fromSequence = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var next = Math.Max(1, fromSequence);
        while (true)
        {
            var page = await _database.ReadAsync(next, static (connection, from) =>
            {
                using var commandLease = SqliteStatements.Command(connection, null, SelectRecord + " WHERE r.sequence >= @from ORDER BY r.sequence LIMIT @limit;");
                var command = commandLease.Command;
                SqliteValues.Add(command, "@from", from);
                SqliteValues.Add(command, "@limit", PageSize);
                return ReadAll(command);
            }, cancellationToken).ConfigureAwait(false);

            foreach (var record in page)
            {
                yield return record;
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            next = page[^1].Sequence + 1;
        }
    }

    /// <inheritdoc />
    public ValueTask<LedgerCheckpoint> GetHeadAsync(CancellationToken cancellationToken = default) =>
        _database.ReadAsync(0, static (connection, _) => ReadHead(connection, null), cancellationToken);

    /// <inheritdoc />
    public ValueTask<int> ErasePersonalDataAsync(SubjectKey subject, CancellationToken cancellationToken = default)
    {
        if (subject.IsEmpty)
        {
            throw new ArgumentException("The subject key is empty (default).", nameof(subject));
        }

        return _database.WriteAsync(subject.Value, static (connection, transaction, key) =>
        {
            using var commandLease = SqliteStatements.Command(connection, transaction, """
                DELETE FROM consent_personal_data
                WHERE sequence IN (SELECT sequence FROM consent_records WHERE subject = @subject);
                """);
            var command = commandLease.Command;
            SqliteValues.Add(command, "@subject", key);
            return command.ExecuteNonQuery();
        }, cancellationToken, SqliteWrite.Erasure);
    }

    private static List<ConsentRecord> Append(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<PendingConsentRecord> pending)
    {
        var head = ReadHead(connection, transaction);
        var sequence = head.Sequence;
        var previousHash = head.Hash;
        var result = new List<ConsentRecord>(pending.Count);

        using var insert = new SqliteRawStatement(connection, """
            INSERT INTO consent_records (
                sequence, record_id, subject, purpose, action, method, consent_type, lawful_basis, captured_at, recorded_at,
                source, business_name, jurisdiction, language, expires_at, event_id, wording, wording_version,
                collection_point, personal_data_digest, previous_hash, hash)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22);
            """);
        using var insertPersonal = new SqliteRawStatement(connection, """
            INSERT INTO consent_personal_data (sequence, number, ip_address, user_agent, message_id, raw_input, salt)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7);
            """);

        SqliteCommand? findEvent = null;
        try
        {
            foreach (var item in pending)
            {
                ArgumentNullException.ThrowIfNull(item);
                if (item.Draft.EventId is { } eventId)
                {
                    if (findEvent is null)
                    {
                        findEvent = connection.CreateCommand();
                        findEvent.Transaction = transaction;
                        findEvent.CommandText = SelectRecord + " WHERE r.event_id = @event_id;";
                        SqliteValues.Add(findEvent, "@event_id", SqliteType.Text);
                    }

                    findEvent.Parameters[0].Value = eventId;
                    var existing = ReadAll(findEvent);
                    if (existing.Count > 0)
                    {
                        result.Add(existing[0]);
                        continue;
                    }
                }

                var record = ConsentChain.Seal(item.Draft, ++sequence, previousHash);
                BindRecord(insert, record);
                insert.Execute();
                if (record.PersonalData is { } personal)
                {
                    insertPersonal.Bind(1, record.Sequence);
                    insertPersonal.Bind(2, personal.Identifier);
                    insertPersonal.Bind(3, personal.IpAddress);
                    insertPersonal.Bind(4, personal.UserAgent);
                    insertPersonal.Bind(5, personal.MessageId);
                    insertPersonal.Bind(6, personal.RawInput);
                    insertPersonal.Bind(7, personal.Salt);
                    insertPersonal.Execute();
                }

                previousHash = record.Hash;
                result.Add(record);
            }
        }
        finally
        {
            findEvent?.Dispose();
        }

        return result;
    }

    private static LedgerCheckpoint ReadHead(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var commandLease = SqliteStatements.Command(connection, transaction, "SELECT sequence, hash FROM consent_records ORDER BY sequence DESC LIMIT 1;");
        var command = commandLease.Command;
        using var reader = command.ExecuteReader();
        return reader.Read() ? new LedgerCheckpoint(reader.GetInt64(0), reader.GetString(1)) : LedgerCheckpoint.Empty;
    }

    private static List<ConsentRecord> ReadAll(SqliteCommand command)
    {
        var records = new List<ConsentRecord>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            records.Add(ReadRecord(reader));
        }

        return records;
    }

    private static ConsentRecord ReadRecord(SqliteDataReader reader)
    {
        var sequence = reader.GetInt64(0);
        try
        {
            var subject = reader.GetString(2);
            var key = SubjectKey.Parse(subject);
            if (!string.Equals(key.Value, subject, StringComparison.Ordinal))
            {
                // Lookups match the stored text exactly: a key rewritten in another form would hide the record from them.
                throw new InvalidDataException("its subject key is not in the canonical lower-case form the store writes");
            }

            return new ConsentRecord
            {
                Sequence = sequence,
                RecordId = SqliteValues.GetGuid(reader, 1),
                Subject = key,
                Purpose = ConsentPurpose.Parse(reader.GetString(3)),
                Action = ConsentNames.ParseAction(reader.GetString(4)),
                Method = ConsentNames.ParseMethod(reader.GetString(5)),
                ConsentType = ConsentNames.ParseConsentType(reader.GetString(6)),
                LawfulBasis = ConsentNames.ParseLawfulBasis(reader.GetString(7)),
                CapturedAt = SqliteValues.GetTimestamp(reader, 8),
                RecordedAt = SqliteValues.GetTimestamp(reader, 9),
                Source = SqliteValues.GetNullableString(reader, 10),
                BusinessName = SqliteValues.GetNullableString(reader, 11),
                Jurisdiction = SqliteValues.GetNullableString(reader, 12),
                Language = SqliteValues.GetNullableString(reader, 13),
                ExpiresAt = SqliteValues.GetNullableTimestamp(reader, 14),
                EventId = SqliteValues.GetNullableString(reader, 15),
                Wording = SqliteValues.GetNullableString(reader, 16),
                WordingVersion = SqliteValues.GetNullableString(reader, 17),
                CollectionPoint = SqliteValues.GetNullableString(reader, 18),
                PersonalDataDigest = reader.GetString(19),
                PreviousHash = reader.GetString(20),
                Hash = reader.GetString(21),
                PersonalData = reader.IsDBNull(22)
                    ? null
                    : new ConsentPersonalData
                    {
                        Identifier = reader.GetString(22),
                        IpAddress = SqliteValues.GetNullableString(reader, 23),
                        UserAgent = SqliteValues.GetNullableString(reader, 24),
                        MessageId = SqliteValues.GetNullableString(reader, 25),
                        RawInput = SqliteValues.GetNullableString(reader, 26),
                        Salt = reader.GetString(27),
                    },
            };
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidDataException or InvalidCastException)
        {
            throw new InvalidDataException(
                $"Consent record {sequence} cannot be read ({e.Message}): the ledger was altered outside the store, or written by a newer version.", e);
        }
    }

    private static void BindRecord(SqliteRawStatement insert, ConsentRecord r)
    {
        insert.Bind(1, r.Sequence);
        insert.Bind(2, r.RecordId);
        insert.Bind(3, r.Subject.Value);
        insert.Bind(4, r.Purpose.Value);
        insert.Bind(5, ConsentNames.Of(r.Action));
        insert.Bind(6, ConsentNames.Of(r.Method));
        insert.Bind(7, ConsentNames.Of(r.ConsentType));
        insert.Bind(8, ConsentNames.Of(r.LawfulBasis));
        insert.Bind(9, r.CapturedAt);
        insert.Bind(10, r.RecordedAt);
        insert.Bind(11, r.Source);
        insert.Bind(12, r.BusinessName);
        insert.Bind(13, r.Jurisdiction);
        insert.Bind(14, r.Language);
        insert.Bind(15, r.ExpiresAt);
        insert.Bind(16, r.EventId);
        insert.Bind(17, r.Wording);
        insert.Bind(18, r.WordingVersion);
        insert.Bind(19, r.CollectionPoint);
        insert.Bind(20, r.PersonalDataDigest);
        insert.Bind(21, r.PreviousHash);
        insert.Bind(22, r.Hash);
    }
}
