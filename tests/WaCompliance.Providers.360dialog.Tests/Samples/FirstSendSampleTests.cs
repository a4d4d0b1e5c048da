using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using FirstSend;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using WaCompliance.Consent;
using WaCompliance.Numbers;
using WaCompliance.Providers.Dialog360.Tests.Infrastructure;
using WaCompliance.Templates;
using static WaCompliance.Providers.Dialog360.Tests.Infrastructure.MetaWebhooks;

namespace WaCompliance.Providers.Dialog360.Tests.Samples;

/// <summary>
/// The README's first send and first webhook (samples/FirstSend) run as written: on SQLite, against the Cloud API
/// stub over real HTTP, through the sample's own endpoints; and the docs show exactly the sample's code.
/// </summary>
public sealed class FirstSendSampleTests : IAsyncLifetime
{
    private const string AppSecret = "first-send-app-secret";
    private const string VerifyToken = "first-send-verify-token";
    private static readonly WhatsAppNumber s_person = WhatsAppNumber.Parse("+447911123456");

    private readonly string _directory = Directory.CreateTempSubdirectory("wacompliance-firstsend-").FullName;
    private readonly FakeTimeProvider _clock = new(TestServices.Now);
    private readonly HttpClient _client = new();
    private CloudApiStub _stub = null!;
    private WebApplication _app = null!;
    private Uri _url = null!;

    public async Task InitializeAsync()
    {
        _stub = await CloudApiStub.StartAsync();
        // Settings as command-line arguments: the sample reads them while it registers, as an application would.
        string[] args =
        [
            "--WhatsAppCompliance:BusinessName=Acme Ltd",
            "--WhatsAppCompliance:Pepper=first-send-sample-pepper-0123456789abcdef",
            $"--ConnectionStrings:Compliance=Data Source={Path.Combine(_directory, "compliance.db")}",
            $"--360dialog:ApiKey={CloudApiStub.ApiKey}",
            $"--360dialog:Senders:0={TestServices.Sender}",
            $"--360dialog:BaseUrl={_stub.BaseUrl}",
            $"--360dialog:Webhook:AppSecret={AppSecret}",
            $"--360dialog:Webhook:VerifyToken={VerifyToken}",
        ];
        _app = FirstSendApp.Build(args, builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton<TimeProvider>(_clock);
        });
        await _app.StartAsync();
        _url = new Uri(_app.Urls.First());
        await _app.Services.GetRequiredService<ITemplateCatalog>().UpsertAsync(new MessageTemplate
        {
            Name = "order_shipped",
            Language = "en",
            Category = TemplateCategory.Utility,
            Status = TemplateStatus.Approved,
            Body = "Hi {{1}}, your order {{2}} has shipped. Reply STOP to opt out.",
            BodyExamples = new Dictionary<string, string> { ["1"] = "Ana", ["2"] = "A-1042" },
        });
        await _app.Services.GetRequiredService<IConsentLedger>().RecordAsync(ConsentEvent.OptIn(s_person, ConsentPurpose.Utility, ConsentMethod.WebForm,
            new ConsentEvidence("Yes, send me order updates from Acme Ltd on WhatsApp. Reply STOP to opt out.", "checkout-v2"), _clock.GetUtcNow().AddDays(-1)));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _stub.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task TheSendEndpoint_SendsTheTemplateThrough360dialog_ThenAWebhookStop_MakesTheNextSendRefusedAsOptedOut()
    {
        using var first = await _client.PostAsync(new Uri(_url, "/orders/A-1042/shipped?to=%2B447911123456"), null);
        Assert.True(first.StatusCode == HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        Assert.Contains("providerMessageId", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        _stub.AssertNoViolations();
        Assert.Single(_stub.Requests);
        Assert.True(File.Exists(Path.Combine(_directory, "compliance.db")), "the sample must use the database it was configured with");

        var stop = Change("messages", """
            "contacts":[{"profile":{"name":"Ana"},"wa_id":"447911123456"}],
            "messages":[{"from":"447911123456","id":"wamid.FIRSTSEND.STOP","timestamp":"1772366400","type":"text","text":{"body":"STOP"}}]
            """);
        using var webhook = new HttpRequestMessage(HttpMethod.Post, new Uri(_url, "/webhooks/360dialog")) { Content = new StringContent(stop, Encoding.UTF8, "application/json") };
        webhook.Headers.TryAddWithoutValidation("X-Hub-Signature-256", Sign(AppSecret, stop));
        using var applied = await _client.SendAsync(webhook);
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);

        using var second = await _client.PostAsync(new Uri(_url, "/orders/A-1043/shipped?to=%2B447911123456"), null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        Assert.Contains("OPTED_OUT", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(_stub.Requests);
    }

    [Fact]
    public async Task TheWebhookEndpoint_AnswersMetasSubscriptionCheck_AndRefusesAnUnsignedDelivery()
    {
        using var challenge = await _client.GetAsync(new Uri(_url, $"/webhooks/360dialog?hub.mode=subscribe&hub.verify_token={VerifyToken}&hub.challenge=8675309"));
        Assert.Equal(HttpStatusCode.OK, challenge.StatusCode);
        Assert.Equal("8675309", await challenge.Content.ReadAsStringAsync());

        using var unsigned = await _client.PostAsync(new Uri(_url, "/webhooks/360dialog"), new StringContent(Messages(Text()), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
    }

    [Theory]
    [InlineData("README.md", "register")]
    [InlineData("README.md", "send")]
    [InlineData("README.md", "webhook")]
    [InlineData("docs/getting-started.md", "register")]
    [InlineData("docs/getting-started.md", "send")]
    [InlineData("docs/getting-started.md", "webhook")]
    public void TheDocsShowTheSamplesCode(string document, string region)
    {
        var root = RepositoryRoot();
        var sample = File.ReadAllText(Path.Combine(root, "samples", "FirstSend", "FirstSendApp.cs")).ReplaceLineEndings("\n");
        var match = Regex.Match(sample, $@"// <{region}>\n(?<code>.*?)\n\s*// </{region}>", RegexOptions.Singleline);
        Assert.True(match.Success, $"samples/FirstSend/FirstSendApp.cs has no region '{region}'");
        var code = Dedent(match.Groups["code"].Value);
        var text = File.ReadAllText(Path.Combine(root, document)).ReplaceLineEndings("\n");

        Assert.True(text.Contains(code, StringComparison.Ordinal), $"{document} does not show the '{region}' region of samples/FirstSend/FirstSendApp.cs as it is:\n{code}");
    }

    private static string Dedent(string code)
    {
        var lines = code.Split('\n');
        var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join("\n", lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "WaCompliance.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (WaCompliance.sln) was not found.");
    }
}
