using WaCompliance.Identities;
using WaCompliance.Numbers;

namespace WaCompliance.Counters;

/// <summary>One message that went out, as the counters remember it.</summary>
public sealed record MessageCountEntry
{
    /// <summary>The business number that sent it.</summary>
    public required WhatsAppNumber Sender { get; init; }

    /// <summary>The person it went to.</summary>
    public required WhatsAppIdentifier Recipient { get; init; }

    /// <summary>Its purpose.</summary>
    public required ConsentPurpose Purpose { get; init; }

    /// <summary>When it was sent.</summary>
    public required DateTimeOffset SentAt { get; init; }

    /// <summary>Whether it was business-initiated (a template outside the customer service window): these count toward the messaging limit.</summary>
    public bool BusinessInitiated { get; init; }

    /// <summary>Its subject matter, for caps "per subject" (Florida, Oklahoma, Maryland: 3 per 24 hours on the same subject).</summary>
    public string? Topic { get; init; }

    /// <summary>A fingerprint of the content (a hash, never the text), to find the same message sent twice.</summary>
    public string? ContentFingerprint { get; init; }
}
