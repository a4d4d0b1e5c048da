using Microsoft.Data.Sqlite;

namespace WaCompliance.Storage.Sqlite.Internal;

/// <summary>How values are written to and read from SQLite columns, the same in every table.</summary>
/// <remarks>
/// Timestamps are INTEGER microseconds since the Unix epoch (UTC): lossless for the microsecond precision the shared
/// rules normalize to, and read back with offset zero. GUIDs are 16-byte BLOBs in big-endian (RFC 4122) byte order, so
/// <c>hex(column)</c> shows the canonical form and byte order sorts like <see cref="Guid.CompareTo(Guid)"/>.
/// </remarks>
internal static class SqliteValues
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMicrosecond;
    private static readonly long s_epochTicks = DateTimeOffset.UnixEpoch.UtcTicks;

    /// <summary>Microseconds since the epoch, rounded down (stored values are already whole microseconds).</summary>
    public static long ToMicros(DateTimeOffset value) => FloorDiv(value.UtcTicks - s_epochTicks, TicksPerMicrosecond);

    /// <summary>
    /// The smallest whole microsecond at or after an instant: a stored value <c>v</c> satisfies
    /// <c>v &gt;= instant</c> exactly when <c>v &gt;= CeilingMicros(instant)</c>, and <c>v &lt; instant</c> exactly when
    /// <c>v &lt; CeilingMicros(instant)</c>.
    /// </summary>
    public static long CeilingMicros(DateTimeOffset value) => -FloorDiv(s_epochTicks - value.UtcTicks, TicksPerMicrosecond);

    /// <summary>The instant of a stored microsecond count, in UTC.</summary>
    public static DateTimeOffset FromMicros(long micros) => new(s_epochTicks + (micros * TicksPerMicrosecond), TimeSpan.Zero);

    /// <summary>The 16 big-endian bytes of a GUID.</summary>
    public static byte[] ToBytes(Guid value)
    {
        var bytes = new byte[16];
        value.TryWriteBytes(bytes, bigEndian: true, out _);
        return bytes;
    }

    /// <summary>Reads a GUID stored by <see cref="ToBytes"/>.</summary>
    public static Guid GetGuid(SqliteDataReader reader, int ordinal)
    {
        var blob = reader.GetFieldValue<byte[]>(ordinal);
        if (blob.Length != 16)
        {
            throw new InvalidDataException($"Column '{reader.GetName(ordinal)}' does not hold a 16-byte identifier.");
        }

        return new Guid(blob, bigEndian: true);
    }

    /// <summary>Reads a nullable GUID.</summary>
    public static Guid? GetNullableGuid(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : GetGuid(reader, ordinal);

    /// <summary>Reads a nullable text column.</summary>
    public static string? GetNullableString(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>Reads a nullable timestamp column.</summary>
    public static DateTimeOffset? GetNullableTimestamp(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : FromMicros(reader.GetInt64(ordinal));

    /// <summary>Reads a timestamp column.</summary>
    public static DateTimeOffset GetTimestamp(SqliteDataReader reader, int ordinal) => FromMicros(reader.GetInt64(ordinal));

    /// <summary>A parameter value: the value or <see cref="DBNull"/>.</summary>
    public static object Db(string? value) => (object?)value ?? DBNull.Value;

    /// <summary>A parameter value: microseconds or <see cref="DBNull"/>.</summary>
    public static object Db(DateTimeOffset? value) => value is { } v ? ToMicros(v) : DBNull.Value;

    /// <summary>A parameter value: GUID bytes or <see cref="DBNull"/>.</summary>
    public static object Db(Guid? value) => value is { } v ? ToBytes(v) : DBNull.Value;

    /// <summary>Adds a parameter with a value.</summary>
    public static SqliteParameter Add(SqliteCommand command, string name, object value) =>
        command.Parameters.AddWithValue(name, value);

    /// <summary>Adds a parameter to be set on each execution of a reused command.</summary>
    public static SqliteParameter Add(SqliteCommand command, string name, SqliteType type) =>
        command.Parameters.Add(name, type);

    private static long FloorDiv(long value, long divisor)
    {
        var quotient = Math.DivRem(value, divisor, out var remainder);
        return remainder < 0 ? quotient - 1 : quotient;
    }
}
