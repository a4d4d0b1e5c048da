using System.Net;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using WaCompliance.Webhooks;

namespace WaCompliance.Benchmarks.Twilio;

/// <summary>Twilio webhook verify + parse, single thread: a typical signed WhatsApp inbound form post and a status callback.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class TwilioWebhookBenchmarks
{
    private const string AuthToken = "0123456789abcdef0123456789abcdef";
    private ServiceProvider _services = null!;
    private IWebhookReader _reader = null!;
    private WebhookRequest _inbound = null!;
    private WebhookRequest _status = null!;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddWhatsAppCompliance(o => { o.BusinessName = "Acme"; o.Pepper = "benchmark-pepper-0123456789abcdef0123"; }).UseInMemoryStores()
            .AddTwilio("main", o =>
            {
                o.AccountSid = "AC0123456789abcdef0123456789abcdef";
                o.AuthToken = AuthToken;
                o.Senders = ["+16502530000"];
            });
        _services = services.BuildServiceProvider();
        _reader = _services.GetRequiredKeyedService<IWebhookReader>("twilio:main");
        _inbound = Signed("https://hooks.example.com/twilio/inbound",
        [
            new("SmsMessageSid", "SM0123456789abcdef0123456789abcdef"), new("NumMedia", "0"), new("ProfileName", "Aroha"),
            new("MessageType", "text"), new("SmsSid", "SM0123456789abcdef0123456789abcdef"), new("WaId", "64211234567"),
            new("SmsStatus", "received"), new("Body", "STOP"), new("To", "whatsapp:+16502530000"), new("NumSegments", "1"),
            new("ReferralNumMedia", "0"), new("MessageSid", "SM0123456789abcdef0123456789abcdef"),
            new("AccountSid", "AC0123456789abcdef0123456789abcdef"), new("From", "whatsapp:+64211234567"), new("ApiVersion", "2010-04-01"),
        ]);
        _status = Signed("https://hooks.example.com/twilio/status",
        [
            new("MessageSid", "SM0123456789abcdef0123456789abcdef"), new("SmsSid", "SM0123456789abcdef0123456789abcdef"),
            new("MessageStatus", "delivered"), new("SmsStatus", "delivered"), new("AccountSid", "AC0123456789abcdef0123456789abcdef"),
            new("From", "whatsapp:+16502530000"), new("To", "whatsapp:+64211234567"), new("ApiVersion", "2010-04-01"),
            new("ChannelPrefix", "whatsapp"), new("ChannelInstallSid", "XE0123456789abcdef0123456789abcdef"),
        ]);
        if (!InboundForm().IsAccepted || !StatusCallback().IsAccepted)
        {
            throw new InvalidOperationException("The benchmark requests do not verify.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark]
    public WebhookReadResult InboundForm() => _reader.ReadAsync(_inbound).GetAwaiter().GetResult();

    [Benchmark]
    public WebhookReadResult StatusCallback() => _reader.ReadAsync(_status).GetAwaiter().GetResult();

    private static WebhookRequest Signed(string url, KeyValuePair<string, string>[] parameters)
    {
        var data = new StringBuilder(url);
        foreach (var pair in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            data.Append(pair.Key).Append(pair.Value);
        }

        var signature = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(AuthToken), Encoding.UTF8.GetBytes(data.ToString())));
        var body = string.Join("&", parameters.Select(p => WebUtility.UrlEncode(p.Key) + "=" + WebUtility.UrlEncode(p.Value)));
        return new WebhookRequest
        {
            Method = "POST",
            Url = new Uri(url),
            Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["Content-Type"] = "application/x-www-form-urlencoded",
                ["X-Twilio-Signature"] = signature,
                ["I-Twilio-Idempotency-Token"] = "a1b2c3",
            },
            Body = Encoding.UTF8.GetBytes(body),
        };
    }
}
