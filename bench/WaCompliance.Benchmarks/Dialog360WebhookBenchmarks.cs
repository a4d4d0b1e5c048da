using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using WaCompliance.Numbers;
using WaCompliance.Providers.Dialog360;
using WaCompliance.Providers.Dialog360.Webhooks;
using WaCompliance.Webhooks;

namespace WaCompliance.Benchmarks;

/// <summary>
/// 360dialog webhook verify + parse, single thread: X-Hub-Signature-256 (HMAC-SHA256 over the raw body, constant-time
/// compare) or the forwarded secret header, then the Cloud API JSON read into events. Target: at least 100,000
/// requests per second (10 µs each).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class Dialog360WebhookBenchmarks
{
    private const string AppSecret = "benchmark_app_secret";
    private const string HeaderSecret = "webhook-secret-0123456789";

    private static readonly string s_inbound = """
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"4915123456789","phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Aroha"},"wa_id":"64211234567"}],"messages":[{"from":"64211234567","id":"wamid.HBgLNjQyMTEyMzQ1NjcVAgASGBQzQTdCRTZGNkU5QkRGRjc4QUY0MQA=","timestamp":"1772366400","text":{"body":"STOP"},"type":"text"}]},"field":"messages"}]}]}
        """;

    private static readonly string s_status = """
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"4915123456789","phone_number_id":"106540352242922"},"statuses":[{"id":"wamid.HBgLNjQyMTEyMzQ1NjcVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA","status":"delivered","timestamp":"1772366402","recipient_id":"64211234567","conversation":{"id":"4a1e7b8c","origin":{"type":"utility"}},"pricing":{"billable":true,"pricing_model":"PMP","category":"utility"}}]},"field":"messages"}]}]}
        """;

    private Dialog360WebhookReader _signedReader = null!;
    private Dialog360WebhookReader _headerReader = null!;
    private WebhookRequest _signedInbound = null!;
    private WebhookRequest _signedStatus = null!;
    private WebhookRequest _headerInbound = null!;

    [GlobalSetup]
    public void Setup()
    {
        WhatsAppNumber[] senders = [WhatsAppNumber.Parse("+4915123456789")];
        _signedReader = new Dialog360WebhookReader("360dialog:bench", new Dialog360WebhookOptions { AppSecret = AppSecret }, senders, TimeProvider.System, NullLogger.Instance);
        _headerReader = new Dialog360WebhookReader("360dialog:bench", new Dialog360WebhookOptions { SecretHeaderName = "X-Webhook-Secret", SecretHeaderValue = HeaderSecret }, senders, TimeProvider.System, NullLogger.Instance);
        _signedInbound = Signed(s_inbound);
        _signedStatus = Signed(s_status);
        _headerInbound = Request(s_inbound, "X-Webhook-Secret", HeaderSecret);
        foreach (var (reader, request) in new[] { (_signedReader, _signedInbound), (_signedReader, _signedStatus), (_headerReader, _headerInbound) })
        {
            if (reader.ReadAsync(request).AsTask().GetAwaiter().GetResult().Events.Count != 1)
            {
                throw new InvalidOperationException("The benchmark webhook did not read as one event.");
            }
        }
    }

    [Benchmark(Baseline = true, Description = "inbound text, X-Hub-Signature-256")]
    public int SignedInbound() => _signedReader.ReadAsync(_signedInbound).GetAwaiter().GetResult().Events.Count;

    [Benchmark(Description = "delivered status, X-Hub-Signature-256")]
    public int SignedStatus() => _signedReader.ReadAsync(_signedStatus).GetAwaiter().GetResult().Events.Count;

    [Benchmark(Description = "inbound text, secret header")]
    public int HeaderInbound() => _headerReader.ReadAsync(_headerInbound).GetAwaiter().GetResult().Events.Count;

    private static WebhookRequest Signed(string body) =>
        Request(body, "X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(AppSecret), Encoding.UTF8.GetBytes(body))));

    private static WebhookRequest Request(string body, string header, string value) => new()
    {
        Method = "POST",
        Url = new Uri("https://hooks.acme.example/webhooks/whatsapp"),
        Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = "application/json",
            ["User-Agent"] = "facebookexternalua",
            [header] = value,
        },
        Body = Encoding.UTF8.GetBytes(body),
    };
}
