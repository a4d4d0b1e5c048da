namespace WaCompliance.Jurisdictions;

/// <summary>Where a <see cref="NumberJurisdiction"/> came from.</summary>
public enum JurisdictionSource
{
    /// <summary>Derived from the number: country code, area code and libphonenumber's time-zone data.</summary>
    Number = 0,

    /// <summary>Set by the application for this contact (a known address beats the area code).</summary>
    Override = 1,

    /// <summary>
    /// Nothing is known (a person known only by a business-scoped user ID, whose country prefix is not a
    /// jurisdiction): every jurisdiction's consent rules apply, the strictest setting.
    /// </summary>
    Assumed = 2,
}
