using Microsoft.Extensions.Logging;

namespace WaCompliance.Providers.Twilio.Internal;

/// <summary>Every log line of the Twilio provider: gateway names, codes and statuses only, never numbers, text or secrets.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning,
        Message = "Twilio gateway {Gateway} refused a message: {Kind} (code {Code}, HTTP {Status})")]
    public static partial void SendRefused(ILogger logger, string gateway, string kind, string? code, int? status);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information,
        Message = "Twilio gateway {Gateway} refused a message before sending it: {Kind}")]
    public static partial void SendRefusedLocally(ILogger logger, string gateway, string kind);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning,
        Message = "Twilio webhook for {Gateway} rejected: {Code}")]
    public static partial void WebhookRejected(ILogger logger, string gateway, string code);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Debug,
        Message = "Twilio webhook for {Gateway} ignored status {Status}")]
    public static partial void StatusIgnored(ILogger logger, string gateway, string status);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information,
        Message = "Twilio template {Sid} submitted for WhatsApp approval through {Gateway}: {Status}")]
    public static partial void TemplateSubmitted(ILogger logger, string sid, string gateway, string status);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning,
        Message = "Twilio webhook for {Gateway} carried an item that could not be read: {Code}; it is kept as a dead letter")]
    public static partial void WebhookItemMalformed(ILogger logger, string gateway, string code);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information,
        Message = "Twilio webhook for {Gateway} acknowledged without events: {Reason}")]
    public static partial void WebhookIgnored(ILogger logger, string gateway, string reason);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Error,
        Message = "Twilio webhook for {Gateway}: reading a verified item failed with {ExceptionType}; it is kept as a dead letter")]
    public static partial void WebhookReadFailed(ILogger logger, string gateway, string exceptionType);
}
