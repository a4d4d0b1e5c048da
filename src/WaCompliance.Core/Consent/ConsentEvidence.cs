namespace WaCompliance.Consent;

/// <summary>
/// The proof behind a consent event (ICO: "what they were told" and "how"). The wording and its version are kept in
/// the tamper-evident chain; the IP address, user agent and message id are personal data kept beside it and removed
/// by erasure.
/// </summary>
/// <param name="Wording">The exact text shown to the person, e.g. "I agree to receive offers from Acme on WhatsApp".</param>
/// <param name="WordingVersion">The version or id of that text, e.g. <c>form-v3</c>.</param>
public sealed record ConsentEvidence(string? Wording = null, string? WordingVersion = null)
{
    /// <summary>Where consent was collected: a URL, app screen or store.</summary>
    public string? CollectionPoint { get; init; }

    /// <summary>The IP address of the person's device (personal data).</summary>
    public string? IpAddress { get; init; }

    /// <summary>The user agent of the person's browser or app (personal data).</summary>
    public string? UserAgent { get; init; }

    /// <summary>The provider message id of an inbound message that carried the consent or opt-out (personal data).</summary>
    public string? MessageId { get; init; }

    /// <summary>The person's own words, e.g. the inbound text "STOP" (personal data; kept short).</summary>
    public string? RawInput { get; init; }
}
