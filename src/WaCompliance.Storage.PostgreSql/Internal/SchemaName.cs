namespace WaCompliance.Storage.PostgreSql.Internal;

/// <summary>Checks schema names: they are written into SQL, so only plain lower-case identifiers are accepted.</summary>
internal static class SchemaName
{
    public static bool IsValid(string? schema)
    {
        if (string.IsNullOrEmpty(schema) || schema.Length > 63)
        {
            return false;
        }

        if (!(char.IsAsciiLetterLower(schema[0]) || schema[0] == '_'))
        {
            return false;
        }

        foreach (var c in schema)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return !schema.StartsWith("pg_", StringComparison.Ordinal);
    }

    public static string Validate(string? schema) =>
        IsValid(schema)
            ? schema!
            : throw new ArgumentException(
                "The schema name must be lower-case letters, digits and underscores, starting with a letter or underscore, at most 63 characters, not starting with 'pg_'.",
                nameof(schema));
}
