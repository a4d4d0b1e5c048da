using System.Text.Json.Serialization;
using WaCompliance.Providers.Dialog360.Templates;

namespace WaCompliance.Providers.Dialog360.Internal;

/// <summary>Source-generated JSON metadata for the template DTOs (send responses and webhooks are read leniently from a JsonDocument).</summary>
[JsonSourceGenerationOptions(AllowDuplicateProperties = false)]
[JsonSerializable(typeof(TemplateListDto))]
[JsonSerializable(typeof(TemplateDto))]
internal sealed partial class Dialog360JsonContext : JsonSerializerContext
{
}
