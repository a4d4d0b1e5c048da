using WaCompliance.Numbers;

namespace WaCompliance.Jurisdictions;

/// <summary>Decides the jurisdiction of a recipient: an application override if there is one, otherwise the number's.</summary>
public interface IJurisdictionResolver
{
    /// <summary>The jurisdiction of one recipient.</summary>
    /// <param name="number">The number.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The jurisdiction.</returns>
    ValueTask<NumberJurisdiction> ResolveAsync(WhatsAppNumber number, CancellationToken cancellationToken = default);
}
