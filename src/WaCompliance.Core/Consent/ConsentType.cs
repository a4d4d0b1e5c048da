namespace WaCompliance.Consent;

/// <summary>The kind of consent (CASL, Spam Act, UEMA and TCPA distinguish them).</summary>
public enum ConsentType
{
    /// <summary>Express consent: a clear affirmative act.</summary>
    Express = 1,

    /// <summary>Express written consent (TCPA PEWC): a signed agreement naming the seller and the number.</summary>
    ExpressWritten,

    /// <summary>Implied consent (CASL: from a purchase within 2 years or an inquiry within 6 months); should carry an expiry.</summary>
    Implied,

    /// <summary>Inferred consent (Australia, New Zealand): from conduct and an existing relationship.</summary>
    Inferred,

    /// <summary>Deemed consent (New Zealand): conspicuous publication of a work address.</summary>
    Deemed,
}
