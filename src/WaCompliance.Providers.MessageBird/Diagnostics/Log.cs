using Microsoft.Extensions.Logging;

namespace WaCompliance.Providers.MessageBird;

/// <summary>Every log line of the MessageBird provider: registration names, codes and statuses; never numbers, text or keys.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning,
        Message = "MessageBird gateway {Gateway} refused a message: {Kind} (provider code {ProviderCode}, HTTP {HttpStatus})")]
    public static partial void SendRefused(ILogger logger, string gateway, string kind, string? providerCode, int? httpStatus);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Debug,
        Message = "MessageBird gateway {Gateway} sent a message, provider status {Status}")]
    public static partial void Sent(ILogger logger, string gateway, string status);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning,
        Message = "MessageBird webhook for {Gateway} refused: {Code}: {Reason}")]
    public static partial void WebhookRejected(ILogger logger, string gateway, string code, string reason);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Debug,
        Message = "MessageBird webhook for {Gateway} accepted: {EventCount} events, {MalformedCount} malformed items")]
    public static partial void WebhookAccepted(ILogger logger, string gateway, int eventCount, int malformedCount);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Warning,
        Message = "MessageBird webhook for {Gateway}: {MalformedCount} authentic items could not be read ({Codes}); they go to the dead letters")]
    public static partial void WebhookItemsMalformed(ILogger logger, string gateway, int malformedCount, string codes);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Debug,
        Message = "MessageBird raw item for {Gateway} read again: {EventCount} events, {MalformedCount} malformed items")]
    public static partial void WebhookItemReread(ILogger logger, string gateway, int eventCount, int malformedCount);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Warning,
        Message = "MessageBird webhook for {Gateway}: an unforeseen {ExceptionType} while reading the {Part}; handled as unreadable")]
    public static partial void WebhookReadFailed(ILogger logger, string gateway, string part, string exceptionType);
}
