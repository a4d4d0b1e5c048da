using Microsoft.Extensions.Logging;

namespace WaCompliance.Storage.Sqlite.Internal;

/// <summary>Every log line of the SQLite package: versions, names and counts only; never a connection string or number.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information,
        Message = "SQLite compliance schema migrated to version {Version}: {Name}")]
    public static partial void MigrationApplied(ILogger logger, int version, string name);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug,
        Message = "SQLite compliance schema is at version {Version}, up to date")]
    public static partial void SchemaUpToDate(ILogger logger, int version);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning,
        Message = "SQLite compliance schema is at version {Version}, newer than version {KnownVersion} that this package knows; it is used as it is")]
    public static partial void SchemaNewer(ILogger logger, int version, int knownVersion);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Debug,
        Message = "Message counters older than {Horizon} pruned: {Count} entries")]
    public static partial void CountersPruned(ILogger logger, DateTimeOffset horizon, int count);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning,
        Message = "SQLite WAL could not be truncated after an erasure (another connection was still reading an older snapshot); copies of the erased rows stay in the WAL file until a later checkpoint overwrites them")]
    public static partial void ErasureWalNotTruncated(ILogger logger);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Critical,
        Message = "SQLite compliance database file was deleted or replaced while open: {Problem}")]
    public static partial void DatabaseFileLost(ILogger logger, string problem);
}
