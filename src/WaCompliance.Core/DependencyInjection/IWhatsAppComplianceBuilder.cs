using Microsoft.Extensions.DependencyInjection;

namespace WaCompliance;

/// <summary>
/// Returned by <c>AddWhatsAppCompliance</c>: provider packages (<c>AddTwilio</c>, <c>Add360dialog</c> ...) and storage
/// packages (<c>UseSqlite</c>, <c>UsePostgreSql</c>) add themselves through extension methods on it.
/// </summary>
public interface IWhatsAppComplianceBuilder
{
    /// <summary>The service collection being configured.</summary>
    IServiceCollection Services { get; }
}
