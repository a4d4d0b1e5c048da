using System.Text.Json.Serialization;
using WaCompliance.Providers.Dialog360.Messaging;
using WaCompliance.Providers.Dialog360.Templates;
using WaCompliance.Providers.Dialog360.Webhooks;

namespace WaCompliance.Providers.Dialog360.Internal;

/// <summary>Source-generated JSON metadata for the response, webhook and template DTOs.</summary>
[JsonSourceGenerationOptions(AllowDuplicateProperties = false)]
[JsonSerializable(typeof(SendResponseDto))]
[JsonSerializable(typeof(WebhookPayloadDto))]
[JsonSerializable(typeof(TemplateListDto))]
[JsonSerializable(typeof(TemplateDto))]
internal sealed partial class Dialog360JsonContext : JsonSerializerContext
{
}
