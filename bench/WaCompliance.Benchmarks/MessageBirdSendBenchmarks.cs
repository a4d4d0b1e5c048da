using System.Net.Http.Headers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using WaCompliance.Gateways;
using WaCompliance.Messaging;
using WaCompliance.Numbers;
using WaCompliance.Providers.MessageBird;
using WaCompliance.Providers.MessageBird.Json;

namespace WaCompliance.Benchmarks;

/// <summary>
/// Send overhead of the MessageBird gateway (Bird Channels API) against a loopback stub, versus a raw HttpClient POST of
/// the same JSON with the same headers to the same stub. Target: gateway / raw at most 1.15.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class MessageBirdSendBenchmarks
{
    private const string AccessKey = "bench-access-key";
    private const string WorkspaceId = "a1405560-c8d3-4b1a-877d-3f449ad95352";
    private const string ChannelId = "0f0eb78e-a576-1dfc-b414-0f0756de3338";

    private LoopbackStub _stub = null!;
    private ServiceProvider _services = null!;
    private IMessageGateway _gateway = null!;
    private GatewayMessage _message = null!;
    private HttpClient _raw = null!;
    private Uri _sendUri = null!;
    private byte[] _payload = [];

    [GlobalSetup]
    public void Setup()
    {
        _stub = LoopbackStub.Start(202, $$"""{"id":"6b9f1c1e-8a4b-4f5e-9a3d-2c1b0a9f8e7d","channelId":"{{ChannelId}}","status":"accepted","direction":"outgoing"}""");
        var services = new ServiceCollection();
        services.AddWhatsAppCompliance(o => o.BusinessName = "Acme").UseInMemoryStores().AddMessageBird("bench", o =>
        {
            o.AccessKey = AccessKey;
            o.WorkspaceId = WorkspaceId;
            o.ChannelId = ChannelId;
            o.Senders = ["+31612345678"];
            o.ChannelsBaseUrl = _stub.BaseUrl;
        });
        _services = services.BuildServiceProvider();
        _gateway = _services.GetRequiredKeyedService<IMessageGateway>("messagebird:bench");
        _message = new GatewayMessage
        {
            From = WhatsAppNumber.Parse("+31612345678"),
            To = WhatsAppNumber.Parse("+31687654321"),
            Content = new TextContent("Your order A-1042 has shipped and arrives on Friday."),
            IdempotencyKey = "campaign-42:row-17",
        };

        var options = new MessageBirdOptions { WorkspaceId = WorkspaceId, ChannelId = ChannelId, ChannelsBaseUrl = _stub.BaseUrl };
        _sendUri = new Uri(_stub.BaseUrl, $"workspaces/{WorkspaceId}/channels/{ChannelId}/messages");
        _payload = JsonSerializer.SerializeToUtf8Bytes(ChannelsRequestBuilder.Build(_message, options, out _)!, MessageBirdJsonContext.Default.ChannelsSendRequest);
        _raw = new HttpClient();

        if (!Gateway().AsTask().GetAwaiter().GetResult().IsAccepted || Raw().GetAwaiter().GetResult() != 202)
        {
            throw new InvalidOperationException("The loopback stub did not accept the benchmark messages.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _services.Dispose();
        _stub.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    public async Task<int> Raw()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _sendUri) { Content = new ByteArrayContent(_payload) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Authorization", "AccessKey " + AccessKey);
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        using var response = await _raw.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        _ = await response.Content.ReadAsByteArrayAsync();
        return (int)response.StatusCode;
    }

    [Benchmark]
    public ValueTask<GatewaySendResult> Gateway() => _gateway.SendAsync(_message);
}
