using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WaCompliance.Gateways;
using WaCompliance.Messaging;
using WaCompliance.Numbers;
using WaCompliance.Providers.Dialog360.Internal;
using WaCompliance.Providers.Dialog360.Messaging;
using WaCompliance.Templates;

namespace WaCompliance.Benchmarks;

/// <summary>
/// Send overhead of the 360dialog gateway: one template message through <c>Dialog360MessageGateway</c> against a
/// loopback Kestrel stub, against a raw <see cref="HttpClient"/> POST of the same JSON bytes to the same stub (the
/// baseline). The gap is the gateway's own work: writing the Cloud API JSON, the API key header, reading
/// <c>messages[0].id</c>. Target: at most 1.15x the baseline.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class Dialog360SendBenchmarks
{
    private const string ApiKey = "benchmark-api-key-0123456789";
    private static readonly byte[] s_answer =
        """{"messaging_product":"whatsapp","contacts":[{"input":"64211234567","wa_id":"64211234567"}],"messages":[{"id":"wamid.HBgLNjQyMTEyMzQ1NjcVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA","message_status":"accepted"}]}"""u8.ToArray();

    private WebApplication _stub = null!;
    private HttpClient _client = null!;
    private Dialog360MessageGateway _gateway = null!;
    private GatewayMessage _message = null!;
    private Uri _messagesUrl = null!;
    private byte[] _payload = [];

    [GlobalSetup]
    public void Setup()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _stub = builder.Build();
        _stub.MapPost("/messages", async context =>
        {
            // Drain the body the way a real server does, then answer the Cloud API success.
            await context.Request.Body.CopyToAsync(Stream.Null);
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(s_answer);
        });
        _stub.StartAsync().GetAwaiter().GetResult();
        var baseUrl = new Uri(_stub.Urls.First() + "/");
        _messagesUrl = new Uri(baseUrl, "messages");

        _client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) });
        var connection = new Dialog360Connection("360dialog:bench", baseUrl, ApiKey, () => _client, TimeProvider.System);
        var sender = WhatsAppNumber.Parse("+4915123456789");
        _gateway = new Dialog360MessageGateway(connection, [sender], NullLogger.Instance);
        _message = new GatewayMessage
        {
            From = sender,
            To = WhatsAppNumber.Parse("+64211234567"),
            Content = new TemplateContent("order_update", "en_US")
            {
                Parameters = TemplateParameters.Positional("Sam", "A-1042").WithHeaderText("A-1042").WithButtonValues("A-1042"),
            },
            IdempotencyKey = "campaign-42:row-17",
        };

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            CloudApiMessageWriter.Write(writer, _message);
        }

        _payload = buffer.WrittenSpan.ToArray();
        if (!_gateway.SendAsync(_message).AsTask().GetAwaiter().GetResult().IsAccepted)
        {
            throw new InvalidOperationException("The stub did not accept the benchmark message.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _stub.StopAsync().GetAwaiter().GetResult();
        _stub.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "raw HttpClient POST of the same JSON")]
    public async Task<int> RawHttpClientPost()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _messagesUrl) { Content = new ByteArrayContent(_payload) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("D360-API-KEY", ApiKey);
        using var response = await _client.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        return body.Length;
    }

    [Benchmark(Description = "Dialog360MessageGateway.SendAsync")]
    public async Task<string?> GatewaySend() => (await _gateway.SendAsync(_message)).ProviderMessageId;
}
