using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WaCompliance.Consent;
using WaCompliance.Messaging;
using WaCompliance.Suppression;

namespace WaCompliance.Tests.DependencyInjection;

/// <summary>
/// In-memory compliance records are never a silent default: outside the Development environment an application must
/// choose its stores, or it fails at start-up (or, without a host, at the first store it uses) saying how.
/// </summary>
public sealed class StoreChoiceTests
{
    private const string Pepper = "store-choice-pepper-0123456789abcdef01";

    [Fact]
    public async Task ProductionHost_NoStoreChosen_FailsToStartNamingTheDurableStores()
    {
        using var host = Build(Environments.Production, chooseInMemory: false);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("UseSqlite", error.Message, StringComparison.Ordinal);
        Assert.Contains("UsePostgreSql", error.Message, StringComparison.Ordinal);
        Assert.Contains("UseInMemoryStores", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoHost_NoStoreChosen_TheFirstStoreUsedFails_SoNothingIsSent()
    {
        var services = new ServiceCollection();
        services.AddWhatsAppCompliance(o => { o.BusinessName = "Acme Ltd"; o.Pepper = Pepper; });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IWhatsAppMessenger>());

        Assert.Contains(nameof(IConsentStore), error.Message + error.InnerException?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevelopmentHost_NoStoreChosen_StartsWithTheInMemoryStores()
    {
        using var host = Build(Environments.Development, chooseInMemory: false);

        await host.StartAsync();

        Assert.IsType<InMemoryConsentStore>(host.Services.GetRequiredService<IConsentStore>());
        await host.StopAsync();
    }

    [Fact]
    public async Task ProductionHost_InMemoryStoresChosen_Starts()
    {
        using var host = Build(Environments.Production, chooseInMemory: true);

        await host.StartAsync();

        Assert.IsType<InMemorySuppressionList>(host.Services.GetRequiredService<ISuppressionList>());
        await host.StopAsync();
    }

    [Fact]
    public async Task ProductionHost_ApplicationRegisteredItsOwnStores_TheirsAreUsedAndTheRestMustStillBeChosen()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        var custom = new InMemorySuppressionList(new WaCompliance.Privacy.HmacSubjectKeyProvider(Pepper), TimeProvider.System);
        builder.Services.AddSingleton<ISuppressionList>(custom);
        builder.Services.AddWhatsAppCompliance(o => { o.BusinessName = "Acme Ltd"; o.Pepper = Pepper; });
        using var host = builder.Build();

        Assert.Same(custom, host.Services.GetRequiredService<ISuppressionList>());
        await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
    }

    private static IHost Build(string environment, bool chooseInMemory)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment });
        var compliance = builder.Services.AddWhatsAppCompliance(o => { o.BusinessName = "Acme Ltd"; o.Pepper = Pepper; });
        if (chooseInMemory)
        {
            compliance.UseInMemoryStores();
        }

        return builder.Build();
    }
}
