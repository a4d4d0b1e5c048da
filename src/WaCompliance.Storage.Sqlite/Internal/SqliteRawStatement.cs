using System.Buffers;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace WaCompliance.Storage.Sqlite.Internal;

/// <summary>
/// A statement prepared once on a Microsoft.Data.Sqlite connection's native handle and executed many times with
/// positional parameters: the hot path of batch appends. Microsoft.Data.Sqlite binds every parameter by name on every
/// execution, which costs more than the insert itself for wide rows; this binds by position and copies nothing on
/// the managed side. It runs inside the connection's current transaction, like any command on that connection.
/// </summary>
/// <remarks>
/// Text is bound as UTF-8 (<c>sqlite3_bind_text</c>), as Microsoft.Data.Sqlite binds it, never as UTF-16
/// (<c>sqlite3_bind_text16</c>): SQLite reads a leading U+FEFF or U+FFFE in UTF-16 text as a byte order mark, so it
/// dropped the mark of "\uFEFFSTOP" and byte-swapped everything after "\uFFFE", and the record read back no longer
/// matched its hash.
/// </remarks>
internal sealed class SqliteRawStatement : IDisposable
{
    // Text up to this many UTF-8 bytes is encoded on the stack; longer text in a pooled buffer.
    private const int StackBytes = 1024;

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public SqliteRawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var rc = raw.sqlite3_prepare_v2(_db, sql, out var statement);
        if (rc != raw.SQLITE_OK)
        {
            statement?.Dispose();
            SqliteException.ThrowExceptionForRC(rc, _db);
        }

        _statement = statement!;
    }

    /// <summary>Binds an integer to a parameter (from 1).</summary>
    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    /// <summary>Binds text, or NULL for <see langword="null"/>; the empty string stays an empty string.</summary>
    public void Bind(int index, string? value)
    {
        if (value is null)
        {
            Check(raw.sqlite3_bind_null(_statement, index));
        }
        else if (value.Length == 0)
        {
            // An empty span would be passed as a null pointer, which SQLite stores as NULL.
            Check(raw.sqlite3_bind_text(_statement, index, string.Empty));
        }
        else
        {
            // sqlite3_bind_text copies the bytes (SQLITE_TRANSIENT), so the buffer is free again when it returns.
            // An unpaired surrogate becomes U+FFFD, as Microsoft.Data.Sqlite's own binding encodes it.
            var maxBytes = Encoding.UTF8.GetMaxByteCount(value.Length);
            if (maxBytes <= StackBytes)
            {
                Span<byte> utf8 = stackalloc byte[StackBytes];
                var length = Encoding.UTF8.GetBytes(value, utf8);
                Check(raw.sqlite3_bind_text(_statement, index, utf8[..length]));
            }
            else
            {
                var rented = ArrayPool<byte>.Shared.Rent(maxBytes);
                try
                {
                    var length = Encoding.UTF8.GetBytes(value, rented);
                    Check(raw.sqlite3_bind_text(_statement, index, rented.AsSpan(0, length)));
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }
    }

    /// <summary>Binds a timestamp as microseconds, or NULL.</summary>
    public void Bind(int index, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            Bind(index, SqliteValues.ToMicros(v));
        }
        else
        {
            Check(raw.sqlite3_bind_null(_statement, index));
        }
    }

    /// <summary>Binds a GUID as its 16 big-endian bytes.</summary>
    public void Bind(int index, Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes, bigEndian: true, out _);
        Check(raw.sqlite3_bind_blob(_statement, index, bytes));
    }

    /// <summary>Runs the statement once (it returns no rows) and resets it for the next execution.</summary>
    public void Execute()
    {
        var rc = raw.sqlite3_step(_statement);
        try
        {
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
        }
        finally
        {
            raw.sqlite3_reset(_statement);
            raw.sqlite3_clear_bindings(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}
