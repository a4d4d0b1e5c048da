using WaCompliance;
using WaCompliance.Numbers;
using WaCompliance.Testing;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a <see cref="RecordingMessageGateway"/>.</summary>
public static class RecordingGatewayBuilderExtensions
{
    /// <summary>
    /// Adds a recording gateway under a name, holding the given sender numbers. Resolve it with
    /// <c>GetRequiredKeyedService&lt;IMessageGateway&gt;(name)</c> and cast, or keep the instance passed back.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The registration name.</param>
    /// <param name="senders">The sender numbers (E.164).</param>
    /// <returns>The builder.</returns>
    public static IWhatsAppComplianceBuilder AddRecordingGateway(this IWhatsAppComplianceBuilder builder, string name, params string[] senders)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(senders);
        var gateway = new RecordingMessageGateway(name, senders.Select(s => WhatsAppNumber.Parse(s)));
        return builder.AddGateway(name, _ => gateway);
    }

    /// <summary>Adds a recording gateway instance the caller created (to script it beforehand).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="gateway">The gateway.</param>
    /// <returns>The builder.</returns>
    public static IWhatsAppComplianceBuilder AddRecordingGateway(this IWhatsAppComplianceBuilder builder, RecordingMessageGateway gateway)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(gateway);
        return builder.AddGateway(gateway.Name, _ => gateway);
    }
}
