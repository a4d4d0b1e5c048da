using System.Text.Json;
using System.Text.Json.Serialization;

namespace WaCompliance.Providers.MessageBird.Json;

/// <summary>
/// Reads a webhook's time (<c>createdAt</c>, <c>createdDatetime</c> ...) as an ISO 8601 string, and anything else (a
/// word, a number, an impossible date, an object) as no time: a time is never a reason to refuse an item, so a STOP
/// with an unreadable time is still read, and occurs when it was received (see <see cref="WaCompliance.Webhooks.WebhookTimes"/>).
/// </summary>
internal sealed class LenientTimeConverter : JsonConverter<DateTimeOffset?>
{
    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.TryGetDateTimeOffset(out var time) ? time : null;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                reader.Skip();
                return null;
            default:
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } time)
        {
            writer.WriteStringValue(time);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
