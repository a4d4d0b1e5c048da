using System.Text.Json.Serialization;
using WaCompliance.Providers.Dialog360.Messaging;
using WaCompliance.Providers.Dialog360.Templates;

namespace WaCompliance.Providers.Dialog360.Internal;

/// <summary>Source-generated JSON metadata for the response and template DTOs (webhooks are read item by item from a JsonDocument).</summary>
[JsonSourceGenerationOptions(AllowDuplicateProperties = false)]
[JsonSerializable(typeof(SendResponseDto))]
[JsonSerializable(typeof(TemplateListDto))]
[JsonSerializable(typeof(TemplateDto))]
internal sealed partial class Dialog360JsonContext : JsonSerializerContext
{
}
