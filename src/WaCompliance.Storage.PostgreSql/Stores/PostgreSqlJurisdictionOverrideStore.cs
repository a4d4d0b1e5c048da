using Npgsql;
using NpgsqlTypes;
using WaCompliance.Identities;
using WaCompliance.Jurisdictions;
using WaCompliance.Storage.PostgreSql.Internal;

namespace WaCompliance.Storage.PostgreSql.Stores;

/// <summary>Jurisdiction overrides in PostgreSQL (<c>jurisdiction_overrides</c>), keyed by the person's identifier in its stored form (the E.164 number or the business-scoped user ID).</summary>
internal sealed class PostgreSqlJurisdictionOverrideStore : IJurisdictionOverrideStore
{
    private const int NumberChunk = 1_000;

    private readonly PostgreSqlStorage _storage;
    private readonly string _table;

    public PostgreSqlJurisdictionOverrideStore(PostgreSqlStorage storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _storage = storage;
        _table = storage.Table("jurisdiction_overrides");
    }

    /// <inheritdoc />
    public async ValueTask<JurisdictionOverride?> GetAsync(WhatsAppIdentifier number, CancellationToken cancellationToken = default)
    {
        Arguments.NotDefault(number);
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = _storage.Command(connection, $"SELECT number, region_code, subdivision, time_zone_ids FROM {_table} WHERE number = $1");
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(Db.Value(number.Value));
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<WhatsAppIdentifier, JurisdictionOverride>> GetManyAsync(IReadOnlyCollection<WhatsAppIdentifier> numbers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        var result = new Dictionary<WhatsAppIdentifier, JurisdictionOverride>();
        if (numbers.Count == 0)
        {
            return result;
        }

        var byValue = new Dictionary<string, WhatsAppIdentifier>(numbers.Count, StringComparer.Ordinal);
        foreach (var number in numbers)
        {
            Arguments.NotDefault(number);
            byValue.TryAdd(number.Value, number);
        }

        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        foreach (var chunk in Db.Chunks(byValue.Keys, NumberChunk))
        {
            var command = _storage.Command(connection, $"SELECT number, region_code, subdivision, time_zone_ids FROM {_table} WHERE number = ANY($1)");
            await using var commandScope = command.ConfigureAwait(false);
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = chunk, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result[byValue[reader.GetString(0)]] = Read(reader);
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
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = _storage.Command(connection, $"""
            INSERT INTO {_table} (number, region_code, subdivision, time_zone_ids) VALUES ($1, $2, $3, $4)
            ON CONFLICT (number) DO UPDATE SET region_code = excluded.region_code, subdivision = excluded.subdivision,
                time_zone_ids = excluded.time_zone_ids
            """);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(Db.Value(number.Value));
        command.Parameters.Add(Db.Text(normalized.RegionCode));
        command.Parameters.Add(Db.Text(normalized.Subdivision));
        command.Parameters.Add(normalized.TimeZoneIds is { } zones
            ? Db.TextArray([.. zones])
            : new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return normalized;
    }

    /// <inheritdoc />
    public async ValueTask<bool> RemoveAsync(WhatsAppIdentifier number, CancellationToken cancellationToken = default)
    {
        Arguments.NotDefault(number);
        var connection = await _storage.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = _storage.Command(connection, $"DELETE FROM {_table} WHERE number = $1");
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(Db.Value(number.Value));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    private static JurisdictionOverride Read(NpgsqlDataReader reader) => new()
    {
        RegionCode = reader.NullableString(1),
        Subdivision = reader.NullableString(2),
        TimeZoneIds = reader.IsDBNull(3) ? null : reader.GetFieldValue<string[]>(3),
    };
}
