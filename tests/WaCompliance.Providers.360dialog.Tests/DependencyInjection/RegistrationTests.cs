using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WaCompliance.Gateways;
using WaCompliance.Messaging;
using WaCompliance.Numbers;
using WaCompliance.Providers.Dialog360.Tests.Infrastructure;
using WaCompliance.Templates;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.Dialog360.Tests.DependencyInjection;

public sealed class RegistrationTests
{
    private static IReadOnlyList<string> Failures(Action<Dialog360Options> configure)
    {
        using var services = TestServices.Build(new Uri("https://waba-v2.360dialog.io"), configure);
        var exception = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
        return [.. exception.Failures];
    }

    [Fact]
    public void Valid_options_pass_start_validation()
    {
        using var services = TestServices.Build(new Uri("https://waba-v2.360dialog.io"));

        services.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void A_missing_api_key_fails_at_start_naming_the_setting()
    {
        Assert.Equal(
            ["Dialog360Options.ApiKey of the 360dialog registration 'test' (ApiKey) is required: the channel's API key from the 360dialog hub, sent as D360-API-KEY."],
            Failures(o => o.ApiKey = null));
    }

    [Fact]
    public void An_api_key_with_spaces_fails_without_echoing_the_key()
    {
        var failure = Assert.Single(Failures(o => o.ApiKey = "secret key value"));

        Assert.Contains("ApiKey", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("secret key value", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Senders_are_required()
    {
        Assert.Equal(
            ["Dialog360Options.Senders of the 360dialog registration 'test' (Senders) needs the E.164 number the API key sends from, e.g. \"+4915100000000\"."],
            Failures(o => o.Senders = []));
    }

    [Fact]
    public void Each_sender_failure_names_its_real_fault_without_the_number()
    {
        var failures = Failures(o => o.Senders = ["015123456789", "+999123456789", "+4912", "+49 151 CALL ME", TestServices.Sender, TestServices.Sender, " "]);

        Assert.Equal(
            [
                "Dialog360Options.Senders.0 of the 360dialog registration 'test' (Senders:0) is not in E.164 form: it must start with '+' and the country code, e.g. \"+4915100000000\".",
                "Dialog360Options.Senders.1 of the 360dialog registration 'test' (Senders:1) has an unknown country code: no country is assigned the digits after '+'.",
                "Dialog360Options.Senders.2 of the 360dialog registration 'test' (Senders:2) is too short for a phone number of its country: a short code cannot be a WhatsApp sender, use the full international number.",
                "Dialog360Options.Senders.3 of the 360dialog registration 'test' (Senders:3) contains letters or other characters: an E.164 number is '+' and digits.",
                "Dialog360Options.Senders.5 of the 360dialog registration 'test' (Senders:5) repeats Senders:4: list each number once.",
                "Dialog360Options.Senders.6 of the 360dialog registration 'test' (Senders:6) is empty: a sender is an E.164 number such as \"+4915100000000\".",
            ],
            failures);
        Assert.All(failures, f => Assert.DoesNotContain("999123456789", f, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("+442079460000")] // London landline
    [InlineData("+6493001234")] // Auckland landline
    [InlineData("+61293744000")] // Sydney landline
    [InlineData("+4930123456")] // Berlin landline
    [InlineData("+18005550199")] // US toll-free
    [InlineData("+44 20 7946 0000")] // formatted
    public void Landline_and_toll_free_business_numbers_are_accepted_senders(string sender)
    {
        using var services = TestServices.Build(new Uri("https://waba-v2.360dialog.io"), o => o.Senders = [sender]);

        services.GetRequiredService<IStartupValidator>().Validate();
        var number = Assert.Single(services.Gateway().Senders);
        Assert.Equal(WhatsAppNumberParser.Default.ParseReported(sender.Replace(" ", string.Empty, StringComparison.Ordinal)).Number, number);
    }

    [Theory]
    [InlineData("http://waba-v2.360dialog.io/", "must use HTTPS (plain HTTP is accepted only for a loopback test server).")]
    [InlineData("https://waba-v2.360dialog.io/?x=1", "must not have a query or fragment.")]
    public void The_base_url_must_be_HTTPS_unless_loopback(string url, string problem)
    {
        Assert.Equal([$"Dialog360Options.BaseUrl of the 360dialog registration 'test' (BaseUrl) {problem}"], Failures(o => o.BaseUrl = new Uri(url)));
    }

    [Fact]
    public void Half_a_secret_header_and_a_short_secret_fail()
    {
        Assert.Equal(
            ["Dialog360Options.Webhook.SecretHeaderValue of the 360dialog registration 'test' (Webhook:SecretHeaderValue) is required when the other half of the secret header is set."],
            Failures(o => o.Webhook.SecretHeaderValue = null));
        var failure = Assert.Single(Failures(o => o.Webhook.SecretHeaderValue = "short-secret"));
        Assert.Equal("Dialog360Options.Webhook.SecretHeaderValue of the 360dialog registration 'test' (Webhook:SecretHeaderValue) must have at least 16 characters: it is the only thing authenticating 360dialog's calls.", failure);
    }

    [Theory]
    [InlineData("https://hooks.acme.example:8443/wa", "must not contain an underscore or an explicit port: 360dialog refuses such webhook URLs.")]
    [InlineData("https://hooks.acme.example/wa_hook", "must not contain an underscore or an explicit port: 360dialog refuses such webhook URLs.")]
    [InlineData("http://hooks.acme.example/wa", "must be an absolute HTTPS URL.")]
    public void The_public_url_must_be_one_360dialog_accepts(string url, string problem)
    {
        Assert.Equal([$"Dialog360Options.Webhook.PublicUrl of the 360dialog registration 'test' (Webhook:PublicUrl) {problem}"], Failures(o => o.Webhook.PublicUrl = new Uri(url)));
    }

    [Fact]
    public void The_body_limit_must_be_sensible()
    {
        Assert.Equal(
            ["Dialog360Options.Webhook.MaxBodyBytes of the 360dialog registration 'test' (Webhook:MaxBodyBytes) must be between 1024 and 67108864 bytes (default 1048576)."],
            Failures(o => o.Webhook.MaxBodyBytes = 10));
    }

    [Fact]
    public async Task Options_bind_from_configuration_and_the_registration_works()
    {
        await using var stub = await CloudApiStub.StartAsync();
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes($$"""
            {"360dialog":{"eu":{"ApiKey":"{{CloudApiStub.ApiKey}}","Senders":["{{TestServices.Sender}}"],"BaseUrl":"{{stub.BaseUrl}}",
              "Webhook":{"SecretHeaderName":"X-Webhook-Secret","SecretHeaderValue":"webhook-secret-0123456789","MaxBodyBytes":65536} } } }
            """))).Build();
        var services = new ServiceCollection();
        services.AddWhatsAppCompliance(o => { o.BusinessName = "Acme"; o.Pepper = "test pepper of at least thirty-two bytes!"; }).UseInMemoryStores()
            .Add360dialog("eu", configuration.GetSection("360dialog:eu"));
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        var result = await provider.GetRequiredKeyedService<IMessageGateway>("360dialog:eu").SendAsync(TestServices.Message(new TextContent("hi")));

        Assert.True(result.IsAccepted);
        Assert.Equal(65536, provider.GetRequiredService<IOptionsMonitor<Dialog360Options>>().Get("eu").Webhook.MaxBodyBytes);
        stub.AssertNoViolations();
    }

    [Fact]
    public void A_misspelt_configuration_key_is_an_error()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["eu:ApiKey"] = "k",
            ["eu:Sender"] = TestServices.Sender,
        }).Build();
        var services = new ServiceCollection();
        services.AddWhatsAppCompliance(o => { o.BusinessName = "Acme"; o.Pepper = "test pepper of at least thirty-two bytes!"; }).UseInMemoryStores()
            .Add360dialog("eu", configuration.GetSection("eu"));
        using var provider = services.BuildServiceProvider();

        Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IOptionsMonitor<Dialog360Options>>().Get("eu"));
    }

    [Fact]
    public void Several_registrations_coexist_and_the_registry_routes_by_sender()
    {
        var services = new ServiceCollection();
        services.AddWhatsAppCompliance(o => { o.BusinessName = "Acme"; o.Pepper = "test pepper of at least thirty-two bytes!"; }).UseInMemoryStores()
            .Add360dialog("de", o => { o.ApiKey = "key-de"; o.Senders = ["+4915123456789"]; })
            .Add360dialog("nz", o => { o.ApiKey = "key-nz"; o.Senders = ["+64211112222"]; });
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        var registry = provider.GetRequiredService<IMessageGatewayRegistry>();

        Assert.True(registry.TryResolve(WhatsAppNumber.Parse("+64211112222"), out var nz, out _));
        Assert.True(registry.TryResolve(WhatsAppNumber.Parse("+4915123456789"), out var de, out _));
        Assert.Equal("360dialog:nz", nz.Name);
        Assert.Equal("360dialog:de", de.Name);
        Assert.Equal(["360dialog:de", "360dialog:nz"], provider.GetServices<IWebhookReader>().Select(r => r.GatewayName));
        Assert.Equal(["360dialog:de", "360dialog:nz"], provider.GetServices<ITemplateClient>().Select(c => c.GatewayName));
    }

    [Fact]
    public async Task The_webhook_configurator_registers_the_public_url_with_the_secret_header()
    {
        await using var stub = await CloudApiStub.StartAsync();
        using var services = TestServices.Build(stub.BaseUrl, o => o.Webhook.PublicUrl = new Uri("https://hooks.acme.example/webhooks/whatsapp"));

        await services.GetRequiredKeyedService<Dialog360WebhookConfigurator>(TestServices.GatewayName).ConfigureWebhookAsync();

        stub.AssertNoViolations();
        var request = Assert.Single(stub.Requests);
        Assert.Equal("/v1/configs/webhook", request.PathAndQuery);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("https://hooks.acme.example/webhooks/whatsapp", body.RootElement.GetProperty("url").GetString());
        Assert.Equal("webhook-secret-0123456789", body.RootElement.GetProperty("headers").GetProperty("X-Webhook-Secret").GetString());
    }

    [Fact]
    public async Task The_webhook_configurator_needs_a_public_url()
    {
        using var services = TestServices.Build(new Uri("https://waba-v2.360dialog.io"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => services.GetRequiredKeyedService<Dialog360WebhookConfigurator>(TestServices.GatewayName).ConfigureWebhookAsync());
    }
}
