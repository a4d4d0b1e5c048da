using Microsoft.Extensions.DependencyInjection;
using WaCompliance.Gateways;
using WaCompliance.Numbers;
using WaCompliance.Templates;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.Twilio.Tests.Infrastructure;

/// <summary>Builds the engine with one Twilio registration ("main") pointed at a stub, through the public DI entry points.</summary>
public static class TestHost
{
    public const string Sender = "+16502530000";
    public const string Recipient = "+64211234567";

    public static ServiceProvider Build(TwilioStub? stub, Action<TwilioOptions>? configure = null, TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddWhatsAppCompliance(o =>
            {
                o.BusinessName = "Acme Ltd";
                o.Pepper = "test-pepper-0123456789abcdef0123456789";
            }).UseInMemoryStores()
            .AddTwilio("main", o =>
            {
                o.AccountSid = TwilioStub.AccountSid;
                o.AuthToken = TwilioStub.AuthToken;
                o.Senders = [Sender];
                if (stub is not null)
                {
                    o.ApiBaseUrl = stub.BaseUrl;
                    o.ContentBaseUrl = stub.BaseUrl;
                }

                configure?.Invoke(o);
            });
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static IMessageGateway Gateway(this IServiceProvider services) =>
        services.GetRequiredKeyedService<IMessageGateway>("twilio:main");

    public static IWebhookReader Reader(this IServiceProvider services) =>
        services.GetRequiredKeyedService<IWebhookReader>("twilio:main");

    public static ITemplateClient Templates(this IServiceProvider services) =>
        services.GetRequiredKeyedService<ITemplateClient>("twilio:main");

    /// <summary>A business-scoped user ID of the recipient (identities.md §1 example form).</summary>
    public const string RecipientUserId = "US.13491208655302741918";

    /// <summary>A parent business-scoped user ID of the recipient.</summary>
    public const string RecipientParentUserId = "US.ENT.11815799212886844830";

    public static GatewayMessage Message(Messaging.MessageContent content, MessageTemplate? template = null, string? replyTo = null) =>
        Message(WhatsAppNumber.Parse(Recipient), content, template, replyTo);

    public static GatewayMessage Message(Identities.WhatsAppIdentity to, Messaging.MessageContent content, MessageTemplate? template = null, string? replyTo = null) => new()
    {
        From = WhatsAppNumber.Parse(Sender),
        To = to,
        Content = content,
        Template = template,
        ReplyToMessageId = replyTo,
        IdempotencyKey = "test:" + Guid.NewGuid().ToString("N"),
    };
}
