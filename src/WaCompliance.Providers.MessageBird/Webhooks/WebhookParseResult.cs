using WaCompliance.Webhooks;

namespace WaCompliance.Providers.MessageBird.Webhooks;

/// <summary>What a parser made of a verified body: events (possibly none) or why the body is malformed.</summary>
internal readonly record struct WebhookParseResult(IReadOnlyList<WhatsAppEvent>? Events, string EventType, string? Problem)
{
    public static WebhookParseResult Of(string eventType, params WhatsAppEvent[] events) => new(events, eventType, null);

    public static WebhookParseResult None(string eventType) => new([], eventType, null);

    public static WebhookParseResult Malformed(string problem) => new(null, string.Empty, problem);
}
