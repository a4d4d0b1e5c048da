using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace WaCompliance.Storage.Sqlite.Internal;

/// <summary>
/// Prepared statements kept per long-lived connection: the stores' connections (see
/// <see cref="SqliteComplianceDatabase"/>) stay open between operations, so each statement is compiled once per
/// connection instead of once per call. On any other connection a command is created and disposed as usual.
/// </summary>
internal static class SqliteStatements
{
    // Statements are constants (values are always bound), so a connection holds a few dozen at most; the cap only
    // guards against a statement built from data by mistake.
    private const int MaxStatementsPerConnection = 128;

    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteCommand>> s_caches = new();

    /// <summary>Keeps the prepared statements of <paramref name="connection"/> from now on.</summary>
    public static void KeepStatements(SqliteConnection connection) => s_caches.AddOrUpdate(connection, new Dictionary<string, SqliteCommand>(StringComparer.Ordinal));

    /// <summary>Disposes the statements kept for <paramref name="connection"/> (before the connection is closed).</summary>
    public static void Release(SqliteConnection connection)
    {
        if (s_caches.TryGetValue(connection, out var commands))
        {
            s_caches.Remove(connection);
            foreach (var command in commands.Values)
            {
                command.Dispose();
            }
        }
    }

    /// <summary>
    /// A command for <paramref name="sql"/> on <paramref name="connection"/> in <paramref name="transaction"/>, with
    /// no parameters: the kept, already-prepared one when the connection keeps statements, else a new one.
    /// </summary>
    public static Lease Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        if (s_caches.TryGetValue(connection, out var commands))
        {
            if (commands.TryGetValue(sql, out var kept))
            {
                kept.Transaction = transaction;
                kept.Parameters.Clear();
                return new Lease(kept, owned: false);
            }

            if (commands.Count < MaxStatementsPerConnection)
            {
                var created = connection.CreateCommand();
                created.CommandText = sql;
                created.Transaction = transaction;
                commands[sql] = created;
                return new Lease(created, owned: false);
            }
        }

        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return new Lease(command, owned: true);
    }

    /// <summary>A command in use: disposed at the end when it is not kept.</summary>
    internal readonly struct Lease(SqliteCommand command, bool owned) : IDisposable
    {
        public SqliteCommand Command { get; } = command;

        public void Dispose()
        {
            if (owned)
            {
                Command.Dispose();
            }
        }
    }
}
