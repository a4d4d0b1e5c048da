namespace WaCompliance.Storage.Sqlite;

/// <summary>How far a commit waits for the disk (SQLite's <c>PRAGMA synchronous</c>, in WAL mode).</summary>
public enum SqliteSynchronousMode
{
    /// <summary>
    /// <c>synchronous = FULL</c>: the WAL is flushed to disk (fsync) at every commit, so a commit that returned survives
    /// a power loss or an operating system crash. The default, and always used for consent, opt-outs and erasures.
    /// </summary>
    Full = 0,

    /// <summary>
    /// <c>synchronous = NORMAL</c>: the WAL is flushed only at checkpoints. A process crash loses nothing, but a power
    /// loss or an operating system crash can lose the last commits (never corrupt the file).
    /// </summary>
    Normal = 1,
}
