using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WaCompliance.Gateways;
using WaCompliance.Numbers;
using WaCompliance.Providers.MessageBird.Tests.Infrastructure;
using WaCompliance.Templates;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.MessageBird.Tests.DependencyInjection;

public sealed class RegistrationTests
{
    private static OptionsValidationException Invalid(Action<MessageBirdOptions> configure)
    {
        using var registration = new TestRegistration(configure);
        return Assert.Throws<OptionsValidationException>(() => registration.Services.GetRequiredService<IOptionsMonitor<MessageBirdOptions>>().Get("main"));
    }

    [Fact]
    public void Empty_options_fail_with_messages_that_name_each_setting()
    {
        var exception = Invalid(_ => { });

        Assert.Equal(
        [
            "MessageBirdOptions.AccessKey (MessageBird registration 'main') is required: the Bird/MessageBird access key, loaded from a secret store.",
            "MessageBirdOptions.WorkspaceId (MessageBird registration 'main') is required for the Channels API and must be the workspace UUID.",
            "MessageBirdOptions.ChannelId (MessageBird registration 'main') is required for the Channels API and must be the WhatsApp channel UUID.",
            "MessageBirdOptions.Senders (MessageBird registration 'main') must list at least one business number in E.164 form, e.g. +31612345678.",
        ], exception.Failures);
    }

    [Fact]
    public void Legacy_mode_needs_a_channel_id_and_the_template_namespace()
    {
        var exception = Invalid(o =>
        {
            o.ApiMode = MessageBirdApiMode.LegacyConversations;
            o.AccessKey = "k";
            o.Senders = [TestRegistration.Sender];
        });

        Assert.Equal(
        [
            "MessageBirdOptions.ChannelId (MessageBird registration 'main') is required for the Conversations API: the channel id sent as 'from'.",
            "MessageBirdOptions.TemplateNamespace (MessageBird registration 'main') is required for the Conversations API: the WhatsApp template namespace sent in hsm.namespace.",
        ], exception.Failures);
    }

    [Fact]
    public void Bad_values_are_named_without_echoing_secrets_or_numbers()
    {
        var exception = Invalid(o =>
        {
            o.AccessKey = "live_secret_key_123 ";
            o.WorkspaceId = BirdStub.WorkspaceId;
            o.ChannelId = BirdStub.ChannelId;
            o.Senders = ["0612345678", TestRegistration.Sender, TestRegistration.Sender];
            o.WebhookSigningKey = " ";
            o.WebhookTimestampTolerance = TimeSpan.Zero;
            o.MaxWebhookBodyBytes = 10;
            o.ReplayCacheCapacity = 0;
            o.ChannelsBaseUrl = new Uri("ftp://example.com/");
            o.TemplateProjects["x"] = "a/b";
        });

        Assert.Equal(
        [
            "MessageBirdOptions.AccessKey (MessageBird registration 'main') contains white space or a line break.",
            "MessageBirdOptions.TemplateProjects (MessageBird registration 'main') entry 'x' must be 'projectId' or 'projectId:version'.",
            "MessageBirdOptions.Senders[0] (MessageBird registration 'main') is not in E.164 form: a '+' and then digits only, with the country calling code (e.g. +31612345678), no spaces or national prefix.",
            "MessageBirdOptions.Senders[2] (MessageBird registration 'main') repeats an earlier sender.",
            "MessageBirdOptions.ChannelsBaseUrl (MessageBird registration 'main') must be an absolute http(s) URL.",
            "MessageBirdOptions.WebhookSigningKey (MessageBird registration 'main') is empty; leave it unset or set the subscription's signing key.",
            "MessageBirdOptions.WebhookTimestampTolerance (MessageBird registration 'main') must be between 1 second and 1 hour (Bird signs each delivery with its time).",
            "MessageBirdOptions.MaxWebhookBodyBytes (MessageBird registration 'main') must be between 1 KiB and 64 MiB.",
            "MessageBirdOptions.ReplayCacheCapacity (MessageBird registration 'main') must be between 1 and 10,000,000.",
        ], exception.Failures);
        Assert.DoesNotContain("live_secret_key_123", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("0612345678", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Landline_toll_free_and_metadata_unknown_business_numbers_are_accepted_senders_of_the_gateway_and_reader()
    {
        string[] senders = ["+6493001234", "+442079460000", "+18005550199", "+4930123456", "+31970123456"];
        using var registration = TestRegistration.Channels(null, o => o.Senders = senders);

        Assert.Equal(senders, registration.Gateway.Senders.Select(n => n.E164).ToArray());
        Assert.Equal(
            [WhatsAppNumberType.FixedLine, WhatsAppNumberType.FixedLine, WhatsAppNumberType.TollFree, WhatsAppNumberType.FixedLine, WhatsAppNumberType.Unknown],
            registration.Gateway.Senders.Select(n => n.Type).ToArray());
    }

    [Fact]
    public void Each_refused_sender_names_its_own_fault_without_the_number()
    {
        var exception = Invalid(o =>
        {
            o.AccessKey = "k";
            o.WorkspaceId = BirdStub.WorkspaceId;
            o.ChannelId = BirdStub.ChannelId;
            o.Senders = ["+64 9 300 1234", "+99912345678", "+3212345", "+3112345", "+31012345678", "+6493001234", "+6493001234", "", "+1234567890123456"];
        });

        Assert.Equal(
        [
            "MessageBirdOptions.Senders[0] (MessageBird registration 'main') is not in E.164 form: a '+' and then digits only, with the country calling code (e.g. +31612345678), no spaces or national prefix.",
            "MessageBirdOptions.Senders[1] (MessageBird registration 'main') has a country calling code that is assigned to no country.",
            "MessageBirdOptions.Senders[2] (MessageBird registration 'main') is too short for a number of its country: a short code cannot be a WhatsApp sender.",
            "MessageBirdOptions.Senders[3] (MessageBird registration 'main') is too short for a number of its country: a short code cannot be a WhatsApp sender.",
            "MessageBirdOptions.Senders[4] (MessageBird registration 'main') is not in E.164 form: it keeps a national trunk prefix (0) after the country calling code.",
            "MessageBirdOptions.Senders[6] (MessageBird registration 'main') repeats an earlier sender.",
            "MessageBirdOptions.Senders[7] (MessageBird registration 'main') is empty; list the business number in E.164 form, e.g. +31612345678.",
            "MessageBirdOptions.Senders[8] (MessageBird registration 'main') has more digits than any number of its country (E.164 numbers have at most 15 digits).",
        ], exception.Failures);
        foreach (var number in new[] { "99912345678", "3212345", "3112345", "6493001234" })
        {
            Assert.DoesNotContain(number, exception.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Options_are_validated_when_the_host_starts()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddWhatsAppCompliance(o => { o.BusinessName = "Acme"; o.Pepper = new string('p', 40); }).UseInMemoryStores()
            .AddMessageBird("main", o => o.AccessKey = "k");
        using var host = builder.Build();

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(exception.Failures, f => f.StartsWith("MessageBirdOptions.WorkspaceId", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_bind_from_a_configuration_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MessageBird:eu:ApiMode"] = "LegacyConversations",
            ["MessageBird:eu:AccessKey"] = "from-config",
            ["MessageBird:eu:ChannelId"] = BirdStub.LegacyChannelId,
            ["MessageBird:eu:TemplateNamespace"] = BirdStub.TemplateNamespace,
            ["MessageBird:eu:Senders:0"] = "+4915112345678",
            ["MessageBird:eu:ConversationsBaseUrl"] = "https://conversations.eu.example",
            ["MessageBird:eu:WebhookTimestampTolerance"] = "00:02:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddWhatsAppCompliance(o => o.BusinessName = "Acme").UseInMemoryStores().AddMessageBird("eu", configuration.GetSection("MessageBird:eu"));
        using var provider = services.BuildServiceProvider();

        var gateway = provider.GetRequiredKeyedService<IMessageGateway>("messagebird:eu");
        var options = provider.GetRequiredService<IOptionsMonitor<MessageBirdOptions>>().Get("eu");

        Assert.Equal("messagebird", gateway.Provider);
        Assert.Equal([WhatsAppNumber.Parse("+4915112345678")], gateway.Senders);
        Assert.Equal(MessageBirdApiMode.LegacyConversations, options.ApiMode);
        Assert.Equal(TimeSpan.FromMinutes(2), options.WebhookTimestampTolerance);
        Assert.Equal(new Uri("https://conversations.eu.example"), options.ConversationsBaseUrl);
    }

    [Fact]
    public void A_misspelt_configuration_key_is_an_error()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MessageBird:AccesKey"] = "typo",
        }).Build();
        var services = new ServiceCollection();
        services.AddWhatsAppCompliance(o => o.BusinessName = "Acme").UseInMemoryStores().AddMessageBird("main", configuration.GetSection("MessageBird"));
        using var provider = services.BuildServiceProvider();

        Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IOptionsMonitor<MessageBirdOptions>>().Get("main"));
    }

    [Fact]
    public void Several_registrations_each_get_a_gateway_reader_and_template_client_and_the_registry_routes_by_sender()
    {
        var services = new ServiceCollection();
        services.AddWhatsAppCompliance(o => o.BusinessName = "Acme").UseInMemoryStores()
            .AddMessageBird("main", o =>
            {
                o.AccessKey = "k1";
                o.WorkspaceId = BirdStub.WorkspaceId;
                o.ChannelId = BirdStub.ChannelId;
                o.Senders = [TestRegistration.Sender];
            })
            .AddMessageBird("legacy", o =>
            {
                o.ApiMode = MessageBirdApiMode.LegacyConversations;
                o.AccessKey = "k2";
                o.ChannelId = BirdStub.LegacyChannelId;
                o.TemplateNamespace = BirdStub.TemplateNamespace;
                o.Senders = ["+64211234567"];
            });
        using var provider = services.BuildServiceProvider();

        var registry = provider.GetRequiredService<IMessageGatewayRegistry>();
        Assert.Equal(["messagebird:main", "messagebird:legacy"], registry.Gateways.Select(g => g.Name).ToArray());
        Assert.True(registry.TryResolve(WhatsAppNumber.Parse("+64211234567"), out var gateway, out _));
        Assert.Equal("messagebird:legacy", gateway.Name);
        Assert.Equal(2, provider.GetServices<IWebhookReader>().Count());
        Assert.Equal(2, provider.GetServices<ITemplateClient>().Count());
        Assert.Equal("messagebird", provider.GetRequiredKeyedService<IWebhookReader>("messagebird:legacy").Provider);
    }

    [Fact]
    public void Adding_the_same_registration_name_twice_throws()
    {
        var builder = new ServiceCollection().AddWhatsAppCompliance(o => o.BusinessName = "Acme").UseInMemoryStores().AddMessageBird("main", _ => { });

        var exception = Assert.Throws<InvalidOperationException>(() => builder.AddMessageBird("main", _ => { }));

        Assert.Contains("'main'", exception.Message, StringComparison.Ordinal);
    }
}
