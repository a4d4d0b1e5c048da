using System.Text.Json.Serialization;
using WaCompliance.Templates;

namespace WaCompliance.Storage.Sqlite.Internal;

/// <summary>The JSON shapes kept in text columns (template components, lists), generated at build time.</summary>
/// <remarks>Enumerations are written by member name, so a stored value does not depend on its number.</remarks>
[JsonSourceGenerationOptions(UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TemplateHeader))]
[JsonSerializable(typeof(TemplateButton[]))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class SqliteJsonContext : JsonSerializerContext;
