using Microsoft.Extensions.Compliance.Classification;

namespace WaCompliance.Privacy;

/// <summary>Data classifications for Microsoft.Extensions.Compliance redaction of WhatsApp data.</summary>
public static class WaComplianceDataClassifications
{
    /// <summary>The taxonomy name.</summary>
    public const string TaxonomyName = "WaCompliance";

    /// <summary>A phone number (personal data). Redact with <see cref="PhoneNumberRedactor"/>.</summary>
    public static DataClassification PhoneNumber { get; } = new(TaxonomyName, nameof(PhoneNumber));

    /// <summary>Message text written by or for a person (personal data).</summary>
    public static DataClassification MessageContent { get; } = new(TaxonomyName, nameof(MessageContent));
}
