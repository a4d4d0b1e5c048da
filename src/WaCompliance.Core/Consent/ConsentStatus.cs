namespace WaCompliance.Consent;

/// <summary>The current state of consent for one person and purpose.</summary>
public enum ConsentStatus
{
    /// <summary>Nothing recorded for this purpose.</summary>
    None = 0,

    /// <summary>Opted in, and not expired.</summary>
    OptedIn,

    /// <summary>Opted out (for this purpose or globally).</summary>
    OptedOut,

    /// <summary>Opted in, but the consent has expired (e.g. CASL implied consent).</summary>
    Expired,
}
