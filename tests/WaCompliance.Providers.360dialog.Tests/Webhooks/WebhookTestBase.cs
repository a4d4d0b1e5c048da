using System.Text;
using Microsoft.Extensions.DependencyInjection;
using WaCompliance.Providers.Dialog360.Tests.Infrastructure;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.Dialog360.Tests.Webhooks;

/// <summary>Runs a reader behind a real Kestrel endpoint and sends it real HTTP.</summary>
public abstract class WebhookTestBase : IAsyncLifetime
{
    protected const string AppSecret = "test_app_secret";
    protected const string SecretHeader = "X-Webhook-Secret";
    protected const string SecretValue = "webhook-secret-0123456789";

    private readonly HttpClient _client = new();
    private ServiceProvider _services = null!;

    /// <summary>The registration's reader (for reading raw items back).</summary>
    protected IWebhookReader Reader => _services.Reader();

    protected WebhookHost Host { get; private set; } = null!;

    /// <summary>Adjusts the webhook options of the registration.</summary>
    /// <param name="options">The options.</param>
    protected abstract void Configure(Dialog360WebhookOptions options);

    public async Task InitializeAsync()
    {
        _services = TestServices.Build(new Uri("http://127.0.0.1:9/"), o =>
        {
            o.Webhook = new Dialog360WebhookOptions();
            Configure(o.Webhook);
        });
        Host = await WebhookHost.StartAsync(_services.Reader());
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await Host.DisposeAsync();
        await _services.DisposeAsync();
    }

    protected async Task<(int Status, string Text, WebhookReadResult Result)> PostAsync(string body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Host.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await _client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), Host.Results[^1]);
    }

    /// <summary>Posts a body signed with <see cref="AppSecret"/> (for registrations configured with it).</summary>
    protected Task<(int Status, string Text, WebhookReadResult Result)> SignedAsync(string body) =>
        SignedAsync(Encoding.UTF8.GetBytes(body));

    /// <summary>Posts raw bytes signed with <see cref="AppSecret"/>: bodies that are not valid UTF-8 too.</summary>
    protected async Task<(int Status, string Text, WebhookReadResult Result)> SignedAsync(byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Host.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", MetaWebhooks.Sign(AppSecret, body));
        using var response = await _client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), Host.Results[^1]);
    }

    protected async Task<(int Status, string Text, WebhookReadResult Result)> SendAsync(HttpMethod method, string query)
    {
        using var response = await _client.SendAsync(new HttpRequestMessage(method, new Uri(Host.Url + query)));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), Host.Results[^1]);
    }

    protected static void AssertRejected((int Status, string Text, WebhookReadResult Result) answer, string code, int status)
    {
        Assert.Equal(status, answer.Status);
        Assert.Equal(code, answer.Text);
        Assert.Equal(code, answer.Result.Rejection?.Code);
        Assert.Empty(answer.Result.Events);
    }
}
