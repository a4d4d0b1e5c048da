using System.Text.Json.Serialization;

namespace WaCompliance.Providers.Dialog360.Messaging;

/// <summary>The Cloud API send response: <c>{"messaging_product":"whatsapp","contacts":[...],"messages":[{"id":"wamid...","message_status":"accepted"}]}</c>.</summary>
internal sealed class SendResponseDto
{
    [JsonPropertyName("messages")]
    public List<SentMessageDto>? Messages { get; set; }
}

/// <summary>One entry of <c>messages[]</c>.</summary>
internal sealed class SentMessageDto
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("message_status")]
    public string? MessageStatus { get; set; }
}
