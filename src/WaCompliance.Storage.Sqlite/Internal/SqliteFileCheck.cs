using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace WaCompliance.Storage.Sqlite.Internal;

/// <summary>
/// Whether the database file an open connection writes to is still the file at its path. A file deleted (or renamed,
/// or replaced by another file) while a connection has it open stays writable through that connection on Unix: every
/// commit "succeeds" into a file no one will open again, and all of it is gone at the next start. SQLite itself notices
/// only in rollback-journal mode; in WAL mode the stores must ask.
/// </summary>
/// <remarks>
/// The question goes to SQLite (<c>sqlite3_file_control</c> with <c>SQLITE_FCNTL_HAS_MOVED</c>): its Unix VFS
/// <c>stat</c>s the path and compares the inode with the one it opened, one system call. Where that is not available
/// (another native SQLite library, a VFS without the file control), the check falls back to whether a file exists at
/// the path. On Windows an open database file cannot be deleted or replaced.
/// </remarks>
internal static class SqliteFileCheck
{
    private const int SqliteOk = 0;
    private const int FileControlHasMoved = 20; // SQLITE_FCNTL_HAS_MOVED

    // 0: not tried, 1: sqlite3_file_control answers, -1: it cannot be called (another native library).
    private static int s_native;

    /// <summary>Whether the main database file of <paramref name="connection"/> is still the file at <paramref name="path"/>.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="path">The database file's full path (for the fallback).</param>
    /// <returns><see langword="true"/> when the file was deleted, renamed or replaced since the connection opened it.</returns>
    public static bool HasMoved(SqliteConnection connection, string path)
    {
        if (Volatile.Read(ref s_native) >= 0 && connection.Handle is { } handle)
        {
            try
            {
                var moved = 0;
                var rc = NativeMethods.sqlite3_file_control(handle.DangerousGetHandle(), IntPtr.Zero, FileControlHasMoved, ref moved);
                Volatile.Write(ref s_native, 1);
                if (rc == SqliteOk)
                {
                    return moved != 0;
                }
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
            {
                Volatile.Write(ref s_native, -1);
            }
        }

        return !File.Exists(path);
    }

    private static class NativeMethods
    {
        // The native library Microsoft.Data.Sqlite ships (SQLitePCLRaw.bundle_e_sqlite3); already loaded by the time a
        // connection is open, so this resolves to the same library. The null database name means "main".
        [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int sqlite3_file_control(IntPtr db, IntPtr databaseName, int op, ref int argument);
    }
}
