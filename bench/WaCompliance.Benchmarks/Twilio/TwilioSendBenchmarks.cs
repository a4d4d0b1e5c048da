using System.Net.Http.Headers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Twilio.Clients;
using Twilio.Rest.Api.V2010.Account;
using WaCompliance.Gateways;
using WaCompliance.Messaging;
using WaCompliance.Numbers;

namespace WaCompliance.Benchmarks.Twilio;

/// <summary>
/// Send overhead per message against a loopback stub: our gateway, a raw <see cref="HttpClient"/> POST of the same
/// form payload (the baseline), and the official Twilio SDK 8.2.0 sending the same message to the same stub.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class TwilioSendBenchmarks
{
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string AuthToken = "0123456789abcdef0123456789abcdef";
    private const string Text = "Hello Aroha, your order A-1042 has shipped.";

    private LoopbackHttpStub _stub = null!;
    private ServiceProvider _services = null!;
    private IMessageGateway _gateway = null!;
    private IHttpClientFactory _factory = null!;
    private GatewayMessage _message = null!;
    private HttpClient _raw = null!;
    private Uri _messagesUri = null!;
    private byte[] _payload = [];
    private AuthenticationHeaderValue _authorization = null!;
    private TwilioRestClient _sdk = null!;
    private HttpClient _sdkHttp = null!;

    [GlobalSetup]
    public void Setup()
    {
        _stub = new LoopbackHttpStub();
        var services = new ServiceCollection();
        services.AddWhatsAppCompliance(o => { o.BusinessName = "Acme"; o.Pepper = "benchmark-pepper-0123456789abcdef0123"; }).UseInMemoryStores()
            .AddTwilio("main", o =>
            {
                o.AccountSid = AccountSid;
                o.AuthToken = AuthToken;
                o.Senders = ["+16502530000"];
                o.ApiBaseUrl = _stub.BaseUrl;
            });
        _services = services.BuildServiceProvider();
        _gateway = _services.GetRequiredKeyedService<IMessageGateway>("twilio:main");
        _factory = _services.GetRequiredService<IHttpClientFactory>();
        _message = new GatewayMessage
        {
            From = WhatsAppNumber.Parse("+16502530000"),
            To = WhatsAppNumber.Parse("+64211234567"),
            Content = new TextContent(Text),
            IdempotencyKey = "bench",
        };

        _raw = new HttpClient(new SocketsHttpHandler());
        _messagesUri = new Uri(_stub.BaseUrl, $"/2010-04-01/Accounts/{AccountSid}/Messages.json");
        _payload = Encoding.ASCII.GetBytes(
            "To=whatsapp%3A%2B64211234567&From=whatsapp%3A%2B16502530000&Body=" + Uri.EscapeDataString(Text));
        _authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}")));

        // The SDK builds https://api.twilio.com/...; a handler sends it to the stub instead.
        _sdkHttp = new HttpClient(new RedirectToStub(_stub.BaseUrl) { InnerHandler = new SocketsHttpHandler() });
        _sdk = new TwilioRestClient(AccountSid, AuthToken, httpClient: new global::Twilio.Http.SystemNetHttpClient(_sdkHttp));

        if (!Gateway().GetAwaiter().GetResult().IsAccepted || RawHttpClient().GetAwaiter().GetResult().Length == 0
            || TwilioSdk().GetAwaiter().GetResult() is null)
        {
            throw new InvalidOperationException("The stub did not answer as expected.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        _raw.Dispose();
        _sdkHttp.Dispose();
        _stub.Dispose();
    }

    [Benchmark(Baseline = true)]
    public async Task<byte[]> RawHttpClient()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _messagesUri) { Content = new ByteArrayContent(_payload) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded");
        request.Headers.Authorization = _authorization;
        using var response = await _raw.SendAsync(request);
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Benchmark]
    public ValueTask<GatewaySendResult> Gateway() => _gateway.SendAsync(_message);

    /// <summary>The same raw POST through the gateway's named client from IHttpClientFactory (its handler pipeline).</summary>
    [Benchmark]
    public async Task<byte[]> RawHttpClientFromFactory()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _messagesUri) { Content = new ByteArrayContent(_payload) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded");
        request.Headers.Authorization = _authorization;
        using var response = await _factory.CreateClient("WaCompliance.Twilio:main").SendAsync(request);
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Benchmark]
    public async Task<string> TwilioSdk()
    {
        var message = await MessageResource.CreateAsync(
            new CreateMessageOptions(new global::Twilio.Types.PhoneNumber("whatsapp:+64211234567"))
            {
                From = new global::Twilio.Types.PhoneNumber("whatsapp:+16502530000"),
                Body = Text,
            },
            _sdk);
        return message.Sid;
    }

    private sealed class RedirectToStub(Uri stub) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new UriBuilder(request.RequestUri!) { Scheme = stub.Scheme, Host = stub.Host, Port = stub.Port }.Uri;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
