namespace WaCompliance.Suppression;

/// <summary>How suppression entries combine, the same for every store.</summary>
public static class SuppressionRules
{
    /// <summary>
    /// Picks the entry that blocks a purpose at an instant: active entries for that purpose or for every purpose;
    /// every-purpose entries first, then the oldest.
    /// </summary>
    /// <param name="entries">A subject's entries.</param>
    /// <param name="purpose">The purpose of the message.</param>
    /// <param name="asOf">The instant.</param>
    /// <returns>The blocking entry, or <see langword="null"/>.</returns>
    public static SuppressionEntry? FindBlocking(IEnumerable<SuppressionEntry> entries, ConsentPurpose purpose, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(entries);
        SuppressionEntry? best = null;
        foreach (var entry in entries)
        {
            if (!entry.IsActive(asOf) || !purpose.IsCoveredBy(entry.Purpose))
            {
                continue;
            }

            if (best is null
                || (entry.Purpose.IsAll && !best.Purpose.IsAll)
                || (entry.Purpose.IsAll == best.Purpose.IsAll && entry.AddedAt < best.AddedAt))
            {
                best = entry;
            }
        }

        return best;
    }
}
