using WaCompliance.Internal;
using WaCompliance.Numbers;

namespace WaCompliance.Jurisdictions;

/// <summary>The <see cref="IJurisdictionResolver"/> that applies overrides from an <see cref="IJurisdictionOverrideStore"/>.</summary>
public sealed class JurisdictionResolver : IJurisdictionResolver
{
    private readonly IJurisdictionOverrideStore _overrides;

    /// <summary>Creates the resolver.</summary>
    /// <param name="overrides">The override store.</param>
    public JurisdictionResolver(IJurisdictionOverrideStore overrides)
    {
        _overrides = Guard.NotNull(overrides);
    }

    /// <inheritdoc />
    public async ValueTask<NumberJurisdiction> ResolveAsync(WhatsAppNumber number, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(number);
        var pending = _overrides.GetAsync(number, cancellationToken);
        var found = pending.IsCompletedSuccessfully ? pending.Result : await pending.ConfigureAwait(false);
        return found is null ? number.Jurisdiction : number.Jurisdiction.With(found);
    }
}
