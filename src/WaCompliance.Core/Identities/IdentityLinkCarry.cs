namespace WaCompliance.Identities;

/// <summary>What a person's state takes from an identifier joined to them, strongest first.</summary>
public enum IdentityLinkCarry
{
    /// <summary>Only opt-outs and suppressions (a revoked link; an old number seen from its new one's other side).</summary>
    OptOutsOnly = 0,

    /// <summary>
    /// Everything the identifier held, as an inheritance (a new number from its old one): a later explicit opt-in under
    /// the person's own identifiers overrides an inherited opt-out.
    /// </summary>
    Inherited = 1,

    /// <summary>Everything: consent, opt-outs, suppression, windows and counters (two identifiers of one person).</summary>
    Everything = 2,
}
