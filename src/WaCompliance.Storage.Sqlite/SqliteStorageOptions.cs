namespace WaCompliance.Storage.Sqlite;

/// <summary>
/// Where and how the SQLite stores keep their data. Set <see cref="ConnectionString"/> or <see cref="DataSource"/>
/// (not both); everything else has a default.
/// </summary>
public sealed class SqliteStorageOptions
{
    /// <summary>The configuration section these options are usually bound from: <c>WhatsAppCompliance:Storage:Sqlite</c>.</summary>
    public const string SectionName = "WhatsAppCompliance:Storage:Sqlite";

    /// <summary>The longest <see cref="BusyTimeout"/> accepted.</summary>
    public static readonly TimeSpan MaxBusyTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A Microsoft.Data.Sqlite connection string, e.g. <c>Data Source=compliance.db</c>. A plain file path (no
    /// <c>=</c>) is accepted as the data source. Pooling is on unless the string turns it off. In-memory databases are
    /// refused: every operation opens its own connection, so they would not last; use the in-memory stores instead.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The database file path, as an alternative to <see cref="ConnectionString"/>. The file is created if missing.</summary>
    public string? DataSource { get; set; }

    /// <summary>
    /// Whether pending schema migrations are applied automatically: when the host starts, and in any case before the
    /// first operation. Default <see langword="true"/>. When <see langword="false"/>, call
    /// <see cref="SqliteComplianceDatabase.MigrateAsync"/> yourself (for example from a deployment step); operations
    /// on a database whose schema is behind then fail with a message saying so.
    /// </summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>
    /// How long an operation waits for another connection or process that holds the write lock before it fails
    /// (SQLite's <c>busy_timeout</c>). Default 5 seconds; at most <see cref="MaxBusyTimeout"/>.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How durable the writes of the operational stores are: conversation windows, message counters, idempotency and
    /// send records, the decision log, templates, jurisdiction overrides and webhook deduplication. Default
    /// <see cref="SqliteSynchronousMode.Full"/>. Consent records, suppressions, identity links, webhook dead letters
    /// and every erasure are always written with <see cref="SqliteSynchronousMode.Full"/>, whatever this says.
    /// </summary>
    /// <remarks>
    /// <see cref="SqliteSynchronousMode.Normal"/> saves the disk flush of each operational commit. The risk: after a
    /// power loss or an operating system crash (not a process crash) the last operational commits can be missing: a
    /// message counted for a frequency cap, an idempotency claim (so a retried send could go out twice), a decision log
    /// entry, a window opened by an inbound message. A consent or opt-out commit flushes every commit before it, so what
    /// was committed before the last consent write is never lost.
    /// </remarks>
    public SqliteSynchronousMode OperationalSynchronous { get; set; } = SqliteSynchronousMode.Full;
}
