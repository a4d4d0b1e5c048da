using System.Text.Json.Serialization;

namespace WaCompliance.Providers.Dialog360.Webhooks;

// Meta's webhook envelope as 360dialog forwards it. One value type serves every field this package reads
// (messages, message_template_status_update, user_preferences); unknown properties are ignored, wrongly typed
// known ones make the body malformed.

/// <summary><c>{"object":"whatsapp_business_account","entry":[...]}</c>.</summary>
internal sealed class WebhookPayloadDto
{
    [JsonPropertyName("object")]
    public string? Object { get; set; }

    [JsonPropertyName("entry")]
    public List<WebhookEntryDto?>? Entry { get; set; }
}

/// <summary>One entry: the WABA id, a time and the changes.</summary>
internal sealed class WebhookEntryDto
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("time")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public long? Time { get; set; }

    [JsonPropertyName("changes")]
    public List<WebhookChangeDto?>? Changes { get; set; }
}

/// <summary>One change: the field and its value.</summary>
internal sealed class WebhookChangeDto
{
    [JsonPropertyName("field")]
    public string? Field { get; set; }

    [JsonPropertyName("value")]
    public WebhookValueDto? Value { get; set; }
}

/// <summary>The value of a change.</summary>
internal sealed class WebhookValueDto
{
    [JsonPropertyName("messaging_product")]
    public string? MessagingProduct { get; set; }

    [JsonPropertyName("metadata")]
    public WebhookMetadataDto? Metadata { get; set; }

    [JsonPropertyName("messages")]
    public List<WebhookMessageDto?>? Messages { get; set; }

    [JsonPropertyName("statuses")]
    public List<WebhookStatusDto?>? Statuses { get; set; }

    [JsonPropertyName("errors")]
    public List<WebhookErrorDto?>? Errors { get; set; }

    [JsonPropertyName("user_preferences")]
    public List<WebhookUserPreferenceDto?>? UserPreferences { get; set; }

    [JsonPropertyName("event")]
    public string? Event { get; set; }

    [JsonPropertyName("message_template_id")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public long? MessageTemplateId { get; set; }

    [JsonPropertyName("message_template_name")]
    public string? MessageTemplateName { get; set; }

    [JsonPropertyName("message_template_language")]
    public string? MessageTemplateLanguage { get; set; }

    [JsonPropertyName("message_template_category")]
    public string? MessageTemplateCategory { get; set; }

    [JsonPropertyName("reason")]
    public string? Reason { get; set; }
}

/// <summary><c>metadata.{display_phone_number, phone_number_id}</c>.</summary>
internal sealed class WebhookMetadataDto
{
    [JsonPropertyName("display_phone_number")]
    public string? DisplayPhoneNumber { get; set; }

    [JsonPropertyName("phone_number_id")]
    public string? PhoneNumberId { get; set; }
}

/// <summary>An inbound message.</summary>
internal sealed class WebhookMessageDto
{
    [JsonPropertyName("from")]
    public string? From { get; set; }

    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("timestamp")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public long? Timestamp { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("context")]
    public WebhookContextDto? Context { get; set; }

    [JsonPropertyName("text")]
    public WebhookTextDto? Text { get; set; }

    [JsonPropertyName("image")]
    public WebhookMediaDto? Image { get; set; }

    [JsonPropertyName("video")]
    public WebhookMediaDto? Video { get; set; }

    [JsonPropertyName("document")]
    public WebhookMediaDto? Document { get; set; }

    [JsonPropertyName("audio")]
    public WebhookMediaDto? Audio { get; set; }

    [JsonPropertyName("sticker")]
    public WebhookMediaDto? Sticker { get; set; }

    [JsonPropertyName("button")]
    public WebhookButtonDto? Button { get; set; }

    [JsonPropertyName("interactive")]
    public WebhookInteractiveDto? Interactive { get; set; }

    [JsonPropertyName("referral")]
    public WebhookReferralDto? Referral { get; set; }
}

/// <summary><c>context.{from, id}</c>: the message replied to.</summary>
internal sealed class WebhookContextDto
{
    [JsonPropertyName("from")]
    public string? From { get; set; }

    [JsonPropertyName("id")]
    public string? Id { get; set; }
}

/// <summary><c>text.body</c>.</summary>
internal sealed class WebhookTextDto
{
    [JsonPropertyName("body")]
    public string? Body { get; set; }
}

/// <summary>Inbound media: id, MIME type, caption.</summary>
internal sealed class WebhookMediaDto
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("mime_type")]
    public string? MimeType { get; set; }

    [JsonPropertyName("caption")]
    public string? Caption { get; set; }
}

/// <summary>A template quick-reply tap: <c>button.{payload, text}</c>.</summary>
internal sealed class WebhookButtonDto
{
    [JsonPropertyName("payload")]
    public string? Payload { get; set; }

    [JsonPropertyName("text")]
    public string? Text { get; set; }
}

/// <summary>An interactive reply: <c>interactive.{type, button_reply, list_reply}</c>.</summary>
internal sealed class WebhookInteractiveDto
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("button_reply")]
    public WebhookReplyDto? ButtonReply { get; set; }

    [JsonPropertyName("list_reply")]
    public WebhookReplyDto? ListReply { get; set; }
}

/// <summary><c>{id, title}</c> of a reply button or list row.</summary>
internal sealed class WebhookReplyDto
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("title")]
    public string? Title { get; set; }
}

/// <summary>A Click-to-WhatsApp ad or Page referral.</summary>
internal sealed class WebhookReferralDto
{
    [JsonPropertyName("source_url")]
    public string? SourceUrl { get; set; }

    [JsonPropertyName("source_type")]
    public string? SourceType { get; set; }

    [JsonPropertyName("source_id")]
    public string? SourceId { get; set; }
}

/// <summary>A status of a sent message.</summary>
internal sealed class WebhookStatusDto
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("timestamp")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public long? Timestamp { get; set; }

    [JsonPropertyName("recipient_id")]
    public string? RecipientId { get; set; }

    [JsonPropertyName("errors")]
    public List<WebhookErrorDto?>? Errors { get; set; }
}

/// <summary>An error: <c>{code, title, message, error_data.details}</c>.</summary>
internal sealed class WebhookErrorDto
{
    [JsonPropertyName("code")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public long? Code { get; set; }

    [JsonPropertyName("title")]
    public string? Title { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("error_data")]
    public WebhookErrorDataDto? ErrorData { get; set; }
}

/// <summary><c>error_data.details</c>.</summary>
internal sealed class WebhookErrorDataDto
{
    [JsonPropertyName("details")]
    public string? Details { get; set; }
}

/// <summary>Meta's <c>user_preferences</c> item: a person stopped or resumed marketing messages.</summary>
internal sealed class WebhookUserPreferenceDto
{
    [JsonPropertyName("wa_id")]
    public string? WaId { get; set; }

    [JsonPropertyName("category")]
    public string? Category { get; set; }

    [JsonPropertyName("value")]
    public string? Value { get; set; }

    [JsonPropertyName("timestamp")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public long? Timestamp { get; set; }
}
