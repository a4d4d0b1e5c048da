using System.Diagnostics.CodeAnalysis;
using WaCompliance.Numbers;

namespace WaCompliance.Gateways;

/// <summary>
/// Every registered gateway, by name and by sender number. A WhatsApp number lives at one provider, so messages are
/// routed by the number they go from; one application may use several providers at once.
/// </summary>
public interface IMessageGatewayRegistry
{
    /// <summary>Every gateway.</summary>
    IReadOnlyList<IMessageGateway> Gateways { get; }

    /// <summary>Finds the gateway for a sender: the one holding that number, or the only sender when none is given.</summary>
    /// <param name="from">The business number, or <see langword="null"/>.</param>
    /// <param name="gateway">The gateway.</param>
    /// <param name="sender">The sender number it will use.</param>
    /// <returns><see langword="false"/> when no gateway holds the number, or no number was given and several are registered.</returns>
    bool TryResolve(WhatsAppNumber? from, [NotNullWhen(true)] out IMessageGateway? gateway, out WhatsAppNumber sender);

    /// <summary>Finds a gateway by registration name.</summary>
    /// <param name="name">The name.</param>
    /// <param name="gateway">The gateway.</param>
    /// <returns>Whether it exists.</returns>
    bool TryGet(string name, [NotNullWhen(true)] out IMessageGateway? gateway);
}
