namespace WaCompliance.Storage.PostgreSql.Internal;

/// <summary>One schema migration: applied once, in version order, recorded in <c>schema_version</c>.</summary>
/// <param name="Version">The version it brings the schema to.</param>
/// <param name="Name">A short description.</param>
/// <param name="Sql">The statements; <c>{schema}</c> stands for the quoted schema name.</param>
internal sealed record Migration(int Version, string Name, string Sql);
