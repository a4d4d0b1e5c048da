namespace WaCompliance.Storage.Sqlite.Internal;

/// <summary>What a write is, for how durable it must be and what follows its commit.</summary>
internal enum SqliteWrite
{
    /// <summary>Consent, opt-out and identity state: always <c>synchronous = FULL</c>.</summary>
    Critical,

    /// <summary>Operational state: <see cref="SqliteStorageOptions.OperationalSynchronous"/>.</summary>
    Operational,

    /// <summary>
    /// Deletes a person's data: <c>synchronous = FULL</c>, then a <c>wal_checkpoint(TRUNCATE)</c> so that no copy of
    /// the deleted rows stays in the WAL (<c>secure_delete</c> has already zeroed them in the pages written).
    /// </summary>
    Erasure,
}
