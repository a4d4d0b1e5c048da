using Microsoft.Extensions.Logging;

namespace WaCompliance.Providers.Dialog360.Internal;

/// <summary>Every log line of the 360dialog package: registration names, codes and counts, never numbers, text or secrets.</summary>
internal static partial class Dialog360Log
{
    // No provider message id: a wamid is base64 that embeds the recipient's number.
    [LoggerMessage(EventId = 3601, Level = LogLevel.Debug, Message = "360dialog {Gateway} accepted a {Kind} message")]
    public static partial void Sent(ILogger logger, string gateway, string kind);

    [LoggerMessage(EventId = 3602, Level = LogLevel.Warning, Message = "360dialog {Gateway} refused a {Kind} message: HTTP {HttpStatus}, {ErrorKind}, provider code {ProviderCode}")]
    public static partial void Refused(ILogger logger, string gateway, string kind, int? httpStatus, string errorKind, string? providerCode);

    [LoggerMessage(EventId = 3603, Level = LogLevel.Warning, Message = "360dialog {Gateway} refused a webhook request: {Code}")]
    public static partial void WebhookRejected(ILogger logger, string gateway, string code);

    [LoggerMessage(EventId = 3604, Level = LogLevel.Debug, Message = "360dialog {Gateway} read {EventCount} events and {MalformedCount} malformed items from a webhook request")]
    public static partial void WebhookRead(ILogger logger, string gateway, int eventCount, int malformedCount);

    [LoggerMessage(EventId = 3605, Level = LogLevel.Debug, Message = "360dialog {Gateway} ignored a webhook item: {What}")]
    public static partial void WebhookIgnored(ILogger logger, string gateway, string what);

    [LoggerMessage(EventId = 3606, Level = LogLevel.Warning, Message = "360dialog {Gateway} skipped a template it could not read: {Reason}")]
    public static partial void TemplateSkipped(ILogger logger, string gateway, string reason);

    [LoggerMessage(EventId = 3607, Level = LogLevel.Information, Message = "360dialog {Gateway} submitted template {TemplateName} ({Language}): status {Status}")]
    public static partial void TemplateSubmitted(ILogger logger, string gateway, string templateName, string language, string status);

    [LoggerMessage(EventId = 3608, Level = LogLevel.Warning, Message = "360dialog {Gateway} could not read a webhook item: {Code}; it is kept as a dead letter once processed")]
    public static partial void WebhookItemMalformed(ILogger logger, string gateway, string code);
}
