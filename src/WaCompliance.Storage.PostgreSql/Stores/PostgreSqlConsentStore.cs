using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;
using WaCompliance.Consent;
using WaCompliance.Identities;
using WaCompliance.Privacy;
using WaCompliance.Storage.PostgreSql.Internal;

namespace WaCompliance.Storage.PostgreSql.Stores;

/// <summary>
/// The consent ledger in PostgreSQL: chained records in <c>consent_records</c>, personal data beside them in
/// <c>consent_personal_data</c> (deleted by erasure, nothing else is ever updated or deleted: triggers refuse it).
/// </summary>
/// <remarks>
/// Appends from every instance are serialized by a transaction-level advisory lock, and the sequence is the primary
/// key: a record can only be appended as head + 1, so the chain has one order, from 1 without gaps, whatever the
/// number of instances. Each instance remembers the head it last wrote; an append then costs one round trip (lock,
/// insert records, insert personal data, in one implicit transaction). When another instance appended meanwhile, the
/// insert hits the primary key, nothing is written, and the append is redone after reading the head under the lock.
/// Lookups key people by their subject key, so they work the same before and after erasure.
/// </remarks>
internal sealed class PostgreSqlConsentStore : IConsentStore
{
    private const int PageSize = 2_000;
    private const int SubjectChunk = 1_000;

    private const string Columns = """
        r.sequence, r.record_id, r.subject, r.purpose, r.action, r.method, r.consent_type, r.lawful_basis, r.captured_at,
        r.recorded_at, r.source, r.business_name, r.jurisdiction, r.language, r.expires_at, r.event_id, r.wording,
        r.wording_version, r.collection_point, r.personal_data_digest, r.previous_hash, r.hash,
        p.record_id IS NOT NULL, p.number, p.ip_address, p.user_agent, p.message_id, p.raw_input, p.salt
        """;

    private readonly PostgreSqlStorage _storage;
    private readonly ISubjectKeyProvider _keys;
    private readonly SemaphoreSlim _appendGate = new(1, 1);
    private readonly long _lockKey;
    private readonly string _selectFrom;
    private readonly string _insertRecords;
    private readonly string _insertPersonalData;
    private readonly string _selectHead;
    private LedgerCheckpoint? _knownHead;

    public PostgreSqlConsentStore(PostgreSqlStorage storage, ISubjectKeyProvider keys)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(keys);
        _storage = storage;
        _keys = keys;
        _lockKey = storage.LockKey("ledger");
        var records = storage.Table("consent_records");
        var personal = storage.Table("consent_personal_data");
        _selectFrom = $"SELECT {Columns} FROM {records} r LEFT JOIN {personal} p ON p.record_id = r.record_id";
        _insertRecords = $"""
            INSERT INTO {records} (sequence, record_id, subject, purpose, action, method, consent_type, lawful_basis,
                captured_at, recorded_at, source, business_name, jurisdiction, language, expires_at, event_id, wording,
                wording_version, collection_point, personal_data_digest, previous_hash, hash)
            SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                $9::timestamptz[], $10::timestamptz[], $11::text[], $12::text[], $13::text[], $14::text[], $15::timestamptz[],
                $16::text[], $17::text[], $18::text[], $19::text[], $20::text[], $21::text[], $22::text[])
            """;
        _insertPersonalData = $"""
            INSERT INTO {personal} (record_id, number, ip_address, user_agent, message_id, raw_input, salt)
            SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
            """;
        _selectHead = $"SELECT sequence, hash FROM {records} ORDER BY sequence DESC LIMIT 1";
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ConsentRecord>> AppendAsync(IReadOnlyList<PendingConsentRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        cancellationToken.ThrowIfCancellationRequested();
        if (records.Count == 0)
        {
            return [];
        }

        await _storage.EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        await _appendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_knownHead is { } head)
            {
                var fast = await TryAppendAfterAsync(records, head, cancellationToken).ConfigureAwait(false);
                if (fast is not null)
                {
                    return fast;
                }
            }

            return await AppendUnderLockAsync(records, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _knownHead = null;
            throw;
        }
        finally
        {
            _appendGate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask<ConsentSnapshot> GetSnapshotAsync(WhatsAppIdentifier number, CancellationToken cancellationToken = default)
    {
        Arguments.NotDefault(number);
        var records = await ReadSubjectAsync(_keys.GetKey(number), cancellationToken).ConfigureAwait(false);
        return records.Count == 0 ? ConsentSnapshot.Empty : ConsentSnapshot.Fold(records);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<WhatsAppIdentifier, ConsentSnapshot>> GetSnapshotsAsync(
        IReadOnlyCollection<WhatsAppIdentifier> numbers,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        var result = new Dictionary<WhatsAppIdentifier, ConsentSnapshot>(numbers.Count);
        if (numbers.Count == 0)
        {
            return result;
        }

        var numbersBySubject = new Dictionary<string, WhatsAppIdentifier>(numbers.Count, StringComparer.Ordinal);
        foreach (var number in numbers)
        {
            Arguments.NotDefault(number);
            numbersBySubject.TryAdd(_keys.GetKey(number).Value, number);
            result[number] = ConsentSnapshot.Empty;
        }

        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        foreach (var chunk in Db.Chunks(numbersBySubject.Keys, SubjectChunk))
        {
            var command = _storage.Command(connection, $"{_selectFrom} WHERE r.subject = ANY($1) ORDER BY r.subject, r.sequence");
            await using var commandScope = command.ConfigureAwait(false);
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = chunk, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            var current = new List<ConsentRecord>();
            string? currentSubject = null;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var record = ReadRecord(reader);
                var subject = record.Subject.Value;
                if (currentSubject is not null && !string.Equals(subject, currentSubject, StringComparison.Ordinal))
                {
                    result[numbersBySubject[currentSubject]] = ConsentSnapshot.Fold(current);
                    current = [];
                }

                currentSubject = subject;
                current.Add(record);
            }

            if (currentSubject is not null)
            {
                result[numbersBySubject[currentSubject]] = ConsentSnapshot.Fold(current);
            }
        }

        return result;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ConsentRecord> GetHistoryAsync(SubjectKey subject, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (subject.IsEmpty)
        {
            yield break;
        }

        foreach (var record in await ReadSubjectAsync(subject, cancellationToken).ConfigureAwait(false))
        {
            yield return record;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ConsentRecord> ReadAsync(long fromSequence = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Pages by sequence, each read on a pooled connection that is returned before the page is handed out, so a
        // slow reader (verification of millions of records) holds no connection and no snapshot.
        var next = fromSequence;
        while (true)
        {
            var page = new List<ConsentRecord>(PageSize);
            var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var command = _storage.Command(connection, $"{_selectFrom} WHERE r.sequence >= $1 ORDER BY r.sequence LIMIT {PageSize}");
                await using var commandScope = command.ConfigureAwait(false);
                command.Parameters.Add(Db.Value(next));
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using var readerScope = reader.ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    page.Add(ReadRecord(reader));
                }
            }

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
    public async ValueTask<LedgerCheckpoint> GetHeadAsync(CancellationToken cancellationToken = default)
    {
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = _storage.Command(connection, _selectHead);
        await using var commandScope = command.ConfigureAwait(false);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new LedgerCheckpoint(reader.GetInt64(0), reader.GetString(1))
            : LedgerCheckpoint.Empty;
    }

    /// <inheritdoc />
    public async ValueTask<int> ErasePersonalDataAsync(SubjectKey subject, CancellationToken cancellationToken = default)
    {
        if (subject.IsEmpty)
        {
            return 0;
        }

        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = _storage.Command(connection, $"""
            DELETE FROM {_storage.Table("consent_personal_data")} p USING {_storage.Table("consent_records")} r
            WHERE p.record_id = r.record_id AND r.subject = $1
            """);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(Db.Value(subject.Value));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Appends after the head this instance last wrote, in one round trip. Returns <see langword="null"/> (nothing
    /// written) when that head is stale or an event id is already stored.
    /// </summary>
    private async ValueTask<IReadOnlyList<ConsentRecord>?> TryAppendAfterAsync(
        IReadOnlyList<PendingConsentRecord> records,
        LedgerCheckpoint head,
        CancellationToken cancellationToken)
    {
        var (result, sealedRecords, newHead) = Seal(records, head, existing: null);
        if (sealedRecords.Count == 0)
        {
            return result;
        }

        var connection = await _storage.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var batch = _storage.Batch(connection);
        await using var batchScope = batch.ConfigureAwait(false);
        AddLock(batch);
        AddInserts(batch, sealedRecords);
        try
        {
            // No explicit transaction: the commands of one batch run in one implicit transaction.
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == Db.UniqueViolation)
        {
            _knownHead = null;
            return null;
        }

        _knownHead = newHead;
        return result;
    }

    /// <summary>Reads the head and the stored events of the batch under the lock, then appends.</summary>
    private async ValueTask<IReadOnlyList<ConsentRecord>> AppendUnderLockAsync(IReadOnlyList<PendingConsentRecord> records, CancellationToken cancellationToken)
    {
        var connection = await _storage.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);

        var eventIds = records.Select(r => r.Draft.EventId).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        LedgerCheckpoint head;
        Dictionary<string, ConsentRecord>? existing = null;
        var batch = _storage.Batch(connection, transaction);
        await using (batch.ConfigureAwait(false))
        {
            AddLock(batch);
            batch.BatchCommands.Add(_storage.BatchCommand(_selectHead));
            if (eventIds.Length > 0)
            {
                var byEvent = _storage.BatchCommand($"{_selectFrom} WHERE r.event_id = ANY($1)");
                byEvent.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = eventIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
                batch.BatchCommands.Add(byEvent);
            }

            var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            head = await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new LedgerCheckpoint(reader.GetInt64(0), reader.GetString(1))
                : LedgerCheckpoint.Empty;
            if (eventIds.Length > 0)
            {
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                existing = new Dictionary<string, ConsentRecord>(StringComparer.Ordinal);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var record = ReadRecord(reader);
                    existing[record.EventId!] = record;
                }
            }
        }

        var (result, sealedRecords, newHead) = Seal(records, head, existing);
        if (sealedRecords.Count > 0)
        {
            var insert = _storage.Batch(connection, transaction);
            await using var insertScope = insert.ConfigureAwait(false);
            AddInserts(insert, sealedRecords);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _knownHead = newHead;
        return result;
    }

    /// <summary>Seals the new records after a head; events already stored (or earlier in the batch) reuse their record.</summary>
    private static (ConsentRecord[] Result, List<ConsentRecord> Sealed, LedgerCheckpoint Head) Seal(
        IReadOnlyList<PendingConsentRecord> records,
        LedgerCheckpoint head,
        Dictionary<string, ConsentRecord>? existing)
    {
        var result = new ConsentRecord[records.Count];
        var sealedRecords = new List<ConsentRecord>(records.Count);
        Dictionary<string, ConsentRecord>? inBatch = null;
        var sequence = head.Sequence;
        var previous = head.Sequence == 0 ? ConsentChain.GenesisHash : head.Hash;
        for (var i = 0; i < records.Count; i++)
        {
            var draft = records[i].Draft;
            if (draft.EventId is { } eventId)
            {
                if (existing is not null && existing.TryGetValue(eventId, out var stored))
                {
                    result[i] = stored;
                    continue;
                }

                if (inBatch is not null && inBatch.TryGetValue(eventId, out var earlier))
                {
                    result[i] = earlier;
                    continue;
                }
            }

            var record = ConsentChain.Seal(draft, ++sequence, previous);
            previous = record.Hash;
            sealedRecords.Add(record);
            result[i] = record;
            if (record.EventId is { } id)
            {
                (inBatch ??= new Dictionary<string, ConsentRecord>(StringComparer.Ordinal))[id] = record;
            }
        }

        return (result, sealedRecords, new LedgerCheckpoint(sequence, previous));
    }

    private void AddLock(NpgsqlBatch batch)
    {
        var command = _storage.BatchCommand("SELECT pg_advisory_xact_lock($1)");
        command.Parameters.Add(Db.Value(_lockKey));
        batch.BatchCommands.Add(command);
    }

    private void AddInserts(NpgsqlBatch batch, List<ConsentRecord> records)
    {
        var n = records.Count;
        var sequence = new long[n];
        var recordId = new Guid[n];
        var subject = new string?[n];
        var purpose = new string[n];
        var action = new string[n];
        var method = new string[n];
        var consentType = new string[n];
        var lawfulBasis = new string[n];
        var capturedAt = new DateTimeOffset[n];
        var recordedAt = new DateTimeOffset[n];
        var source = new string?[n];
        var businessName = new string?[n];
        var jurisdiction = new string?[n];
        var language = new string?[n];
        var expiresAt = new DateTimeOffset?[n];
        var eventId = new string?[n];
        var wording = new string?[n];
        var wordingVersion = new string?[n];
        var collectionPoint = new string?[n];
        var digest = new string[n];
        var previousHash = new string[n];
        var hash = new string[n];
        var personal = 0;
        for (var i = 0; i < n; i++)
        {
            var r = records[i];
            sequence[i] = r.Sequence;
            recordId[i] = r.RecordId;
            subject[i] = r.Subject.IsEmpty ? null : r.Subject.Value;
            purpose[i] = r.Purpose.Value;
            action[i] = ConsentNames.Of(r.Action);
            method[i] = ConsentNames.Of(r.Method);
            consentType[i] = ConsentNames.Of(r.ConsentType);
            lawfulBasis[i] = ConsentNames.Of(r.LawfulBasis);
            capturedAt[i] = Db.Utc(r.CapturedAt);
            recordedAt[i] = Db.Utc(r.RecordedAt);
            source[i] = r.Source;
            businessName[i] = r.BusinessName;
            jurisdiction[i] = r.Jurisdiction;
            language[i] = r.Language;
            expiresAt[i] = r.ExpiresAt is { } e ? Db.Utc(e) : null;
            eventId[i] = r.EventId;
            wording[i] = r.Wording;
            wordingVersion[i] = r.WordingVersion;
            collectionPoint[i] = r.CollectionPoint;
            digest[i] = r.PersonalDataDigest;
            previousHash[i] = r.PreviousHash;
            hash[i] = r.Hash;
            if (r.PersonalData is not null)
            {
                personal++;
            }
        }

        var insert = _storage.BatchCommand(_insertRecords);
        insert.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = sequence });
        insert.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = recordId });
        AddTexts(insert, subject, purpose, action, method, consentType, lawfulBasis);
        insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = capturedAt, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = recordedAt, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        AddTexts(insert, source, businessName, jurisdiction, language);
        insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset?[]> { TypedValue = expiresAt, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        AddTexts(insert, eventId, wording, wordingVersion, collectionPoint, digest, previousHash, hash);
        batch.BatchCommands.Add(insert);

        if (personal == 0)
        {
            return;
        }

        var pdRecordId = new Guid[personal];
        var number = new string[personal];
        var ip = new string?[personal];
        var userAgent = new string?[personal];
        var messageId = new string?[personal];
        var rawInput = new string?[personal];
        var salt = new string[personal];
        var j = 0;
        foreach (var r in records)
        {
            if (r.PersonalData is not { } data)
            {
                continue;
            }

            pdRecordId[j] = r.RecordId;
            number[j] = data.Identifier;
            ip[j] = data.IpAddress;
            userAgent[j] = data.UserAgent;
            messageId[j] = data.MessageId;
            rawInput[j] = data.RawInput;
            salt[j] = data.Salt;
            j++;
        }

        var insertPersonal = _storage.BatchCommand(_insertPersonalData);
        insertPersonal.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = pdRecordId });
        AddTexts(insertPersonal, number, ip, userAgent, messageId, rawInput, salt);
        batch.BatchCommands.Add(insertPersonal);
    }

    private static void AddTexts(NpgsqlBatchCommand command, params string?[][] columns)
    {
        foreach (var column in columns)
        {
            command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = column, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        }
    }

    private async ValueTask<List<ConsentRecord>> ReadSubjectAsync(SubjectKey subject, CancellationToken cancellationToken)
    {
        var records = new List<ConsentRecord>();
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = _storage.Command(connection, $"{_selectFrom} WHERE r.subject = $1 ORDER BY r.sequence");
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(Db.Value(subject.Value));
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(ReadRecord(reader));
        }

        return records;
    }

    private static ConsentRecord ReadRecord(NpgsqlDataReader reader) => new()
    {
        Sequence = reader.GetInt64(0),
        RecordId = reader.GetGuid(1),
        Subject = reader.IsDBNull(2) ? default : SubjectKey.Parse(reader.GetString(2)),
        Purpose = ConsentPurpose.Parse(reader.GetString(3)),
        Action = ConsentNames.ParseAction(reader.GetString(4)),
        Method = ConsentNames.ParseMethod(reader.GetString(5)),
        ConsentType = ConsentNames.ParseConsentType(reader.GetString(6)),
        LawfulBasis = ConsentNames.ParseLawfulBasis(reader.GetString(7)),
        CapturedAt = reader.Timestamp(8),
        RecordedAt = reader.Timestamp(9),
        Source = reader.NullableString(10),
        BusinessName = reader.NullableString(11),
        Jurisdiction = reader.NullableString(12),
        Language = reader.NullableString(13),
        ExpiresAt = reader.NullableTimestamp(14),
        EventId = reader.NullableString(15),
        Wording = reader.NullableString(16),
        WordingVersion = reader.NullableString(17),
        CollectionPoint = reader.NullableString(18),
        PersonalDataDigest = reader.GetString(19),
        PreviousHash = reader.GetString(20),
        Hash = reader.GetString(21),
        PersonalData = reader.GetBoolean(22)
            ? new ConsentPersonalData
            {
                Identifier = reader.GetString(23),
                IpAddress = reader.NullableString(24),
                UserAgent = reader.NullableString(25),
                MessageId = reader.NullableString(26),
                RawInput = reader.NullableString(27),
                Salt = reader.GetString(28),
            }
            : null,
    };
}
