using System.Collections.Concurrent;
using PhoneNumbers;

namespace WaCompliance.Jurisdictions;

/// <summary>
/// Derives the region and <see cref="NumberJurisdiction"/> of a parsed libphonenumber number, sharing one instance
/// per distinct jurisdiction. Region lookups avoid libphonenumber's pattern scan wherever a country code belongs to
/// one region or the NANP area-code table answers.
/// </summary>
internal static class JurisdictionCatalog
{
    private const int NanpCountryCode = 1;

    private static readonly PhoneNumberUtil s_util = PhoneNumberUtil.GetInstance();
    private static readonly PhoneNumberToTimeZonesMapper s_timeZones = PhoneNumberToTimeZonesMapper.GetInstance();
    private static readonly ConcurrentDictionary<JurisdictionKey, NumberJurisdiction> s_jurisdictions = new();
    private static readonly ConcurrentDictionary<int, IReadOnlyList<string>> s_countryZones = new();

    // Index: country calling code. Value: the only region of that code, "" when several share it, null when not yet known.
    private static readonly string?[] s_singleRegion = new string?[1000];

    public static string? RegionOf(PhoneNumber number)
    {
        var countryCode = number.CountryCode;
        if (countryCode == NanpCountryCode)
        {
            return NanpAreaCodes.RegionOf(AreaCode(number)) ?? s_util.GetRegionCodeForNumber(number);
        }

        if ((uint)countryCode < (uint)s_singleRegion.Length)
        {
            var single = s_singleRegion[countryCode];
            if (single is null)
            {
                var regions = s_util.GetRegionCodesForCountryCode(countryCode);
                single = regions.Count == 1 ? regions[0] : string.Empty;
                s_singleRegion[countryCode] = single;
            }

            if (single.Length > 0)
            {
                return single;
            }
        }

        return s_util.GetRegionCodeForNumber(number);
    }

    public static NumberJurisdiction For(PhoneNumber number, string region, PhoneNumberType type)
    {
        var countryCode = number.CountryCode;
        string? subdivision = null;
        if (countryCode == NanpCountryCode && region is "US" or "CA")
        {
            subdivision = NanpAreaCodes.SubdivisionOf(AreaCode(number));
        }

        IReadOnlyList<string> zones = s_util.IsNumberGeographical(type, countryCode)
            ? s_timeZones.GetTimeZonesForGeographicalNumber(number)
            : CountryZones(countryCode);

        var fallback = countryCode == NanpCountryCode && zones.Count > 1 && SameZones(zones, CountryZones(NanpCountryCode));
        var key = new JurisdictionKey(region, subdivision, zones, fallback);
        if (s_jurisdictions.TryGetValue(key, out var existing))
        {
            return existing;
        }

        var zoneCopy = zones.ToArray();
        var created = new NumberJurisdiction(region, subdivision, zoneCopy, fallback, JurisdictionSource.Number);
        return s_jurisdictions.GetOrAdd(new JurisdictionKey(region, subdivision, zoneCopy, fallback), created);
    }

    /// <summary>The zones libphonenumber gives for a whole country calling code (its fallback list).</summary>
    public static IReadOnlyList<string> CountryZones(int countryCode) =>
        s_countryZones.GetOrAdd(countryCode, static cc =>
            s_timeZones.GetTimeZonesForGeographicalNumber(
                new PhoneNumber.Builder().SetCountryCode(cc).SetNationalNumber(0).Build()).ToArray());

    private static int AreaCode(PhoneNumber number) => (int)(number.NationalNumber / 10_000_000UL);

    private static bool SameZones(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!string.Equals(a[i], b[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private readonly struct JurisdictionKey(string region, string? subdivision, IReadOnlyList<string> zones, bool fallback)
        : IEquatable<JurisdictionKey>
    {
        private readonly string _region = region;
        private readonly string? _subdivision = subdivision;
        private readonly IReadOnlyList<string> _zones = zones;
        private readonly bool _fallback = fallback;

        public bool Equals(JurisdictionKey other) =>
            _fallback == other._fallback
            && string.Equals(_region, other._region, StringComparison.Ordinal)
            && string.Equals(_subdivision, other._subdivision, StringComparison.Ordinal)
            && SameZones(_zones, other._zones);

        public override bool Equals(object? obj) => obj is JurisdictionKey other && Equals(other);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.Add(_region, StringComparer.Ordinal);
            hash.Add(_subdivision, StringComparer.Ordinal);
            hash.Add(_zones.Count);
            if (_zones.Count > 0)
            {
                hash.Add(_zones[0], StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }
    }
}
