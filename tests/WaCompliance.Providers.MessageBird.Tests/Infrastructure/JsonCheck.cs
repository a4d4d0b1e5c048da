using System.Text.Json;
using System.Text.RegularExpressions;

namespace WaCompliance.Providers.MessageBird.Tests.Infrastructure;

/// <summary>Small structural checks used by the stub's contracts.</summary>
internal static partial class JsonCheck
{
    public static bool Object(JsonElement element, string where, List<string> problems, string[] allowed, params string[] required)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{where} must be an object");
            return false;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name))
            {
                problems.Add($"{where} has an undocumented field '{property.Name}'");
            }
        }

        foreach (var name in required)
        {
            if (!element.TryGetProperty(name, out _))
            {
                problems.Add($"{where}.{name} is required");
            }
        }

        return true;
    }

    public static string? String(JsonElement parent, string name, string where, List<string> problems, bool required = true, Regex? pattern = null)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            if (required)
            {
                problems.Add($"{where}.{name} is required");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(value.GetString()))
        {
            problems.Add($"{where}.{name} must be a non-empty string");
            return null;
        }

        var text = value.GetString()!;
        if (pattern is not null && !pattern.IsMatch(text))
        {
            problems.Add($"{where}.{name} does not match {pattern}");
        }

        return text;
    }

    public static List<JsonElement> Array(JsonElement parent, string name, string where, List<string> problems, int min = 1, int max = int.MaxValue)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"{where}.{name} must be an array");
            return [];
        }

        var items = value.EnumerateArray().ToList();
        if (items.Count < min || items.Count > max)
        {
            problems.Add($"{where}.{name} must have {min}..{max} items");
        }

        return items;
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    public static partial Regex E164();

    /// <summary>identities.md §1: a two-letter prefix, optionally ENT., then 1 to 128 letters and digits.</summary>
    [GeneratedRegex(@"^[A-Z]{2}(\.ENT)?\.[A-Za-z0-9]{1,128}$")]
    public static partial Regex Bsuid();

    [GeneratedRegex(@"^https://")]
    public static partial Regex Https();
}
