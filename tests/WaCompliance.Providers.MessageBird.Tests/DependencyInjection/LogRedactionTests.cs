using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using WaCompliance.Gateways;
using WaCompliance.Messaging;
using WaCompliance.Providers.MessageBird.Tests.Infrastructure;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.MessageBird.Tests.DependencyInjection;

public sealed class LogRedactionTests
{
    private sealed class CapturingProvider : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue(formatter(state, exception) + " " + state);

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task Sends_refusals_webhooks_and_malformed_items_log_codes_but_never_numbers_user_ids_usernames_text_or_keys()
    {
        await using var stub = await BirdStub.StartAsync();
        var capture = new CapturingProvider();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(capture));
        services.AddWhatsAppCompliance(o => o.BusinessName = "Acme").UseInMemoryStores().AddMessageBird("main", o =>
        {
            o.AccessKey = BirdStub.AccessKey;
            o.WorkspaceId = BirdStub.WorkspaceId;
            o.ChannelId = BirdStub.ChannelId;
            o.Senders = [TestRegistration.Sender];
            o.WebhookSigningKey = TestRegistration.SigningKey;
            o.ChannelsBaseUrl = stub.BaseUrl;
        });
        await using var provider = services.BuildServiceProvider();
        var gateway = provider.GetRequiredKeyedService<IMessageGateway>(TestRegistration.GatewayName);
        var reader = provider.GetRequiredKeyedService<IWebhookReader>(TestRegistration.GatewayName);

        await gateway.SendAsync(Messages.To(new TextContent("secret order text")));
        stub.Respond(422, """{"code":"undeliverable","description":"Undeliverable.","meta_error_code":131026}""");
        await gateway.SendAsync(Messages.To(new TextContent("secret order text")));
        var body = Encoding.UTF8.GetBytes("""{"service":"channels","event":"whatsapp.inbound","payload":{"id":"m1","sender":{"contact":{"identifierValue":"+31687654321"}},"body":{"type":"text","text":{"text":"secret reply text"}}}}""");
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString();
        var url = new Uri("https://hooks.example/bird");
        var headers = new Dictionary<string, string>
        {
            ["messagebird-signature"] = TestSigner.BirdSignature(TestRegistration.SigningKey, timestamp, url.ToString(), body),
            ["messagebird-request-timestamp"] = timestamp,
        };
        var accepted = await reader.ReadAsync(new WebhookRequest { Method = "POST", Url = url, Headers = headers, Body = body });
        await accepted.MarkAppliedAsync();
        var rejected = await reader.ReadAsync(new WebhookRequest { Method = "POST", Url = url, Headers = headers, Body = body });

        Assert.True(accepted.IsAccepted);
        Assert.Equal(WebhookRejection.Replayed, rejected.Rejection!.Code);

        var batch = Encoding.UTF8.GetBytes("[" + Deliveries.ChannelsInbound(Deliveries.UserIdContact, id: "m-2") + "," + Deliveries.ChannelsInbound(Deliveries.UsernameContact, id: "m-3") + "]");
        headers["messagebird-signature"] = TestSigner.BirdSignature(TestRegistration.SigningKey, timestamp, url.ToString(), batch);
        var mixed = await reader.ReadAsync(new WebhookRequest { Method = "POST", Url = url, Headers = headers, Body = batch });
        await gateway.SendAsync(Messages.To(new TextContent("secret order text"), to: WaCompliance.Identities.BusinessScopedUserId.Parse(Deliveries.UserId)));

        Assert.Single(mixed.MalformedItems);
        var log = string.Join("\n", capture.Lines);
        Assert.Contains("RecipientInvalid", log, StringComparison.Ordinal);
        Assert.Contains("REPLAYED", log, StringComparison.Ordinal);
        Assert.Contains(MalformedItemCodes.IdentityMissing, log, StringComparison.Ordinal);
        foreach (var secret in new[] { "31612345678", "31687654321", "secret order text", "secret reply text", BirdStub.AccessKey, TestRegistration.SigningKey,
            Deliveries.UserId, Deliveries.Username, "STOP" })
        {
            Assert.DoesNotContain(secret, log, StringComparison.Ordinal);
        }
    }
}
