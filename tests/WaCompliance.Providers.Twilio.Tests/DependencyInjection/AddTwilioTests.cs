using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WaCompliance.Gateways;
using WaCompliance.Providers.Twilio.Tests.Infrastructure;
using WaCompliance.Templates;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.Twilio.Tests.DependencyInjection;

public sealed class AddTwilioTests
{
    [Fact]
    public async Task Configuration_section_binds_and_registers_gateway_reader_and_template_client()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WhatsAppCompliance:Twilio:main:AccountSid"] = TwilioStub.AccountSid,
            ["WhatsAppCompliance:Twilio:main:AuthToken"] = TwilioStub.AuthToken,
            ["WhatsAppCompliance:Twilio:main:Senders:0"] = TestHost.Sender,
            ["WhatsAppCompliance:Twilio:main:StatusCallback"] = "https://hooks.example.com/status",
            ["WhatsAppCompliance:Twilio:main:ApiBaseUrl"] = "http://127.0.0.1:9",
            ["WhatsAppCompliance:Twilio:main:InteractiveMessages"] = "Refuse",
        }).Build();
        var services = new ServiceCollection();
        services.AddWhatsAppCompliance(o => { o.BusinessName = "Acme"; o.Pepper = "test-pepper-0123456789abcdef0123456789"; }).UseInMemoryStores()
            .AddTwilio("main", configuration.GetSection("WhatsAppCompliance:Twilio:main"));
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<TwilioOptions>>().Get("main");

        Assert.Equal(new Uri("https://hooks.example.com/status"), options.StatusCallback);
        Assert.Equal(TwilioInteractiveMode.Refuse, options.InteractiveMessages);
        Assert.Equal("twilio:main", provider.GetRequiredKeyedService<IMessageGateway>("twilio:main").Name);
        Assert.Equal("twilio:main", provider.GetRequiredKeyedService<IWebhookReader>("twilio:main").GatewayName);
        Assert.Equal("twilio:main", provider.GetRequiredKeyedService<ITemplateClient>("twilio:main").GatewayName);
    }

    [Fact]
    public void Unknown_configuration_key_is_an_error()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Twilio:AccountSid"] = TwilioStub.AccountSid,
            ["Twilio:AuthTokn"] = "typo",
        }).Build();
        var services = new ServiceCollection();
        services.AddWhatsAppCompliance(o => { o.BusinessName = "Acme"; o.Pepper = "test-pepper-0123456789abcdef0123456789"; }).UseInMemoryStores()
            .AddTwilio("main", configuration.GetSection("Twilio"));
        using var provider = services.BuildServiceProvider();

        Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IOptionsMonitor<TwilioOptions>>().Get("main"));
    }

    [Fact]
    public async Task Several_accounts_register_side_by_side_and_route_by_sender()
    {
        var services = new ServiceCollection();
        services.AddWhatsAppCompliance(o => { o.BusinessName = "Acme"; o.Pepper = "test-pepper-0123456789abcdef0123456789"; }).UseInMemoryStores()
            .AddTwilio("us", o => { o.AccountSid = TwilioStub.AccountSid; o.AuthToken = "a"; o.Senders = ["+16502530000"]; })
            .AddTwilio("nz", o => { o.AccountSid = "ACfedcba9876543210fedcba9876543210"; o.AuthToken = "b"; o.Senders = ["+6493001234"]; });
        await using var provider = services.BuildServiceProvider();

        var registry = provider.GetRequiredService<IMessageGatewayRegistry>();

        Assert.Equal(["twilio:us", "twilio:nz"], registry.Gateways.Select(g => g.Name));
        // A landline business sender is accepted.
        var landline = Assert.Single(registry.Gateways[1].Senders);
        Assert.Equal("+6493001234", landline.E164);
        Assert.True(registry.TryResolve(landline, out var gateway, out _));
        Assert.Equal("twilio:nz", gateway.Name);
        Assert.Equal(2, provider.GetServices<IWebhookReader>().Count());
    }

    [Fact]
    public async Task Invalid_options_fail_at_start_with_messages_naming_each_setting_and_no_secret()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddWhatsAppCompliance(o => { o.BusinessName = "Acme"; o.Pepper = "test-pepper-0123456789abcdef0123456789"; }).UseInMemoryStores()
            .AddTwilio("main", o =>
            {
                o.AccountSid = "AC-not-a-sid";
                o.AuthToken = null;
                o.ApiKeySid = "SK0123456789abcdef0123456789abcdef";
                o.MessagingServiceSid = "MG123";
                o.Senders = ["0211234567", TestHost.Sender, TestHost.Sender];
                o.StatusCallback = new Uri("/relative", UriKind.Relative);
                o.Region = "IE 1";
                o.MaxWebhookBodyBytes = 10;
            });
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(
        [
            "TwilioOptions.AccountSid (registration 'main') must be AC followed by 32 hexadecimal digits.",
            "TwilioOptions.AuthToken (registration 'main') is required: Twilio signs every webhook with it, and REST calls use it unless an API key is set. Load it from a secret store or an environment variable.",
            "TwilioOptions.ApiKeySecret (registration 'main') is required when ApiKeySid is set.",
            "TwilioOptions.MessagingServiceSid (registration 'main') must be MG followed by 32 hexadecimal digits.",
            "TwilioOptions.Senders.0 (registration 'main') is not in E.164 form: write + and the country calling code before the number (e.g. +14155550100), without a national trunk prefix.",
            "TwilioOptions.Senders.2 (registration 'main') is the same number as Senders.1; list each sender once.",
            "TwilioOptions.StatusCallback (registration 'main') must be an absolute http or https URL.",
            "TwilioOptions.Region (registration 'main') must be a Twilio region such as ie1 or au1 (lower-case letters, digits, hyphens).",
            "TwilioOptions.MaxWebhookBodyBytes (registration 'main') must be between 1,024 and 67,108,864 bytes.",
        ], error.Failures);
    }

    [Fact]
    public void Messages_from_configuration_name_the_configuration_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WhatsAppCompliance:Twilio:main:AccountSid"] = TwilioStub.AccountSid,
            ["WhatsAppCompliance:Twilio:main:AuthToken"] = "secret-token-value",
        }).Build();
        var services = new ServiceCollection();
        services.AddWhatsAppCompliance(o => { o.BusinessName = "Acme"; o.Pepper = "test-pepper-0123456789abcdef0123456789"; }).UseInMemoryStores()
            .AddTwilio("main", configuration.GetSection("WhatsAppCompliance:Twilio:main"));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<TwilioOptions>>().Get("main"));

        Assert.Equal(
            "TwilioOptions.Senders (WhatsAppCompliance:Twilio:main:Senders) must list at least one WhatsApp sender number in E.164 form, e.g. +14155550100.",
            Assert.Single(error.Failures));
        Assert.DoesNotContain("secret-token-value", error.Message);
    }

    [Fact]
    public void Region_and_edge_build_Twilio_regional_hosts_only_for_default_base_urls()
    {
        var regional = new Internal.TwilioEndpoints(new TwilioOptions
        {
            AccountSid = TwilioStub.AccountSid, AuthToken = "t", Senders = [TestHost.Sender], Region = "ie1", Edge = "dublin",
        });
        var regionOnly = new Internal.TwilioEndpoints(new TwilioOptions { AccountSid = TwilioStub.AccountSid, AuthToken = "t", Region = "au1" });
        var overridden = new Internal.TwilioEndpoints(new TwilioOptions
        {
            AccountSid = TwilioStub.AccountSid, AuthToken = "t", Region = "ie1", ApiBaseUrl = new Uri("http://127.0.0.1:5000/proxy/"),
        });

        Assert.Equal($"https://api.dublin.ie1.twilio.com/2010-04-01/Accounts/{TwilioStub.AccountSid}/Messages.json", regional.MessagesUri.AbsoluteUri);
        Assert.Equal("https://content.dublin.ie1.twilio.com", regional.ContentBase);
        Assert.Equal("https://api.au1.twilio.com", regionOnly.ApiBase);
        Assert.Equal($"http://127.0.0.1:5000/proxy/2010-04-01/Accounts/{TwilioStub.AccountSid}/Messages.json", overridden.MessagesUri.AbsoluteUri);
    }
}
