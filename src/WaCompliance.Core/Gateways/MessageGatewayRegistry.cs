using System.Diagnostics.CodeAnalysis;
using WaCompliance.Internal;
using WaCompliance.Numbers;

namespace WaCompliance.Gateways;

/// <summary>The <see cref="IMessageGatewayRegistry"/> over the gateways registered in DI.</summary>
public sealed class MessageGatewayRegistry : IMessageGatewayRegistry
{
    private readonly Dictionary<string, IMessageGateway> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<WhatsAppNumber, IMessageGateway> _bySender = [];

    /// <summary>Indexes the gateways.</summary>
    /// <param name="gateways">The gateways.</param>
    /// <exception cref="InvalidOperationException">Two gateways share a name or a sender number.</exception>
    public MessageGatewayRegistry(IEnumerable<IMessageGateway> gateways)
    {
        Gateways = [.. Guard.NotNull(gateways)];
        foreach (var gateway in Gateways)
        {
            if (!_byName.TryAdd(gateway.Name, gateway))
            {
                throw new InvalidOperationException($"Two gateways are registered under the name '{gateway.Name}'; each registration needs its own name.");
            }

            foreach (var sender in gateway.Senders)
            {
                if (_bySender.TryGetValue(sender, out var other))
                {
                    throw new InvalidOperationException(
                        $"Gateways '{other.Name}' and '{gateway.Name}' both list the same sender number; a WhatsApp number lives at one provider.");
                }

                _bySender[sender] = gateway;
            }
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<IMessageGateway> Gateways { get; }

    /// <inheritdoc />
    public bool TryResolve(WhatsAppNumber? from, [NotNullWhen(true)] out IMessageGateway? gateway, out WhatsAppNumber sender)
    {
        if (from is { } number)
        {
            sender = number;
            return _bySender.TryGetValue(number, out gateway);
        }

        if (_bySender.Count == 1)
        {
            (sender, gateway) = _bySender.Single();
            return true;
        }

        sender = default;
        gateway = null;
        return false;
    }

    /// <inheritdoc />
    public bool TryGet(string name, [NotNullWhen(true)] out IMessageGateway? gateway) =>
        _byName.TryGetValue(Guard.NotNull(name), out gateway);
}
