using Microsoft.Extensions.DependencyInjection;

namespace WaCompliance;

internal sealed record WhatsAppComplianceBuilder(IServiceCollection Services) : IWhatsAppComplianceBuilder;
