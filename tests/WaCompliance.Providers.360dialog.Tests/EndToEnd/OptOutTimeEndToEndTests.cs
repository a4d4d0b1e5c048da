using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WaCompliance.Consent;
using WaCompliance.Numbers;
using WaCompliance.Providers.Dialog360.Tests.Infrastructure;
using WaCompliance.Webhooks;
using static WaCompliance.Providers.Dialog360.Tests.Infrastructure.MetaWebhooks;

namespace WaCompliance.Providers.Dialog360.Tests.EndToEnd;

/// <summary>
/// Issue 11 parts 2 and 3 through a real Kestrel host: a signed STOP from 360dialog is recorded whatever its
/// timestamp, its id or the items beside it, on the first delivery and on every redelivery.
/// </summary>
public sealed class OptOutTimeEndToEndTests : IAsyncLifetime
{
    private static readonly WhatsAppNumber s_person = WhatsAppNumber.Parse("+" + PersonDigits);
    private static readonly long s_now = TestServices.Now.ToUnixTimeSeconds();

    private readonly FakeTimeProvider _clock = new(TestServices.Now);
    private readonly HttpClient _client = new();
    private ServiceProvider _services = null!;
    private WebhookHost _host = null!;

    private IConsentLedger Ledger => _services.GetRequiredService<IConsentLedger>();

    public async Task InitializeAsync()
    {
        _services = TestServices.Build(new Uri("http://127.0.0.1:9/"), o => o.Webhook = new Dialog360WebhookOptions { AppSecret = "test_app_secret" }, _clock);
        _host = await WebhookHost.StartAsync(_services.Reader(), _services.GetRequiredService<WebhookProcessor>());
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
        await _services.DisposeAsync();
    }

    private async Task<WebhookDeliveryResult> DeliverAsync(string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _host.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", Sign("test_app_secret", body));
        using var response = await _client.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        return _host.Deliveries[^1];
    }

    private static string Stop(string timestamp, string id = "wamid.STOP1", string from = PersonDigits, string text = "STOP") => Messages($$$"""
        "messages":[{"from":"{{{from}}}","id":"{{{id}}}","timestamp":{{{timestamp}}},"type":"text","text":{"body":"{{{text}}}"}}]
        """);

    private async Task OptInAsync(WhatsAppNumber who) =>
        await Ledger.RecordAsync(ConsentEvent.OptIn(who, ConsentPurpose.Marketing, ConsentMethod.WebForm, new ConsentEvidence("Yes, offers from Acme on WhatsApp", "v1")));

    private async Task<ConsentStatus> MarketingAsync(WhatsAppNumber who) => (await Ledger.GetStateAsync(who, ConsentPurpose.Marketing)).Status;

    [Fact]
    public async Task A_STOP_timestamped_minutes_ahead_of_our_clock_is_recorded_on_the_first_delivery_and_every_redelivery()
    {
        await OptInAsync(s_person);
        var body = Stop($"\"{s_now + 600}\"");

        var first = await DeliverAsync(body);
        var again = await DeliverAsync(body);

        var record = Assert.Single(first.Events).ConsentRecord!;
        Assert.Equal((TestServices.Now, TestServices.Now.AddMinutes(10)), (record.CapturedAt, record.ReportedAt));
        Assert.True(Assert.Single(again.Events).IsDuplicate);
        Assert.Empty(first.DeadLetters);
        Assert.Equal(ConsentStatus.OptedOut, await MarketingAsync(s_person));
    }

    [Theory]
    [InlineData("\"253402300799\"")] // 9999-12-31T23:59:59Z
    [InlineData("253402300799")]
    [InlineData("\"253402300800\"")] // past what DateTimeOffset holds
    [InlineData("4102444800")] // 2100-01-01
    [InlineData("\"3786912000\"")] // 2090
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("-9223372036854775808")]
    [InlineData("99999999999999999999999")]
    [InlineData("1.5")]
    [InlineData("\"yesterday\"")]
    [InlineData("{}")]
    [InlineData("[1772366400]")]
    [InlineData("true")]
    public async Task A_STOP_with_an_absurd_or_unreadable_timestamp_is_recorded_as_received(string timestamp)
    {
        await OptInAsync(s_person);

        var delivery = await DeliverAsync(Stop(timestamp));

        var result = Assert.Single(delivery.Events);
        Assert.True(result.Actions.HasFlag(WebhookActions.OptedOut), result.Actions.ToString());
        Assert.Equal(TestServices.Now, result.ConsentRecord!.CapturedAt);
        Assert.Equal(TestServices.Now, result.Event.OccurredAt);
        Assert.Empty(delivery.DeadLetters);
        Assert.Equal(ConsentStatus.OptedOut, await MarketingAsync(s_person));
    }

    [Fact]
    public async Task A_STOP_at_year_9999_keeps_the_providers_time_as_evidence()
    {
        var delivery = await DeliverAsync(Stop("\"253402300799\""));

        var record = Assert.Single(delivery.Events).ConsentRecord!;
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(253402300799), record.ReportedAt);
    }

    [Fact]
    public async Task A_STOP_with_an_old_provider_timestamp_beats_an_opt_in_recorded_before_it()
    {
        await OptInAsync(s_person);
        _clock.Advance(TimeSpan.FromMinutes(30));

        await DeliverAsync(Stop($"\"{s_now - 86_400}\""));

        Assert.Equal(ConsentStatus.OptedOut, await MarketingAsync(s_person));
    }

    [Fact]
    public async Task An_over_long_id_and_a_NUL_in_the_text_do_not_take_the_STOPs_beside_them()
    {
        var people = new[] { "64211234561", "64211234562", "64211234563", "64211234564" };
        var longId = "wamid." + new string('A', 600);
        var body = Messages($$$"""
            "messages":[
              {"from":"{{{people[0]}}}","id":"wamid.A","timestamp":"{{{s_now}}}","type":"text","text":{"body":"STOP"}},
              {"from":"{{{people[1]}}}","id":"{{{longId}}}","timestamp":"{{{s_now}}}","type":"text","text":{"body":"STOP"}},
              {"from":"{{{people[2]}}}","id":"wamid.C","timestamp":"{{{s_now}}}","type":"text","text":{"body":"STOP\u0000"}},
              {"from":"{{{people[3]}}}","id":"wamid.D","timestamp":"{{{s_now + 3600}}}","type":"text","text":{"body":"STOP"}}]
            """);

        var first = await DeliverAsync(body);
        var again = await DeliverAsync(body);

        Assert.Empty(first.DeadLetters);
        Assert.Equal(4, first.Events.Count(e => e.Actions.HasFlag(WebhookActions.OptedOut)));
        Assert.All(again.Events, e => Assert.True(e.IsDuplicate));
        foreach (var digits in people)
        {
            Assert.Equal(ConsentStatus.OptedOut, await MarketingAsync(WhatsAppNumber.Parse("+" + digits)));
        }
    }

    [Theory]
    [InlineData("1772367000")] // ten minutes ahead
    [InlineData("253402300799")]
    [InlineData("\"soon\"")]
    public async Task A_user_preferences_stop_with_a_future_or_absurd_timestamp_is_recorded_once(string timestamp)
    {
        await OptInAsync(s_person);
        var body = Change("user_preferences", $$$"""
            "contacts":[{"wa_id":"{{{PersonDigits}}}"}],
            "user_preferences":[{"wa_id":"{{{PersonDigits}}}","category":"marketing_messages","value":"stop","timestamp":{{{timestamp}}}}]
            """);

        var first = await DeliverAsync(body);
        _clock.Advance(TimeSpan.FromMinutes(3));
        var again = await DeliverAsync(body);

        Assert.True(Assert.Single(first.Events).Actions.HasFlag(WebhookActions.OptedOut));
        Assert.True(Assert.Single(again.Events).IsDuplicate);
        Assert.Equal(ConsentStatus.OptedOut, await MarketingAsync(s_person));
    }

    [Fact]
    public async Task A_failed_status_131050_dated_ahead_of_our_clock_records_the_opt_out()
    {
        await OptInAsync(s_person);

        var delivery = await DeliverAsync(Messages($$$"""
            "statuses":[{"id":"wamid.OUT","status":"failed","timestamp":"{{{s_now + 3600}}}","recipient_id":"{{{PersonDigits}}}","errors":[{"code":131050,"title":"User has stopped marketing messages"}]}]
            """));

        Assert.True(Assert.Single(delivery.Events).Actions.HasFlag(WebhookActions.OptedOut));
        Assert.Equal(ConsentStatus.OptedOut, await MarketingAsync(s_person));
    }

    [Fact]
    public async Task A_STOP_and_a_START_a_minute_later_from_a_provider_whose_clock_lags_ours_leave_the_person_subscribed()
    {
        await OptInAsync(s_person);
        var provider = s_now - 120;
        await DeliverAsync(Stop(provider.ToString(CultureInfo.InvariantCulture), "wamid.S"));
        _clock.Advance(TimeSpan.FromMinutes(1));

        var start = await DeliverAsync(Stop((provider + 60).ToString(CultureInfo.InvariantCulture), "wamid.G", text: "START"));

        Assert.True(Assert.Single(start.Events).Actions.HasFlag(WebhookActions.OptedIn));
        Assert.Equal(ConsentStatus.OptedIn, await MarketingAsync(s_person));
    }
}
