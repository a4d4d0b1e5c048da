using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WaCompliance.Gateways;
using WaCompliance.Identities;
using WaCompliance.Numbers;
using WaCompliance.Templates;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.Dialog360.Tests.Infrastructure;

/// <summary>Builds the engine with one 360dialog registration, the way an application does.</summary>
public static class TestServices
{
    /// <summary>The registration name.</summary>
    public const string Name = "test";

    /// <summary>The gateway name of the registration.</summary>
    public const string GatewayName = "360dialog:test";

    /// <summary>The business number.</summary>
    public const string Sender = "+4915123456789";

    /// <summary>A recipient (New Zealand mobile).</summary>
    public const string Recipient = "+64211234567";

    /// <summary>The start of the fake clock.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Builds a provider.</summary>
    /// <param name="baseUrl">The API host (the stub).</param>
    /// <param name="configure">Adjusts the options.</param>
    /// <param name="clock">The clock.</param>
    /// <returns>The provider.</returns>
    public static ServiceProvider Build(Uri baseUrl, Action<Dialog360Options>? configure = null, FakeTimeProvider? clock = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock ?? new FakeTimeProvider(Now));
        services.AddWhatsAppCompliance(o =>
            {
                o.BusinessName = "Acme";
                o.Pepper = "test pepper of at least thirty-two bytes!";
            }).UseInMemoryStores()
            .Add360dialog(Name, o =>
            {
                o.ApiKey = CloudApiStub.ApiKey;
                o.Senders = [Sender];
                o.BaseUrl = baseUrl;
                o.Webhook.SecretHeaderName = "X-Webhook-Secret";
                o.Webhook.SecretHeaderValue = "webhook-secret-0123456789";
                configure?.Invoke(o);
            });
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>The registration's gateway.</summary>
    /// <param name="services">The provider.</param>
    /// <returns>The gateway.</returns>
    public static IMessageGateway Gateway(this IServiceProvider services) => services.GetRequiredKeyedService<IMessageGateway>(GatewayName);

    /// <summary>The registration's webhook reader.</summary>
    /// <param name="services">The provider.</param>
    /// <returns>The reader.</returns>
    public static IWebhookReader Reader(this IServiceProvider services) => services.GetRequiredKeyedService<IWebhookReader>(GatewayName);

    /// <summary>The registration's template client.</summary>
    /// <param name="services">The provider.</param>
    /// <returns>The client.</returns>
    public static ITemplateClient Templates(this IServiceProvider services) => services.GetRequiredKeyedService<ITemplateClient>(GatewayName);

    /// <summary>A message to send.</summary>
    /// <param name="content">The content.</param>
    /// <param name="template">The catalog template, for template content.</param>
    /// <param name="replyTo">The message replied to.</param>
    /// <returns>The message.</returns>
    public static GatewayMessage Message(global::WaCompliance.Messaging.MessageContent content, MessageTemplate? template = null, string? replyTo = null) =>
        Message(WhatsAppNumber.Parse(Recipient), content, template, replyTo);

    /// <summary>A message to send to someone.</summary>
    /// <param name="to">The recipient: a phone number, a business-scoped user ID, or both.</param>
    /// <param name="content">The content.</param>
    /// <param name="template">The catalog template, for template content.</param>
    /// <param name="replyTo">The message replied to.</param>
    /// <returns>The message.</returns>
    public static GatewayMessage Message(WhatsAppIdentity to, global::WaCompliance.Messaging.MessageContent content, MessageTemplate? template = null, string? replyTo = null) => new()
    {
        From = WhatsAppNumber.Parse(Sender),
        To = to,
        Content = content,
        Template = template,
        ReplyToMessageId = replyTo,
        IdempotencyKey = "key-1",
    };
}
