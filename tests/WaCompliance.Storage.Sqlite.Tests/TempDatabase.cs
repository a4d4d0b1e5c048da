using Microsoft.Data.Sqlite;

namespace WaCompliance.Storage.Sqlite.Tests;

/// <summary>A fresh database file in a temporary folder, deleted with its WAL and shared-memory files afterwards.</summary>
public sealed class TempDatabase : IDisposable
{
    private readonly List<SqliteComplianceDatabase> _opened = [];

    public TempDatabase()
    {
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "wacompliance-sqlite-tests");
        Directory.CreateDirectory(folder);
        Path = System.IO.Path.Combine(folder, $"{Guid.NewGuid():N}.db");
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The connection string of the file.</summary>
    public string ConnectionString => $"Data Source={Path}";

    /// <summary>Opens the file as a compliance database (disposed with this object).</summary>
    public SqliteComplianceDatabase Open(TimeProvider? time = null, Action<SqliteStorageOptions>? configure = null)
    {
        var options = new SqliteStorageOptions { DataSource = Path };
        configure?.Invoke(options);
        var database = new SqliteComplianceDatabase(options, time);
        lock (_opened)
        {
            _opened.Add(database);
        }

        return database;
    }

    /// <summary>A raw connection to the file, as an operator or an attacker would open it.</summary>
    public SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public void Dispose()
    {
        lock (_opened)
        {
            foreach (var database in _opened)
            {
                database.Dispose();
            }
        }

        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            try
            {
                File.Delete(Path + suffix);
            }
            catch (IOException)
            {
                // A process that still holds the file (a killed child) cannot keep it from going later.
            }
        }
    }
}
