using Microsoft.Extensions.DependencyInjection;
using WaCompliance.Conformance;

namespace WaCompliance.Storage.PostgreSql.Tests.Infrastructure;

/// <summary>One "application instance": its own service provider and its own connection pool on a shared database.</summary>
public sealed class AppInstance : IAsyncDisposable
{
    private AppInstance(ServiceProvider services) => Services = services;

    /// <summary>The instance's services.</summary>
    public ServiceProvider Services { get; }

    /// <summary>Builds an instance the way an application would: <c>AddWhatsAppCompliance(...).UsePostgreSql(...)</c>.</summary>
    /// <param name="connectionString">The shared database.</param>
    /// <param name="schema">The shared schema.</param>
    /// <param name="configure">Adjusts the storage options.</param>
    /// <returns>The instance.</returns>
    public static AppInstance Start(string connectionString, string schema, Action<PostgreSqlStorageOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddWhatsAppCompliance(o =>
        {
            o.BusinessName = "Acme Ltd";
            o.Pepper = StoreTestContext.Pepper;
        }).UsePostgreSql(connectionString, o =>
        {
            o.Schema = schema;
            configure?.Invoke(o);
        });
        return new AppInstance(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
    }

    /// <summary>A service of the instance.</summary>
    /// <typeparam name="T">The service type.</typeparam>
    /// <returns>The service.</returns>
    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
