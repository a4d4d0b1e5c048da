using System.Text.Json;
using System.Text.Json.Serialization;

namespace WaCompliance.Providers.MessageBird.Json;

// Legacy MessageBird Conversations API shapes (providers.md §5a; messagebird/csharp-rest-api Content.cs, HsmContent.cs,
// MediaContent.cs, ConversationMessage.cs).

internal sealed class LegacySendRequest
{
    public required string To { get; init; }

    public required string From { get; init; }

    public required string Type { get; init; }

    public required LegacyContent Content { get; init; }
}

internal sealed class LegacyContent
{
    public string? Text { get; init; }

    public LegacyMedia? Image { get; init; }

    public LegacyMedia? Video { get; init; }

    public LegacyMedia? Audio { get; init; }

    public LegacyMedia? File { get; init; }

    public LegacyHsm? Hsm { get; init; }
}

internal sealed class LegacyMedia
{
    public string? Url { get; init; }

    public string? Caption { get; init; }
}

internal sealed class LegacyHsm
{
    public required string Namespace { get; init; }

    public required string TemplateName { get; init; }

    public required LegacyHsmLanguage Language { get; init; }

    public List<LegacyHsmParameter>? Params { get; init; }

    public List<LegacyHsmComponent>? Components { get; init; }
}

internal sealed class LegacyHsmLanguage
{
    public string Policy { get; init; } = "deterministic";

    public required string Code { get; init; }
}

internal sealed class LegacyHsmParameter
{
    public required string Default { get; init; }
}

internal sealed class LegacyHsmComponent
{
    public required string Type { get; init; }

    [JsonPropertyName("sub_type")]
    public string? SubType { get; init; }

    public int? Index { get; init; }

    public required List<LegacyComponentParameter> Parameters { get; init; }
}

internal sealed class LegacyComponentParameter
{
    public required string Type { get; init; }

    public string? Text { get; init; }

    public LegacyMedia? Image { get; init; }

    public LegacyMedia? Video { get; init; }

    public LegacyMedia? Document { get; init; }

    [JsonPropertyName("coupon_code")]
    public string? CouponCode { get; init; }
}

/// <summary>The Conversations API webhook: <c>{"type":"message.created","contact":{…},"message":{…}}</c>.</summary>
internal sealed class LegacyWebhookEnvelope
{
    public string? Type { get; init; }

    public LegacyContact? Contact { get; init; }

    public LegacyMessage? Message { get; init; }
}

internal sealed class LegacyContact
{
    public string? Id { get; init; }

    public JsonElement Msisdn { get; init; }
}

internal sealed class LegacyMessage
{
    public string? Id { get; init; }

    public string? ConversationId { get; init; }

    public string? ChannelId { get; init; }

    public string? Platform { get; init; }

    public string? To { get; init; }

    public string? From { get; init; }

    public string? Direction { get; init; }

    public string? Status { get; init; }

    public string? Type { get; init; }

    public LegacyContent? Content { get; init; }

    [JsonConverter(typeof(LenientTimeConverter))]
    public DateTimeOffset? CreatedDatetime { get; init; }

    [JsonConverter(typeof(LenientTimeConverter))]
    public DateTimeOffset? UpdatedDatetime { get; init; }

    public LegacyMessageError? Error { get; init; }
}

internal sealed class LegacyMessageError
{
    public JsonElement Code { get; init; }

    public string? Description { get; init; }
}
