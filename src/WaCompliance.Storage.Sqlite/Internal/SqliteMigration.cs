namespace WaCompliance.Storage.Sqlite.Internal;

/// <summary>One schema migration: applied once, in version order, recorded in <c>schema_migrations</c>.</summary>
/// <param name="Version">The version it brings the schema to (1, 2, ...), without gaps.</param>
/// <param name="Name">A short description, kept in the schema table.</param>
/// <param name="Sql">The statements. They run inside the migration's transaction: DDL in SQLite is transactional.</param>
internal sealed record SqliteMigration(int Version, string Name, string Sql);
