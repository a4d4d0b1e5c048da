namespace WaCompliance.Jurisdictions;

/// <summary>Membership of regions (libphonenumber region codes, ISO 3166-1 alpha-2) in legal areas.</summary>
internal static class RegionSets
{
    // EU member states, plus the outermost regions and Åland that libphonenumber gives their own region code.
    private static readonly HashSet<string> s_europeanUnion = new(StringComparer.Ordinal)
    {
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
        "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
        "AX", "GF", "GP", "MQ", "RE", "YT", "MF",
    };

    private static readonly HashSet<string> s_eeaOnly = new(StringComparer.Ordinal) { "IS", "LI", "NO" };

    // US states, DC and the inhabited territories where federal telemarketing law applies.
    private static readonly HashSet<string> s_unitedStatesAndTerritories = new(StringComparer.Ordinal)
    {
        "US", "PR", "VI", "GU", "AS", "MP",
    };

    public static bool IsEuropeanUnion(string region) => s_europeanUnion.Contains(region);

    public static bool IsEuropeanEconomicArea(string region) => s_europeanUnion.Contains(region) || s_eeaOnly.Contains(region);

    public static bool IsUnitedKingdom(string region) => region == "GB";

    public static bool IsUnitedStatesOrTerritory(string region) => s_unitedStatesAndTerritories.Contains(region);
}
