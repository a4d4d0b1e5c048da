using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using WaCompliance.Providers.MessageBird;
using WaCompliance.Providers.MessageBird.Webhooks;
using WaCompliance.Webhooks;

namespace WaCompliance.Benchmarks;

/// <summary>
/// MessageBird webhook verify + parse, single thread: a Bird Channels <c>whatsapp.inbound</c> text message (signature,
/// timestamp and parsing; with and without the replay memory) and a legacy <c>MessageBird-Signature-JWT</c> request.
/// Target: at least 100,000 per second.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class MessageBirdWebhookBenchmarks
{
    private const string Key = "bench-signing-key";
    private const int Ring = 1 << 16;
    private static readonly DateTimeOffset s_now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Uri s_url = new("https://hooks.acme.example/webhooks/bird");

    private MessageBirdWebhookReader _channels = null!;
    private MessageBirdWebhookReader _channelsWithReplay = null!;
    private MessageBirdWebhookReader _legacy = null!;
    private WebhookRequest _channelsRequest = null!;
    private WebhookRequest[] _unique = [];
    private WebhookRequest _legacyRequest = null!;
    private int _next;

    private sealed class FixedTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => s_now;
    }

    [GlobalSetup]
    public void Setup()
    {
        var time = new FixedTime();
        MessageBirdOptions Options(bool replay) => new() { WebhookSigningKey = Key, RejectReplayedWebhooks = replay, ReplayCacheCapacity = Ring * 2 };
        _channels = new MessageBirdWebhookReader("messagebird:bench", Options(false), time, NullLogger.Instance);
        _channelsWithReplay = new MessageBirdWebhookReader("messagebird:bench", Options(true), time, NullLogger.Instance);
        _legacy = new MessageBirdWebhookReader("messagebird:bench", Options(false), time, NullLogger.Instance);

        _channelsRequest = ChannelsRequest("b6f5c1e8-4d2a-4f3b-9a8c-1e2d3c4b5a69");
        _unique = [.. Enumerable.Range(0, Ring).Select(i => ChannelsRequest(string.Create(CultureInfo.InvariantCulture, $"msg-{i:D8}")))];
        _legacyRequest = LegacyRequest();

        if (!_channels.ReadAsync(_channelsRequest).AsTask().Result.IsAccepted || !_legacy.ReadAsync(_legacyRequest).AsTask().Result.IsAccepted)
        {
            throw new InvalidOperationException("The benchmark requests do not verify.");
        }
    }

    [Benchmark]
    public int Channels_VerifyAndParse() => _channels.ReadAsync(_channelsRequest).GetAwaiter().GetResult().Events.Count;

    [Benchmark]
    public int Channels_VerifyReplayCheckAndParse()
    {
        if (_next == Ring)
        {
            _next = 0;
            _channelsWithReplay.ClearReplayMemory();
        }

        // The reader remembers a signature once its delivery was applied: marking it is part of replay protection.
        var read = _channelsWithReplay.ReadAsync(_unique[_next++]).GetAwaiter().GetResult();
        read.MarkAppliedAsync().GetAwaiter().GetResult();
        return read.Events.Count;
    }

    [Benchmark]
    public int Legacy_VerifyJwtAndParse() => _legacy.ReadAsync(_legacyRequest).GetAwaiter().GetResult().Events.Count;

    private static WebhookRequest ChannelsRequest(string id)
    {
        var body = Encoding.UTF8.GetBytes("""
            {"service":"channels","event":"whatsapp.inbound","payload":{"id":"@ID","channelId":"0f0eb78e-a576-1dfc-b414-0f0756de3338",
            "sender":{"contact":{"id":"c-1","identifierKey":"phonenumber","identifierValue":"+31687654321"}},
            "receiver":{"connector":{"id":"k-1","identifierValue":"+31612345678"}},
            "body":{"type":"text","text":{"text":"Is my order on its way?"}},"status":"delivered","direction":"incoming",
            "createdAt":"2026-03-01T11:59:58.123Z","updatedAt":"2026-03-01T11:59:58.123Z"}}
            """.Replace("@ID", id, StringComparison.Ordinal));
        var timestamp = s_now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return new WebhookRequest
        {
            Method = "POST",
            Url = s_url,
            Body = body,
            Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["Content-Type"] = "application/json",
                ["messagebird-signature"] = ChannelsSignature.Sign(Key, timestamp, s_url.OriginalString, body),
                ["messagebird-request-timestamp"] = timestamp,
            },
        };
    }

    private static WebhookRequest LegacyRequest()
    {
        var body = Encoding.UTF8.GetBytes("""
            {"type":"message.created","contact":{"id":"c","msisdn":31687654321},
             "message":{"id":"6d4fd3fbd9164c2c8b8d1aa7a0e40f2b","channelId":"619747f69cf940a98fb443140ce9aed2","platform":"whatsapp",
               "to":"+31612345678","from":"+31687654321","direction":"received","status":"received","type":"text",
               "content":{"text":"Is my order on its way?"},"createdDatetime":"2026-03-01T11:59:57Z"}}
            """);
        static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var claims = new Dictionary<string, object>
        {
            ["iss"] = "MessageBird",
            ["nbf"] = s_now.ToUnixTimeSeconds(),
            ["exp"] = s_now.ToUnixTimeSeconds() + 60,
            ["jti"] = "59a244dc-e9ad-4e23-9778-371faa238f72",
            ["url_hash"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s_url.OriginalString))),
            ["payload_hash"] = Convert.ToHexStringLower(SHA256.HashData(body)),
        };
        var input = B64("""{"alg":"HS256","typ":"JWT"}"""u8.ToArray()) + "." + B64(JsonSerializer.SerializeToUtf8Bytes(claims));
        var token = input + "." + B64(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Key), Encoding.ASCII.GetBytes(input)));
        return new WebhookRequest
        {
            Method = "POST",
            Url = s_url,
            Body = body,
            Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["MessageBird-Signature-JWT"] = token },
        };
    }
}
