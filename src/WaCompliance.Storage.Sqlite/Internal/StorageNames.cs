using System.Text.Json;

namespace WaCompliance.Storage.Sqlite.Internal;

/// <summary>
/// Stable text names of enumerations without a published name table in Core (<c>snake_case</c> of the member name,
/// e.g. <c>in_progress</c>), so stored values do not depend on member numbers.
/// </summary>
/// <typeparam name="T">The enumeration.</typeparam>
internal static class StorageNames<T>
    where T : struct, Enum
{
    private static readonly Dictionary<T, string> s_names =
        Enum.GetValues<T>().ToDictionary(value => value, value => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString()));

    private static readonly Dictionary<string, T> s_values =
        s_names.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    /// <summary>The stored name of a value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The name.</returns>
    public static string Of(T value) =>
        s_names.TryGetValue(value, out var name)
            ? name
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"{value} is not a defined {typeof(T).Name}.");

    /// <summary>Reads a stored name.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The value.</returns>
    public static T Parse(string name) =>
        s_values.TryGetValue(name, out var value)
            ? value
            : throw new InvalidDataException($"'{name}' is not a stored {typeof(T).Name} name.");
}
