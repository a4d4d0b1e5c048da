using System.Text.Json;
using WaCompliance.Identities;
using WaCompliance.Jurisdictions;
using WaCompliance.Privacy;
using WaCompliance.Storage.Sqlite.Internal;

namespace WaCompliance.Storage.Sqlite;

/// <summary>Jurisdiction overrides in SQLite (<c>jurisdiction_overrides</c>), keyed by the person's subject key.</summary>
public sealed class SqliteJurisdictionOverrideStore : IJurisdictionOverrideStore
{
    private const int ChunkSize = 500;

    private readonly SqliteComplianceDatabase _database;
    private readonly ISubjectKeyProvider _keys;

    /// <summary>Creates the store.</summary>
    /// <param name="database">The database.</param>
    /// <param name="keys">Computes subject keys.</param>
    public SqliteJurisdictionOverrideStore(SqliteComplianceDatabase database, ISubjectKeyProvider keys)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(keys);
        _database = database;
        _keys = keys;
    }

    /// <inheritdoc />
    public async ValueTask<JurisdictionOverride?> GetAsync(WhatsAppIdentifier number, CancellationToken cancellationToken = default)
    {
        Arguments.NotDefault(number);
        var found = await ReadAsync([_keys.GetKey(number).Value], cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0].Override;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<WhatsAppIdentifier, JurisdictionOverride>> GetManyAsync(
        IReadOnlyCollection<WhatsAppIdentifier> numbers,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        var result = new Dictionary<WhatsAppIdentifier, JurisdictionOverride>();
        foreach (var chunk in SqliteJson.Chunks(numbers, ChunkSize))
        {
            var bySubject = new Dictionary<string, WhatsAppIdentifier>(chunk.Length, StringComparer.Ordinal);
            foreach (var number in chunk)
            {
                Arguments.NotDefault(number, nameof(numbers));
                bySubject[_keys.GetKey(number).Value] = number;
            }

            foreach (var (subject, value) in await ReadAsync([.. bySubject.Keys], cancellationToken).ConfigureAwait(false))
            {
                result[bySubject[subject]] = value;
            }
        }

        return result;
    }

    /// <inheritdoc />
    public async ValueTask<JurisdictionOverride> SetAsync(WhatsAppIdentifier number, JurisdictionOverride jurisdictionOverride, CancellationToken cancellationToken = default)
    {
        Arguments.NotDefault(number);
        ArgumentNullException.ThrowIfNull(jurisdictionOverride);
        var normalized = jurisdictionOverride.Validate();
        await _database.WriteAsync((Subject: _keys.GetKey(number).Value, Value: normalized), static (connection, transaction, s) =>
        {
            using var commandLease = SqliteStatements.Command(connection, transaction, """
                INSERT INTO jurisdiction_overrides (subject, region_code, subdivision, time_zones_json)
                VALUES (@subject, @region_code, @subdivision, @time_zones)
                ON CONFLICT (subject) DO UPDATE SET
                    region_code = excluded.region_code, subdivision = excluded.subdivision, time_zones_json = excluded.time_zones_json;
                """);
            var command = commandLease.Command;
            SqliteValues.Add(command, "@subject", s.Subject);
            SqliteValues.Add(command, "@region_code", SqliteValues.Db(s.Value.RegionCode));
            SqliteValues.Add(command, "@subdivision", SqliteValues.Db(s.Value.Subdivision));
            SqliteValues.Add(command, "@time_zones", s.Value.TimeZoneIds is { } zones ? SqliteJson.Array(zones) : DBNull.Value);
            return command.ExecuteNonQuery();
        }, cancellationToken, SqliteWrite.Operational).ConfigureAwait(false);
        return normalized;
    }

    /// <inheritdoc />
    public ValueTask<bool> RemoveAsync(WhatsAppIdentifier number, CancellationToken cancellationToken = default)
    {
        Arguments.NotDefault(number);
        return _database.WriteAsync(_keys.GetKey(number).Value, static (connection, transaction, subject) =>
        {
            using var commandLease = SqliteStatements.Command(connection, transaction, "DELETE FROM jurisdiction_overrides WHERE subject = @subject;");
            var command = commandLease.Command;
            SqliteValues.Add(command, "@subject", subject);
            return command.ExecuteNonQuery() > 0;
        }, cancellationToken, SqliteWrite.Erasure);
    }

    private ValueTask<List<(string Subject, JurisdictionOverride Override)>> ReadAsync(string[] subjects, CancellationToken cancellationToken) =>
        _database.ReadAsync(SqliteJson.Array(subjects), static (connection, keys) =>
        {
            using var commandLease = SqliteStatements.Command(connection, null, """
                SELECT subject, region_code, subdivision, time_zones_json FROM jurisdiction_overrides
                WHERE subject IN (SELECT value FROM json_each(@keys));
                """);
            var command = commandLease.Command;
            SqliteValues.Add(command, "@keys", keys);
            var found = new List<(string, JurisdictionOverride)>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                try
                {
                    found.Add((reader.GetString(0), new JurisdictionOverride
                    {
                        RegionCode = SqliteValues.GetNullableString(reader, 1),
                        Subdivision = SqliteValues.GetNullableString(reader, 2),
                        TimeZoneIds = reader.IsDBNull(3) ? null : SqliteJson.ReadArray(reader.GetString(3)),
                    }));
                }
                catch (JsonException e)
                {
                    throw new InvalidDataException("A stored jurisdiction override has malformed time zones.", e);
                }
            }

            return found;
        }, cancellationToken);
}
