using System.Globalization;
using Microsoft.Data.Sqlite;

namespace WaCompliance.Storage.Sqlite.Internal;

/// <summary>Turns <see cref="SqliteStorageOptions"/> into the connection string every operation opens.</summary>
internal static class SqliteConnectionStrings
{
    /// <summary>Builds the connection string, or explains why it cannot be built.</summary>
    /// <param name="options">The options.</param>
    /// <param name="builder">The connection string builder when the options are usable.</param>
    /// <param name="error">Which setting is wrong and why; never the connection string itself (it may hold a password).</param>
    /// <returns>Whether the options are usable.</returns>
    public static bool TryBuild(SqliteStorageOptions options, out SqliteConnectionStringBuilder builder, out string? error)
    {
        builder = new SqliteConnectionStringBuilder();
        error = null;
        var hasConnectionString = !string.IsNullOrWhiteSpace(options.ConnectionString);
        var hasDataSource = !string.IsNullOrWhiteSpace(options.DataSource);
        if (hasConnectionString == hasDataSource)
        {
            error = hasConnectionString
                ? "ConnectionString and DataSource are both set; set one of them."
                : "ConnectionString or DataSource is required: the database file, e.g. 'Data Source=compliance.db'.";
            return false;
        }

        if (hasConnectionString)
        {
            var text = options.ConnectionString!.Trim();
            if (text.Contains('=', StringComparison.Ordinal))
            {
                try
                {
                    builder = new SqliteConnectionStringBuilder(text);
                }
                catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
                {
                    error = $"ConnectionString is not a valid SQLite connection string: {e.Message}";
                    return false;
                }
            }
            else
            {
                builder.DataSource = text;
            }
        }
        else
        {
            builder.DataSource = options.DataSource!.Trim();
        }

        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            error = "the connection string names no Data Source (the database file).";
            return false;
        }

        if (builder.Mode == SqliteOpenMode.Memory || string.Equals(builder.DataSource, ":memory:", StringComparison.Ordinal))
        {
            error = "names an in-memory database; the SQLite stores need a file (each operation opens its own connection). Use the in-memory stores for tests.";
            return false;
        }

        if (builder.Mode == SqliteOpenMode.ReadOnly)
        {
            error = "opens the database read-only; the stores write to it.";
            return false;
        }

        if (options.BusyTimeout < TimeSpan.Zero || options.BusyTimeout > SqliteStorageOptions.MaxBusyTimeout)
        {
            error = string.Create(CultureInfo.InvariantCulture,
                $"BusyTimeout must be between zero and {SqliteStorageOptions.MaxBusyTimeout.TotalMinutes:0} minutes.");
            return false;
        }

        if (!Enum.IsDefined(options.OperationalSynchronous))
        {
            error = "OperationalSynchronous must be Full or Normal.";
            return false;
        }

        // Microsoft.Data.Sqlite retries a busy statement until its command timeout; SQLite's own busy_timeout (set on
        // every connection) does the waiting. Aligning both keeps the total wait at about BusyTimeout.
        builder.DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds));
        return true;
    }
}
