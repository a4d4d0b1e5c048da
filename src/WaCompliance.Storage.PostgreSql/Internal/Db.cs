using Npgsql;
using NpgsqlTypes;

namespace WaCompliance.Storage.PostgreSql.Internal;

/// <summary>Small helpers for parameters and values: timestamps are written in UTC, nulls as SQL NULL.</summary>
internal static class Db
{
    /// <summary>PostgreSQL's unique_violation.</summary>
    public const string UniqueViolation = "23505";

    /// <summary>The same instant with offset zero (Npgsql writes timestamptz only from UTC values).</summary>
    public static DateTimeOffset Utc(DateTimeOffset value) => new(value.UtcTicks, TimeSpan.Zero);

    /// <summary>
    /// The instant rounded up to a whole microsecond. Stored timestamps are whole microseconds, so <c>x &gt;= since</c>
    /// equals <c>x &gt;= Ceiling(since)</c>, and PostgreSQL (which rounds to the nearest microsecond) then compares exactly.
    /// </summary>
    public static DateTimeOffset Ceiling(DateTimeOffset value)
    {
        var ticks = value.UtcTicks;
        var remainder = ticks % TimeSpan.TicksPerMicrosecond;
        return new DateTimeOffset(remainder == 0 ? ticks : ticks + (TimeSpan.TicksPerMicrosecond - remainder), TimeSpan.Zero);
    }

    public static NpgsqlParameter<T> Value<T>(T value) => new() { TypedValue = value };

    public static NpgsqlParameter<DateTimeOffset> Time(DateTimeOffset value) => new() { TypedValue = Utc(value), NpgsqlDbType = NpgsqlDbType.TimestampTz };

    public static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    public static NpgsqlParameter Time(DateTimeOffset? value) => new()
    {
        Value = value is { } v ? Utc(v) : DBNull.Value,
        NpgsqlDbType = NpgsqlDbType.TimestampTz,
    };

    public static NpgsqlParameter Uuid(Guid? value) => new() { Value = value is { } v ? v : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid };

    public static NpgsqlParameter Integer(int? value) => new() { Value = value is { } v ? v : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer };

    public static NpgsqlParameter TextArray(string?[] values) => new() { Value = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    public static NpgsqlParameter Jsonb(string? json) => new() { Value = (object?)json ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb };

    public static string? NullableString(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static DateTimeOffset Timestamp(this NpgsqlDataReader reader, int ordinal) =>
        reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static DateTimeOffset? NullableTimestamp(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static Guid? NullableGuid(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetGuid(ordinal);

    public static int? NullableInt32(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    /// <summary>Splits a collection into chunks for batch reads (one round trip each).</summary>
    public static IEnumerable<T[]> Chunks<T>(IReadOnlyCollection<T> items, int size)
    {
        if (items.Count <= size)
        {
            if (items.Count > 0)
            {
                yield return items as T[] ?? [.. items];
            }

            yield break;
        }

        foreach (var chunk in items.Chunk(size))
        {
            yield return chunk;
        }
    }
}
