using System.Globalization;

namespace WaCompliance.Jurisdictions;

/// <summary>
/// What an application knows about where a contact really is, for example from a postal address. Each field that
/// is set replaces what the number says.
/// </summary>
public sealed record JurisdictionOverride
{
    /// <summary>ISO 3166-1 alpha-2 region, for example <c>US</c>.</summary>
    public string? RegionCode { get; init; }

    /// <summary>ISO 3166-2 subdivision, for example <c>US-TX</c>.</summary>
    public string? Subdivision { get; init; }

    /// <summary>IANA time-zone ids, for example <c>America/Chicago</c>.</summary>
    public IReadOnlyList<string>? TimeZoneIds { get; init; }

    /// <summary>Checks the fields and returns a normalized copy (upper-case codes).</summary>
    /// <returns>The normalized override.</returns>
    /// <exception cref="ArgumentException">A field is malformed or a time zone is not known on this machine.</exception>
    public JurisdictionOverride Validate()
    {
        string? region = null;
        if (RegionCode is not null)
        {
            region = RegionCode.Trim().ToUpperInvariant();
            if (region.Length != 2 || !char.IsAsciiLetterUpper(region[0]) || !char.IsAsciiLetterUpper(region[1]))
            {
                throw new ArgumentException("RegionCode must be an ISO 3166-1 alpha-2 code such as 'US'.", nameof(RegionCode));
            }
        }

        string? subdivision = null;
        if (Subdivision is not null)
        {
            subdivision = Subdivision.Trim().ToUpperInvariant();
            var dash = subdivision.IndexOf('-', StringComparison.Ordinal);
            if (dash != 2 || subdivision.Length < 4 || subdivision.Length > 6)
            {
                throw new ArgumentException("Subdivision must be an ISO 3166-2 code such as 'US-TX'.", nameof(Subdivision));
            }

            if (region is not null && !subdivision.StartsWith(region, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Subdivision '{subdivision}' is not in region '{region}'."),
                    nameof(Subdivision));
            }

            region ??= subdivision[..2];
        }

        IReadOnlyList<string>? zones = null;
        if (TimeZoneIds is { Count: > 0 })
        {
            foreach (var id in TimeZoneIds)
            {
                if (!TimeZoneLookup.TryFind(id, out _))
                {
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"Time zone '{id}' is not known on this machine."),
                        nameof(TimeZoneIds));
                }
            }

            zones = [.. TimeZoneIds];
        }

        return new JurisdictionOverride { RegionCode = region, Subdivision = subdivision, TimeZoneIds = zones };
    }
}
