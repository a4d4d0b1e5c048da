namespace WaCompliance.Jurisdictions;

/// <summary>Where a <see cref="NumberJurisdiction"/> came from.</summary>
public enum JurisdictionSource
{
    /// <summary>Derived from the number: country code, area code and libphonenumber's time-zone data.</summary>
    Number = 0,

    /// <summary>Set by the application for this contact (a known address beats the area code).</summary>
    Override = 1,
}
