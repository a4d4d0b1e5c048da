using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace WaCompliance.Jurisdictions;

/// <summary>Resolves IANA/CLDR zone ids to <see cref="TimeZoneInfo"/>, mapping CLDR's older aliases.</summary>
internal static class TimeZoneLookup
{
    // CLDR keeps some ids that tz moved to "backward"; systems without the backward links need the new name.
    private static readonly Dictionary<string, string> s_aliases = new(StringComparer.Ordinal)
    {
        ["Asia/Calcutta"] = "Asia/Kolkata",
        ["Asia/Katmandu"] = "Asia/Kathmandu",
        ["Asia/Rangoon"] = "Asia/Yangon",
        ["Asia/Saigon"] = "Asia/Ho_Chi_Minh",
        ["Atlantic/Faeroe"] = "Atlantic/Faroe",
        ["America/Godthab"] = "America/Nuuk",
        ["Africa/Asmera"] = "Africa/Asmara",
        ["Pacific/Truk"] = "Pacific/Chuuk",
        ["Pacific/Ponape"] = "Pacific/Pohnpei",
        ["Pacific/Enderbury"] = "Pacific/Kanton",
        ["Europe/Kiev"] = "Europe/Kyiv",
        ["America/Buenos_Aires"] = "America/Argentina/Buenos_Aires",
        ["America/Indianapolis"] = "America/Indiana/Indianapolis",
        ["America/Louisville"] = "America/Kentucky/Louisville",
        ["America/Coral_Harbour"] = "America/Atikokan",
    };

    private static readonly ConcurrentDictionary<string, TimeZoneInfo?> s_cache = new(StringComparer.Ordinal);

    public static bool TryFind(string id, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = s_cache.GetOrAdd(id, static id => Find(id) ?? (s_aliases.TryGetValue(id, out var alias) ? Find(alias) : null));
        return zone is not null;
    }

    private static TimeZoneInfo? Find(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            return null;
        }
        catch (InvalidTimeZoneException)
        {
            return null;
        }
    }
}
