using System.Text.Json;

namespace WaCompliance.Storage.Sqlite.Internal;

/// <summary>JSON text for columns and for the one-parameter key lists that batch reads pass to <c>json_each</c>.</summary>
internal static class SqliteJson
{
    /// <summary>A JSON array of strings: the parameter of <c>... IN (SELECT value FROM json_each(@keys))</c>.</summary>
    /// <param name="values">The values.</param>
    /// <returns>The JSON text.</returns>
    public static string Array(IEnumerable<string> values) =>
        JsonSerializer.Serialize(values as string[] ?? values.ToArray(), SqliteJsonContext.Default.StringArray);

    /// <summary>Reads a JSON array of strings.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The strings.</returns>
    public static string[] ReadArray(string json) =>
        JsonSerializer.Deserialize(json, SqliteJsonContext.Default.StringArray) ?? [];

    /// <summary>Splits a list into chunks of at most <paramref name="size"/>, the unit of one batch query.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="items">The items.</param>
    /// <param name="size">The chunk size.</param>
    /// <returns>The chunks.</returns>
    public static IEnumerable<T[]> Chunks<T>(IReadOnlyCollection<T> items, int size) => items.Chunk(size);
}
