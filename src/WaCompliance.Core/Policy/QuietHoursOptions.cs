namespace WaCompliance.Policy;

/// <summary>Local sending hours for marketing, in the recipient's time zone(s).</summary>
public sealed class QuietHoursOptions
{
    /// <summary>US federal hours (TCPA, 47 CFR 64.1200(c)(1)): 08:00–21:00.</summary>
    public string UnitedStates { get; set; } = "08:00-21:00";

    /// <summary>
    /// Hours for marketing everywhere else (no statute found for messages; a courtesy default of 08:00–21:00);
    /// <see langword="null"/> or empty for none.
    /// </summary>
    public string? International { get; set; } = "08:00-21:00";

    /// <summary>
    /// State hours by ISO 3166-2 code (rules.md §4), intersected with the federal hours. Configuration may change or
    /// add entries; an empty value removes a state.
    /// </summary>
    public Dictionary<string, string> States { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["US-FL"] = "08:00-20:00",
        ["US-OK"] = "08:00-20:00",
        ["US-MD"] = "08:00-20:00",
        ["US-WA"] = "08:00-20:00",
        ["US-CT"] = "09:00-20:00",
        ["US-TX"] = "Mon-Sat 09:00-21:00; Sun 12:00-21:00",
        ["US-VA"] = "08:00-21:00",
        ["US-AL"] = "Mon-Sat 08:00-20:00",
        ["US-KY"] = "10:00-21:00",
        ["US-LA"] = "Mon-Sat 08:00-20:00",
        ["US-MA"] = "08:00-20:00",
        ["US-MI"] = "09:00-21:00",
        ["US-MN"] = "09:00-21:00",
        ["US-MS"] = "Mon-Sat 08:00-20:00",
        ["US-NV"] = "09:00-20:00",
        ["US-NM"] = "09:00-21:00",
        ["US-RI"] = "Mon-Fri 09:00-18:00; Sat 10:00-17:00",
    };

    /// <summary>What to do when the recipient's local time cannot be known (outside the US; unknown US zones use every US zone at once).</summary>
    public UnknownTimeZoneAction UnknownTimeZone { get; set; } = UnknownTimeZoneAction.Block;

    /// <summary>With <see cref="UnknownTimeZoneAction.Defer"/>: how long to defer (until an override gives the zone).</summary>
    public TimeSpan UnknownTimeZoneRetry { get; set; } = TimeSpan.FromDays(1);
}

/// <summary>What to do with a time-restricted message when the recipient's time zone is unknown.</summary>
public enum UnknownTimeZoneAction
{
    /// <summary>Block it.</summary>
    Block = 0,

    /// <summary>Defer it by <see cref="QuietHoursOptions.UnknownTimeZoneRetry"/>.</summary>
    Defer,
}
