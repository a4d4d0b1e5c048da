namespace WaCompliance.Jurisdictions;

/// <summary>
/// The legal context of a number: its country, US state or Canadian province, EU/EEA/UK membership and the IANA
/// time zones its area could be in. Rules read it to decide which law applies and what "local time" means.
/// </summary>
/// <remarks>
/// Instances are shared: every number of one area gets the same instance, so per-jurisdiction work (time-zone
/// resolution) is done once. When libphonenumber names several zones all are kept and the rules use the strictest;
/// when it only knows <c>Etc/Unknown</c> or falls back to the whole North American Numbering Plan,
/// <see cref="IsTimeZoneKnown"/> is <see langword="false"/>.
/// </remarks>
public sealed class NumberJurisdiction
{
    private const string UnknownZone = "Etc/Unknown";

    internal NumberJurisdiction(
        string regionCode,
        string? subdivision,
        IReadOnlyList<string> timeZoneIds,
        bool timeZoneFallback,
        JurisdictionSource source)
    {
        RegionCode = regionCode;
        Subdivision = subdivision;
        TimeZoneIds = timeZoneIds;
        Source = source;
        IsEuropeanUnion = RegionSets.IsEuropeanUnion(regionCode);
        IsEuropeanEconomicArea = RegionSets.IsEuropeanEconomicArea(regionCode);
        IsUnitedKingdom = RegionSets.IsUnitedKingdom(regionCode);
        IsUnitedStates = RegionSets.IsUnitedStatesOrTerritory(regionCode);
        if (source == JurisdictionSource.Assumed)
        {
            IsEuropeanUnion = IsEuropeanEconomicArea = IsUnitedKingdom = IsUnitedStates = true;
        }

        var zones = new List<TimeZoneInfo>(timeZoneIds.Count);
        var known = !timeZoneFallback && timeZoneIds.Count > 0;
        foreach (var id in timeZoneIds)
        {
            if (id == UnknownZone || !TimeZoneLookup.TryFind(id, out var zone))
            {
                known = false;
                continue;
            }

            zones.Add(zone);
        }

        TimeZones = known ? zones : [];
        IsTimeZoneKnown = known;
    }

    /// <summary>
    /// The region code: ISO 3166-1 alpha-2 (<c>US</c>, <c>NZ</c>, <c>RE</c>), or <c>001</c> for non-geographic numbers.
    /// </summary>
    public string RegionCode { get; }

    /// <summary>The ISO 3166-2 subdivision, for example <c>US-FL</c> or <c>CA-QC</c>; <see langword="null"/> when unknown.</summary>
    public string? Subdivision { get; }

    /// <summary>The candidate IANA (CLDR) time-zone ids, as libphonenumber names them or as overridden.</summary>
    public IReadOnlyList<string> TimeZoneIds { get; }

    /// <summary>The candidate time zones resolved on this machine; empty when <see cref="IsTimeZoneKnown"/> is false.</summary>
    public IReadOnlyList<TimeZoneInfo> TimeZones { get; }

    /// <summary>
    /// Whether the local time is known well enough for time-of-day rules: false for <c>Etc/Unknown</c>, for the
    /// NANP-wide fallback list and when a zone cannot be resolved on this machine.
    /// </summary>
    public bool IsTimeZoneKnown { get; }

    /// <summary>Whether the region is in the European Union (including its outermost regions).</summary>
    public bool IsEuropeanUnion { get; }

    /// <summary>Whether the region is in the European Economic Area (the EU plus Iceland, Liechtenstein and Norway).</summary>
    public bool IsEuropeanEconomicArea { get; }

    /// <summary>Whether the region is the United Kingdom (UK GDPR and PECR).</summary>
    public bool IsUnitedKingdom { get; }

    /// <summary>Whether GDPR or UK GDPR applies: the EEA or the United Kingdom.</summary>
    public bool IsEeaOrUnitedKingdom => IsEuropeanEconomicArea || IsUnitedKingdom;

    /// <summary>Whether the region is a US state, DC or an inhabited US territory (federal TCPA applies).</summary>
    public bool IsUnitedStates { get; }

    /// <summary>Whether this came from the number or from an application override.</summary>
    public JurisdictionSource Source { get; }

    /// <summary>
    /// The jurisdiction of a person about whom nothing is known: every pack's consent rules apply (the strictest
    /// setting), no time zone is known, and <see cref="RegionCode"/> is <c>ZZ</c>.
    /// </summary>
    public static NumberJurisdiction Strictest { get; } = new("ZZ", null, [], timeZoneFallback: true, JurisdictionSource.Assumed);

    /// <summary>
    /// The jurisdiction assumed for a whole region when nothing better is known (a configured default): the region's
    /// law, no subdivision and no known time zone, marked <see cref="JurisdictionSource.Assumed"/>.
    /// </summary>
    /// <param name="regionCode">An ISO 3166-1 alpha-2 code.</param>
    /// <returns>The jurisdiction.</returns>
    public static NumberJurisdiction ForRegion(string regionCode)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(regionCode);
        return s_assumed.GetOrAdd(regionCode.Trim().ToUpperInvariant(), static region =>
            new NumberJurisdiction(region, null, [], timeZoneFallback: true, JurisdictionSource.Override) { IsAssumedRegion = true });
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, NumberJurisdiction> s_assumed = new(StringComparer.Ordinal);

    /// <summary>Whether this jurisdiction was assumed from a configured region rather than learned.</summary>
    public bool IsAssumedRegion { get; private init; }

    /// <summary>Whether nothing is known and every jurisdiction is assumed (<see cref="Strictest"/>).</summary>
    public bool IsAssumed => Source == JurisdictionSource.Assumed;

    /// <summary>Whether the law of a region applies: the region is this one, or every region is assumed.</summary>
    /// <param name="regionCode">An ISO 3166-1 alpha-2 code, for example <c>CA</c>.</param>
    /// <returns>Whether the region's rules apply.</returns>
    public bool Covers(string regionCode) => IsAssumed || string.Equals(RegionCode, regionCode, StringComparison.Ordinal);

    /// <summary>Returns a jurisdiction where the override's fields replace these.</summary>
    /// <param name="jurisdictionOverride">What the application knows about the contact.</param>
    /// <returns>A new jurisdiction with <see cref="Source"/> = <see cref="JurisdictionSource.Override"/>.</returns>
    public NumberJurisdiction With(JurisdictionOverride jurisdictionOverride)
    {
        ArgumentNullException.ThrowIfNull(jurisdictionOverride);
        if (IsAssumed && jurisdictionOverride.RegionCode is null)
        {
            // Only time zones are known: keep assuming every jurisdiction for the law.
            return new NumberJurisdiction(RegionCode, jurisdictionOverride.Subdivision, jurisdictionOverride.TimeZoneIds ?? [],
                jurisdictionOverride.TimeZoneIds is not { Count: > 0 }, JurisdictionSource.Assumed);
        }

        var region = jurisdictionOverride.RegionCode ?? RegionCode;
        var subdivision = jurisdictionOverride.Subdivision
            ?? (jurisdictionOverride.RegionCode is null || jurisdictionOverride.RegionCode == RegionCode ? Subdivision : null);
        var zones = jurisdictionOverride.TimeZoneIds is { Count: > 0 } overridden ? overridden : TimeZoneIds;
        var fallback = jurisdictionOverride.TimeZoneIds is { Count: > 0 } ? false : !IsTimeZoneKnown;
        return new NumberJurisdiction(region, subdivision, zones, fallback, JurisdictionSource.Override);
    }

    /// <inheritdoc />
    public override string ToString() =>
        Subdivision ?? RegionCode;
}
