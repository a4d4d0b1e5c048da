using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using WaCompliance.Consent;
using WaCompliance.Conversations;
using WaCompliance.Counters;
using WaCompliance.Decisions;
using WaCompliance.Messaging;
using WaCompliance.Policy;
using WaCompliance.Policy.Content;
using WaCompliance.Webhooks;
using WaCompliance.Idempotency;
using WaCompliance.Jurisdictions;
using WaCompliance.Numbers;
using WaCompliance.Privacy;
using WaCompliance.Suppression;
using WaCompliance.Templates;

namespace WaCompliance.Tests.DependencyInjection;

public sealed class WhatsAppComplianceServiceCollectionExtensionsTests
{
    private const string Pepper = "test-pepper-0123456789abcdef0123456789";

    [Fact]
    public void AddWhatsAppCompliance_RegistersEveryServiceWithInMemoryStores()
    {
        using var provider = Build(o => { o.BusinessName = "Acme Ltd"; o.Pepper = Pepper; });

        Assert.IsType<InMemoryConsentStore>(provider.GetRequiredService<IConsentStore>());
        Assert.IsType<NotifyingConsentLedger>(provider.GetRequiredService<IConsentLedger>());
        Assert.NotNull(provider.GetRequiredService<ConsentLedger>());
        Assert.IsType<InMemorySuppressionList>(provider.GetRequiredService<ISuppressionList>());
        Assert.IsType<InMemoryConversationWindowStore>(provider.GetRequiredService<IConversationWindowStore>());
        Assert.IsType<InMemoryTemplateCatalog>(provider.GetRequiredService<ITemplateCatalog>());
        Assert.IsType<InMemoryMessageCounterStore>(provider.GetRequiredService<IMessageCounterStore>());
        Assert.IsType<InMemoryIdempotencyStore>(provider.GetRequiredService<IIdempotencyStore>());
        Assert.IsType<InMemoryJurisdictionOverrideStore>(provider.GetRequiredService<IJurisdictionOverrideStore>());
        Assert.IsType<JurisdictionResolver>(provider.GetRequiredService<IJurisdictionResolver>());
        Assert.IsType<DataSubjectService>(provider.GetRequiredService<IDataSubjectService>());
        Assert.IsType<CachingSubjectKeyProvider>(provider.GetRequiredService<ISubjectKeyProvider>());
        Assert.IsType<CompliancePolicy>(provider.GetRequiredService<ICompliancePolicy>());
        Assert.IsType<WhatsAppMessenger>(provider.GetRequiredService<IWhatsAppMessenger>());
        Assert.NotNull(provider.GetRequiredService<WebhookProcessor>());
        Assert.NotNull(provider.GetRequiredService<SendRecovery>());
        Assert.Contains(provider.GetServices<Microsoft.Extensions.Hosting.IHostedService>(), s => s is SendRecoveryHostedService);
        Assert.IsType<LexiconContentScreener>(provider.GetRequiredService<IContentScreener>());
        Assert.IsType<InMemoryDecisionLog>(provider.GetRequiredService<IDecisionLog>());
        Assert.IsType<InMemoryWebhookEventStore>(provider.GetRequiredService<IWebhookEventStore>());
        Assert.NotNull(provider.GetRequiredService<PhoneNumberRedactor>());
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void ContentScreener_FromDi_HasTheBuiltInLexicon()
    {
        // Regression: the container once chose the lexicon constructor with an empty sequence.
        using var provider = Build(o => { o.BusinessName = "Acme Ltd"; o.Pepper = Pepper; });

        Assert.NotEmpty(provider.GetRequiredService<IContentScreener>().Screen("cheap cigarettes"));
    }

    [Fact]
    public void AddWhatsAppCompliance_StoresRegisteredBefore_AreKept()
    {
        var services = new ServiceCollection();
        var custom = new Mock<ISuppressionList>().Object;
        var clock = new FakeTimeProvider();
        services.AddSingleton(custom);
        services.AddSingleton<TimeProvider>(clock);

        services.AddWhatsAppCompliance(o => { o.BusinessName = "Acme Ltd"; o.Pepper = Pepper; }).UseInMemoryStores();
        using var provider = services.BuildServiceProvider();

        Assert.Same(custom, provider.GetRequiredService<ISuppressionList>());
        Assert.Same(clock, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void AddWhatsAppCompliance_ReturnsABuilderOverTheSameServices()
    {
        var services = new ServiceCollection();

        var builder = services.AddWhatsAppCompliance(o => o.BusinessName = "Acme Ltd").UseInMemoryStores();

        Assert.Same(services, builder.Services);
    }

    [Fact]
    public void Parser_UsesTheConfiguredRegionAndTypes()
    {
        using var provider = Build(o =>
        {
            o.BusinessName = "Acme Ltd";
            o.Pepper = Pepper;
            o.DefaultRegion = "GB";
            o.AcceptedNumberTypes = [WhatsAppNumberType.Mobile, WhatsAppNumberType.FixedLine];
        });
        var parser = provider.GetRequiredService<IWhatsAppNumberParser>();

        Assert.Equal("GB", parser.DefaultRegion);
        Assert.Equal(WhatsAppNumberType.FixedLine, parser.Parse("0121 234 5678").Number.Type);
    }

    [Fact]
    public void Configuration_BindsEverySetting()
    {
        using var provider = BuildFromConfiguration(new Dictionary<string, string?>
        {
            ["WhatsAppCompliance:BusinessName"] = "Acme Ltd",
            ["WhatsAppCompliance:DefaultRegion"] = "NZ",
            ["WhatsAppCompliance:Pepper"] = Pepper,
            ["WhatsAppCompliance:AcceptedNumberTypes:0"] = "Mobile",
            ["WhatsAppCompliance:CustomerServiceWindow"] = "1.00:00:00",
            ["WhatsAppCompliance:Controller:Email"] = "privacy@acme.example",
            ["WhatsAppCompliance:Controller:PolicyUrl"] = "https://acme.example/privacy",
        });

        var options = provider.GetRequiredService<IOptions<WhatsAppComplianceOptions>>().Value;

        Assert.Equal("Acme Ltd", options.BusinessName);
        Assert.Equal([WhatsAppNumberType.Mobile], options.AcceptedNumberTypes!);
        Assert.Equal(new Uri("https://acme.example/privacy"), options.Controller.PolicyUrl);
    }

    [Fact]
    public void Configuration_WithTheStorageAndProviderSectionsInside_BindsCoreAndLeavesThemToTheirPackages()
    {
        // Regression: the packages' documented sections sit inside WhatsAppCompliance, and Core's strict binding
        // used to reject them as unknown settings.
        using var provider = BuildFromConfiguration(new Dictionary<string, string?>
        {
            ["WhatsAppCompliance:BusinessName"] = "Acme Ltd",
            ["WhatsAppCompliance:Pepper"] = Pepper,
            ["WhatsAppCompliance:Storage:Sqlite:DataSource"] = "compliance.db",
            ["WhatsAppCompliance:PostgreSql:Schema"] = "wacompliance",
            ["WhatsAppCompliance:Twilio:main:AccountSid"] = "AC00000000000000000000000000000000",
            ["WhatsAppCompliance:MessageBird:main:AccessKey"] = "key",
            ["WhatsAppCompliance:360dialog:eu:ApiKey"] = "key",
        });

        var options = provider.GetRequiredService<IOptions<WhatsAppComplianceOptions>>().Value;

        Assert.Equal("Acme Ltd", options.BusinessName);
    }

    [Fact]
    public void Configuration_MisspeltSectionNextToThePackageSections_StillFailsNamingIt()
    {
        using var provider = BuildFromConfiguration(new Dictionary<string, string?>
        {
            ["WhatsAppCompliance:BusinessName"] = "Acme Ltd",
            ["WhatsAppCompliance:Pepper"] = Pepper,
            ["WhatsAppCompliance:Twilio:main:AccountSid"] = "AC00000000000000000000000000000000",
            ["WhatsAppCompliance:Twillio:main:AccountSid"] = "AC00000000000000000000000000000000",
        });

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IOptions<WhatsAppComplianceOptions>>().Value);

        Assert.Contains("'Twillio'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_MisspeltSetting_FailsNamingIt()
    {
        using var provider = BuildFromConfiguration(new Dictionary<string, string?>
        {
            ["WhatsAppCompliance:BusinessName"] = "Acme Ltd",
            ["WhatsAppCompliance:Peper"] = Pepper,
        });

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IOptions<WhatsAppComplianceOptions>>().Value);

        Assert.Contains("'Peper'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Validation_InvalidSetting_FailsWithAMessageNamingTheSetting(Action<WhatsAppComplianceOptions> corrupt, string expected)
    {
        using var provider = Build(o =>
        {
            o.BusinessName = "Acme Ltd";
            o.Pepper = Pepper;
            corrupt(o);
        });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<WhatsAppComplianceOptions>>().Value);

        Assert.Contains(expected, error.Failures);
    }

    public static TheoryData<Action<WhatsAppComplianceOptions>, string> InvalidOptions() => new()
    {
        { o => o.BusinessName = " ", "WhatsAppComplianceOptions.BusinessName (WhatsAppCompliance:BusinessName) is required: the business name people opt in to receive messages from." },
        { o => o.DefaultRegion = "XX", "WhatsAppComplianceOptions.DefaultRegion (WhatsAppCompliance:DefaultRegion) 'XX' is not a known ISO 3166-1 alpha-2 region such as 'NZ'." },
        { o => o.Pepper = "short", "WhatsAppComplianceOptions.Pepper (WhatsAppCompliance:Pepper) must be at least 32 bytes long." },
        { o => o.Pepper = null, "WhatsAppComplianceOptions.Pepper (WhatsAppCompliance:Pepper) is required outside the Development environment: a secret of at least 32 bytes that keys subject hashes. Load it from a secret store or an environment variable, never from code." },
        { o => o.AcceptedNumberTypes = [WhatsAppNumberType.Unknown], "WhatsAppComplianceOptions.AcceptedNumberTypes (WhatsAppCompliance:AcceptedNumberTypes) 'Unknown' is not a line type that can be accepted." },
        { o => o.CustomerServiceWindow = TimeSpan.Zero, "WhatsAppComplianceOptions.CustomerServiceWindow (WhatsAppCompliance:CustomerServiceWindow) must be more than zero and at most 7 days (WhatsApp uses 24 hours)." },
        { o => o.FreeEntryPointWindow = TimeSpan.FromDays(31), "WhatsAppComplianceOptions.FreeEntryPointWindow (WhatsAppCompliance:FreeEntryPointWindow) must be more than zero and at most 30 days (WhatsApp uses 72 hours)." },
        { o => o.MessageCounterRetention = TimeSpan.FromHours(1), "WhatsAppComplianceOptions.MessageCounterRetention (WhatsAppCompliance:MessageCounterRetention) must be between 1 and 400 days: the messaging limit looks back 24 hours." },
        { o => o.Controller.Email = "privacy", "WhatsAppComplianceOptions.Controller.Email (WhatsAppCompliance:Controller:Email) 'privacy' is not an e-mail address." },
    };

    [Fact]
    public async Task Host_InvalidOptions_FailsAtStart()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Services.AddWhatsAppCompliance(o => o.BusinessName = "Acme Ltd").UseInMemoryStores();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(error.Failures, f => f.StartsWith("WhatsAppComplianceOptions.Pepper", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Host_DevelopmentWithoutPepper_StartsWithTheDevelopmentPepper()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });
        builder.Services.AddWhatsAppCompliance(o => o.BusinessName = "Acme Ltd").UseInMemoryStores();
        using var host = builder.Build();

        await host.StartAsync();
        var keys = host.Services.GetRequiredService<ISubjectKeyProvider>();
        var key = keys.GetKey(WhatsAppNumber.Parse("+64 21 123 4567"));
        await host.StopAsync();

        Assert.False(key.IsEmpty);
    }

    /// <summary>The engine with its options bound from the <c>WhatsAppCompliance</c> section of these settings.</summary>
    private static ServiceProvider BuildFromConfiguration(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddWhatsAppCompliance(configuration.GetSection("WhatsAppCompliance")).UseInMemoryStores();
        return services.BuildServiceProvider();
    }

    private static ServiceProvider Build(Action<WhatsAppComplianceOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddWhatsAppCompliance(configure).UseInMemoryStores();
        return services.BuildServiceProvider();
    }
}
