using Microsoft.Extensions.Logging;

namespace WaCompliance.Diagnostics;

/// <summary>
/// Every log line WaCompliance writes. Parameters are subject keys (short form), codes and counts: never numbers,
/// message text or secrets.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information,
        Message = "Consent {Action} recorded for {Subject}, purpose {Purpose}, method {Method}, sequence {Sequence}")]
    public static partial void ConsentRecorded(ILogger logger, string subject, string action, string purpose, string method, long sequence);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug,
        Message = "Consent event {EventId} for {Subject} was already recorded at sequence {Sequence}")]
    public static partial void ConsentDuplicate(ILogger logger, string eventId, string subject, long sequence);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning,
        Message = "Consent event refused: {Code}: {Reason}")]
    public static partial void ConsentRejected(ILogger logger, string code, string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information,
        Message = "Personal data of {Subject} erased from {RecordCount} consent records; the pseudonymous chain and suppression remain")]
    public static partial void SubjectErased(ILogger logger, string subject, int recordCount);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information,
        Message = "Consent ledger verified: {RecordCount} records, head {Sequence}, intact")]
    public static partial void LedgerIntact(ILogger logger, long recordCount, long sequence);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Error,
        Message = "Consent ledger verification found {ProblemCount} problems; first at record {Sequence}: {Kind}")]
    public static partial void LedgerTampered(ILogger logger, long problemCount, long sequence, string kind);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information,
        Message = "{Subject} suppressed for {Purpose}: {Reason}")]
    public static partial void Suppressed(ILogger logger, string subject, string purpose, string reason);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information,
        Message = "Suppression of {Subject} for {Purpose} ({Reason}) removed")]
    public static partial void SuppressionRemoved(ILogger logger, string subject, string purpose, string reason);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information,
        Message = "Data subject request: export for {Subject} with {RecordCount} consent records")]
    public static partial void SubjectExported(ILogger logger, string subject, int recordCount);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information,
        Message = "Data subject request: erasure for {Subject} done: {ConsentRecords} consent records scrubbed, {Windows} windows, {Counters} counter entries, {Overrides} jurisdiction overrides removed")]
    public static partial void SubjectErasureCompleted(ILogger logger, string subject, int consentRecords, int windows, int counters, int overrides);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning,
        Message = "Send through {Gateway} has an unknown outcome (key of {KeyLength} characters recorded as Unknown); status webhooks will reconcile it, it is not retried")]
    public static partial void SendUnknown(ILogger logger, string gateway, int keyLength);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information,
        Message = "Send through {Gateway} refused: {ErrorKind} (provider code {ProviderCode})")]
    public static partial void SendRefused(ILogger logger, string gateway, string errorKind, string providerCode);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Error,
        Message = "Updating state after a send failed with {ExceptionType}; the send itself is recorded")]
    public static partial void AfterSendFailed(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Critical,
        Message = "The outcome {Status} of a send could not be recorded ({ExceptionType}); reconcile from the provider's status webhooks")]
    public static partial void OutcomeNotRecorded(ILogger logger, string status, string exceptionType);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Warning,
        Message = "Send recovery turned {Expired} abandoned claims into unknown outcomes; {Unresolved} unknown sends await a decision (reconcile from status webhooks, or resend with a ResendPolicy)")]
    public static partial void RecoveryReport(ILogger logger, int expired, int unresolved);

    [LoggerMessage(EventId = 1306, Level = LogLevel.Error,
        Message = "Send recovery at start could not run ({ExceptionType}); it runs again on the next RecoverAsync")]
    public static partial void RecoveryFailed(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 1307, Level = LogLevel.Information,
        Message = "Key resent as attempt {Attempt} after {PreviousStatus} under ResendPolicy {Policy}")]
    public static partial void Resent(ILogger logger, int attempt, string previousStatus, string policy);

    [LoggerMessage(EventId = 1308, Level = LogLevel.Information,
        Message = "A send allowed earlier was stopped before the provider call: the person's opt-out or suppression changed ({Codes})")]
    public static partial void StoppedBeforeCall(ILogger logger, string codes);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Debug,
        Message = "Webhook event {EventType} from {Source} processed: {Actions} (redelivery: {Duplicate})")]
    public static partial void WebhookProcessed(ILogger logger, string eventType, string source, string actions, bool duplicate);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Warning,
        Message = "Inbound event from {Source} names no business number; the conversation window cannot be keyed and was not opened")]
    public static partial void InboundWithoutBusiness(ILogger logger, string source);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Warning,
        Message = "A webhook item from {Source} could not be read ({Code}); it is kept as a dead letter, and the rest of the delivery is applied")]
    public static partial void WebhookItemDeadLettered(ILogger logger, string source, string code);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Information,
        Message = "Re-processing dead letter of {Source}: {Outcome}")]
    public static partial void DeadLetterReprocessed(ILogger logger, string source, string outcome);

    [LoggerMessage(EventId = 1405, Level = LogLevel.Warning,
        Message = "A webhook event {EventType} from {Source} could not be applied ({Code}, {ExceptionType}); it is kept as a dead letter, and the rest of the delivery is applied")]
    public static partial void WebhookEventDeadLettered(ILogger logger, string eventType, string source, string code, string exceptionType);

    [LoggerMessage(EventId = 1406, Level = LogLevel.Error,
        Message = "A webhook event {EventType} from {Source} could not be applied ({ExceptionType}); the rest of the delivery is applied, and the delivery fails so that the provider delivers it again")]
    public static partial void WebhookEventFailed(ILogger logger, string eventType, string source, string exceptionType);

    [LoggerMessage(EventId = 1901, Level = LogLevel.Warning,
        Message = "No pepper is configured; the Development environment uses a fixed, public development pepper. Subject keys made with it are not secret: set WhatsAppCompliance:Pepper before real use")]
    public static partial void DevelopmentPepper(ILogger logger);
}
