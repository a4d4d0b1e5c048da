namespace WaCompliance.Consent;

/// <summary>The lawful basis relied on for the messaging (GDPR Art. 6, PECR soft opt-in).</summary>
public enum LawfulBasis
{
    /// <summary>Consent (GDPR Art. 6(1)(a)).</summary>
    Consent = 1,

    /// <summary>The PECR / ePrivacy soft opt-in: details from a sale, own similar products, refusal offered each time.</summary>
    SoftOptIn,

    /// <summary>Legitimate interests (GDPR Art. 6(1)(f)).</summary>
    LegitimateInterest,

    /// <summary>Performance of a contract (GDPR Art. 6(1)(b)), e.g. order updates.</summary>
    Contract,

    /// <summary>A legal obligation (GDPR Art. 6(1)(c)).</summary>
    LegalObligation,
}
