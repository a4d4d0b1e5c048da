using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WaCompliance.Messaging;
using WaCompliance.Providers.Dialog360.Tests.Infrastructure;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.Dialog360.Tests.DependencyInjection;

public sealed class LogRedactionTests
{
    [Fact]
    public async Task Sends_refusals_webhooks_and_malformed_items_log_no_number_user_id_text_or_secret()
    {
        await using var stub = await CloudApiStub.StartAsync();
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        services.AddWhatsAppCompliance(o => { o.BusinessName = "Acme"; o.Pepper = "test pepper of at least thirty-two bytes!"; }).UseInMemoryStores()
            .Add360dialog("test", o =>
            {
                o.ApiKey = CloudApiStub.ApiKey;
                o.Senders = [TestServices.Sender];
                o.BaseUrl = stub.BaseUrl;
                o.Webhook.AppSecret = "test_app_secret";
            });
        await using var provider = services.BuildServiceProvider();
        var gateway = provider.Gateway();
        var reader = provider.Reader();

        await gateway.SendAsync(TestServices.Message(new TextContent("Secret offer text")));
        stub.EnqueueMessageResponse(new StubResponse(400, """{"error":{"message":"(#131047) Re-engagement message","code":131047}}"""));
        await gateway.SendAsync(TestServices.Message(new TextContent("Secret offer text")));
        var body = MetaWebhooks.Text("Private words");
        await reader.ReadAsync(new WebhookRequest
        {
            Method = "POST",
            Url = new Uri("https://hooks.example.com/wa"),
            Headers = new Dictionary<string, string> { ["X-Hub-Signature-256"] = MetaWebhooks.Sign("test_app_secret", body) },
            Body = Encoding.UTF8.GetBytes(body),
        });
        await reader.ReadAsync(new WebhookRequest { Method = "POST", Url = new Uri("https://hooks.example.com/wa"), Headers = new Dictionary<string, string>(), Body = Encoding.UTF8.GetBytes(body) });
        var batch = Webhooks.MalformedItemTests.ThreeStopsAndOneBadItem;
        var read = await reader.ReadAsync(new WebhookRequest
        {
            Method = "POST",
            Url = new Uri("https://hooks.example.com/wa"),
            Headers = new Dictionary<string, string> { ["X-Hub-Signature-256"] = MetaWebhooks.Sign("test_app_secret", batch) },
            Body = Encoding.UTF8.GetBytes(batch),
        });
        await reader.ReadItemAsync(read.MalformedItems[0].RawItem);
        await gateway.SendAsync(TestServices.Message(global::WaCompliance.Identities.BusinessScopedUserId.Parse("BR.7712093455123009"), new TextContent("Secret offer text")));

        Assert.NotEmpty(logs.Lines);
        var all = string.Join("\n", logs.Lines);
        Assert.Contains(logs.Lines, l => l.Contains("ITEM_MALFORMED", StringComparison.Ordinal));
        foreach (var secret in new[] { "64211234567", "4915123456789", "Secret offer text", "Private words", CloudApiStub.ApiKey, "test_app_secret", "wamid.", "7712093455123009", "NZ.5500011", "442079460000", "61412345678", "ana.r", "not text" })
        {
            Assert.DoesNotContain(secret, all, StringComparison.Ordinal);
        }
    }
}
