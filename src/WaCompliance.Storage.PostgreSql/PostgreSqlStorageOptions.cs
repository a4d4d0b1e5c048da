namespace WaCompliance.Storage.PostgreSql;

/// <summary>
/// Settings of the PostgreSQL storage, bound from the <c>WhatsAppCompliance:PostgreSql</c> section or set in code
/// through <c>UsePostgreSql</c>. Validated when the application starts; each error names the setting.
/// </summary>
public sealed class PostgreSqlStorageOptions
{
    /// <summary>The configuration section the options are usually bound from.</summary>
    public const string SectionName = "WhatsAppCompliance:PostgreSql";

    /// <summary>The default <see cref="Schema"/>.</summary>
    public const string DefaultSchema = "wacompliance";

    /// <summary>
    /// The Npgsql connection string, for example <c>Host=db;Database=app;Username=app;Password=...</c>. Required unless
    /// an <c>NpgsqlDataSource</c> is given. It usually holds a password: load it from a secret store, never from code.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The PostgreSQL schema that holds every WaCompliance table (created by the migrations): lower-case letters,
    /// digits and underscores, starting with a letter or underscore, at most 63 characters. Default <c>wacompliance</c>.
    /// Several applications can share one database with different schemas.
    /// </summary>
    public string Schema { get; set; } = DefaultSchema;

    /// <summary>
    /// Whether pending schema migrations are applied when the application starts (by a hosted service) or, without a
    /// host, before the first store operation. Default <see langword="true"/>. Turn it off when the database user may
    /// not change the schema, and run <see cref="PostgreSqlMigrator.MigrateAsync"/> (or the CLI) from a deployment step.
    /// </summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>The timeout of each command, in seconds (1 to 3,600). Default 30.</summary>
    public int CommandTimeout { get; set; } = 30;
}
