using System.Text.Json.Serialization;

namespace WaCompliance.Providers.MessageBird.Json;

/// <summary>Source-generated JSON for every request, response and webhook shape of this package.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(ChannelsSendRequest))]
[JsonSerializable(typeof(ChannelsSendResponse))]
[JsonSerializable(typeof(ChannelsWebhookEnvelope))]
[JsonSerializable(typeof(LegacySendRequest))]
[JsonSerializable(typeof(LegacyWebhookEnvelope))]
[JsonSerializable(typeof(IntegrationsTemplate))]
[JsonSerializable(typeof(List<IntegrationsTemplate>))]
[JsonSerializable(typeof(IntegrationsTemplatePage))]
internal sealed partial class MessageBirdJsonContext : JsonSerializerContext
{
}
