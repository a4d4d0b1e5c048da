using Microsoft.Extensions.DependencyInjection;
using WaCompliance.Conformance;

namespace WaCompliance.Storage.Sqlite.Tests;

/// <summary>
/// Two "application instances" sharing one database file: two separate service providers, each with its own
/// <see cref="SqliteComplianceDatabase"/>, connection pool and write gate, as two processes would have.
/// </summary>
internal sealed class TwoInstances : IDisposable
{
    public TwoInstances(TempDatabase file)
    {
        A = Build(file);
        B = Build(file);
    }

    public ServiceProvider A { get; }

    public ServiceProvider B { get; }

    public static ServiceProvider Build(TempDatabase file, TimeProvider? time = null, Action<SqliteStorageOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddWhatsAppCompliance(options =>
            {
                options.BusinessName = "Acme Ltd";
                options.Pepper = StoreTestContext.Pepper;
            })
            .UseSqlite(file.ConnectionString, configure);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
    }
}
