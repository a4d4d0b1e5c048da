using System.Globalization;
using System.Text;
using System.Text.Json;
using WaCompliance.Privacy;

namespace WaCompliance.Consent;

/// <summary>
/// A person's consent data for a data subject request (GDPR Art. 15/20, CCPA right to know): every record with its
/// evidence, the current state per purpose, and a consent receipt per opt-in shaped like the Kantara Consent
/// Receipt v1.1 with ISO/IEC TS 27560 event fields.
/// </summary>
public sealed class ConsentExport
{
    /// <summary>The Kantara consent receipt version written in receipts.</summary>
    public const string KantaraVersion = "KI-CR-v1.1.0";

    /// <summary>The version of this export's JSON layout.</summary>
    public const string SchemaVersion = "wacompliance-consent-export-1";

    private readonly WhatsAppComplianceOptions _options;

    internal ConsentExport(
        SubjectKey subject,
        string identifier,
        DateTimeOffset generatedAt,
        IReadOnlyList<ConsentState> states,
        IReadOnlyList<ConsentRecord> records,
        WhatsAppComplianceOptions options)
    {
        Subject = subject;
        Identifier = identifier;
        GeneratedAt = generatedAt;
        CurrentStates = states;
        Records = records;
        _options = options;
    }

    /// <summary>The pseudonymous subject key.</summary>
    public SubjectKey Subject { get; }

    /// <summary>
    /// The identifier the request was made for: the number in E.164 form or the business-scoped user ID. The records
    /// cover every identifier linked to it.
    /// </summary>
    public string Identifier { get; }

    /// <summary>When the export was made.</summary>
    public DateTimeOffset GeneratedAt { get; }

    /// <summary>The current state of each purpose with a record.</summary>
    public IReadOnlyList<ConsentState> CurrentStates { get; }

    /// <summary>Every record, oldest first (personal data included unless erased).</summary>
    public IReadOnlyList<ConsentRecord> Records { get; }

    /// <summary>Writes the whole export as indented JSON.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("schemaVersion", SchemaVersion);
            writer.WriteString("generatedAt", GeneratedAt);
            writer.WriteString("piiPrincipalId", Identifier);
            writer.WriteString("subjectKey", Subject.Value);
            WriteController(writer);
            writer.WriteStartArray("currentStates");
            foreach (var state in CurrentStates)
            {
                writer.WriteStartObject();
                writer.WriteString("purpose", state.Purpose.Value);
                writer.WriteString("status", StatusName(state.Status));
                if (state.Record is { } r)
                {
                    writer.WriteString("decidedBy", r.RecordId);
                    writer.WriteNumber("decidedBySequence", r.Sequence);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("records");
            foreach (var record in Records)
            {
                WriteRecord(writer, record);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("receipts");
            foreach (var record in Records.Where(r => r.Action == ConsentAction.OptIn))
            {
                WriteReceipt(writer, record);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// Writes the consent receipt of one opt-in record (Kantara Consent Receipt v1.1 field names; the
    /// <c>iso27560</c> member adds the ISO/IEC TS 27560 event fields).
    /// </summary>
    /// <param name="record">An opt-in record of this export.</param>
    /// <returns>The receipt JSON.</returns>
    public string ToReceiptJson(ConsentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            WriteReceipt(writer, record);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private void WriteController(Utf8JsonWriter writer)
    {
        var controller = _options.Controller;
        writer.WriteStartObject("controller");
        writer.WriteString("name", controller.Name ?? _options.BusinessName);
        WriteOptional(writer, "address", controller.Address);
        WriteOptional(writer, "contact", controller.Contact);
        WriteOptional(writer, "email", controller.Email);
        WriteOptional(writer, "phone", controller.Phone);
        WriteOptional(writer, "url", controller.Url?.ToString());
        WriteOptional(writer, "policyUrl", controller.PolicyUrl?.ToString());
        writer.WriteEndObject();
    }

    private static void WriteRecord(Utf8JsonWriter writer, ConsentRecord record)
    {
        writer.WriteStartObject();
        writer.WriteString("recordId", record.RecordId);
        writer.WriteNumber("sequence", record.Sequence);
        writer.WriteString("purpose", record.Purpose.Value);
        writer.WriteString("action", ConsentNames.Of(record.Action));
        writer.WriteString("method", ConsentNames.Of(record.Method));
        writer.WriteString("consentType", ConsentNames.Of(record.ConsentType));
        writer.WriteString("lawfulBasis", ConsentNames.Of(record.LawfulBasis));
        writer.WriteString("capturedAt", record.CapturedAt);
        writer.WriteString("recordedAt", record.RecordedAt);
        WriteOptional(writer, "expiresAt", record.ExpiresAt);
        WriteOptional(writer, "source", record.Source);
        WriteOptional(writer, "businessName", record.BusinessName);
        WriteOptional(writer, "jurisdiction", record.Jurisdiction);
        WriteOptional(writer, "language", record.Language);
        WriteOptional(writer, "eventId", record.EventId);
        writer.WriteStartObject("evidence");
        WriteOptional(writer, "wording", record.Wording);
        WriteOptional(writer, "wordingVersion", record.WordingVersion);
        WriteOptional(writer, "collectionPoint", record.CollectionPoint);
        if (record.PersonalData is { } personal)
        {
            WriteOptional(writer, "ipAddress", personal.IpAddress);
            WriteOptional(writer, "userAgent", personal.UserAgent);
            WriteOptional(writer, "messageId", personal.MessageId);
            WriteOptional(writer, "rawInput", personal.RawInput);
        }

        writer.WriteEndObject();
        writer.WriteBoolean("personalDataErased", record.IsErased);
        writer.WriteString("hash", record.Hash);
        writer.WriteString("previousHash", record.PreviousHash);
        WriteIso27560Event(writer, record);
        writer.WriteEndObject();
    }

    private void WriteReceipt(Utf8JsonWriter writer, ConsentRecord record)
    {
        var controller = _options.Controller;
        var principal = record.PersonalData?.Identifier ?? record.Subject.Value;
        writer.WriteStartObject();
        writer.WriteString("version", KantaraVersion);
        writer.WriteString("jurisdiction", record.Jurisdiction ?? string.Empty);
        writer.WriteNumber("consentTimestamp", record.CapturedAt.ToUnixTimeSeconds());
        writer.WriteString("collectionMethod", ConsentNames.Of(record.Method));
        writer.WriteString("consentReceiptID", record.RecordId);
        WriteOptional(writer, "language", record.Language);
        writer.WriteString("piiPrincipalId", principal);
        writer.WriteStartArray("piiControllers");
        writer.WriteStartObject();
        writer.WriteString("piiController", controller.Name ?? _options.BusinessName);
        writer.WriteBoolean("onBehalf", false);
        writer.WriteString("contact", controller.Contact ?? controller.Name ?? _options.BusinessName);
        writer.WriteString("address", controller.Address ?? string.Empty);
        writer.WriteString("email", controller.Email ?? string.Empty);
        writer.WriteString("phone", controller.Phone ?? string.Empty);
        WriteOptional(writer, "piiControllerUrl", controller.Url?.ToString());
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteString("policyUrl", controller.PolicyUrl?.ToString() ?? string.Empty);
        writer.WriteStartArray("services");
        writer.WriteStartObject();
        writer.WriteString("service", $"WhatsApp messages from {record.BusinessName ?? _options.BusinessName}");
        writer.WriteStartArray("purposes");
        writer.WriteStartObject();
        writer.WriteString("purpose", record.Purpose.Value);
        writer.WriteStartArray("purposeCategory");
        writer.WriteStringValue(record.Purpose.Value);
        writer.WriteEndArray();
        writer.WriteString("consentType", ConsentNames.Of(record.ConsentType));
        writer.WriteStartArray("piiCategory");
        writer.WriteStringValue("phone number");
        writer.WriteEndArray();
        writer.WriteBoolean("primaryPurpose", true);
        writer.WriteString("termination", record.ExpiresAt is { } expires
            ? string.Create(CultureInfo.InvariantCulture, $"expires {expires:O}; withdraw at any time by replying STOP")
            : "until withdrawn; withdraw at any time by replying STOP");
        writer.WriteBoolean("thirdPartyDisclosure", false);
        writer.WriteString("thirdPartyName", string.Empty);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteBoolean("sensitive", false);
        writer.WriteStartArray("spiCat");
        writer.WriteEndArray();
        WriteIso27560Event(writer, record);
        writer.WriteEndObject();
    }

    private static void WriteIso27560Event(Utf8JsonWriter writer, ConsentRecord record)
    {
        writer.WriteStartObject("iso27560");
        writer.WriteString("eventTime", record.CapturedAt);
        writer.WriteString("eventType", ConsentNames.Of(record.ConsentType));
        writer.WriteString("eventState", record.Action == ConsentAction.OptIn ? "given" : "withdrawn");
        writer.WriteString("validityDuration", record.ExpiresAt is { } expires
            ? System.Xml.XmlConvert.ToString(expires - record.CapturedAt)
            : "indefinite");
        writer.WriteString("entityId", record.Subject.Value);
        writer.WriteEndObject();
    }

    private static string StatusName(ConsentStatus status) => status switch
    {
        ConsentStatus.OptedIn => "opted_in",
        ConsentStatus.OptedOut => "opted_out",
        ConsentStatus.Expired => "expired",
        _ => "none",
    };

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            writer.WriteString(name, v);
        }
    }
}
