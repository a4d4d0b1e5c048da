using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WaCompliance.Consent;
using WaCompliance.Numbers;
using WaCompliance.Providers.Twilio.Tests.Infrastructure;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.Twilio.Tests.EndToEnd;

/// <summary>
/// Issue 11 part 3 for Twilio, through a real Kestrel host that processes each request before answering: a signed
/// STOP is recorded whatever its MessageSid's length or its text holds, and is dated when it was received (Twilio's
/// inbound webhooks carry no timestamp).
/// </summary>
public sealed class TwilioOptOutIdentifierEndToEndTests : IAsyncLifetime
{
    private static readonly DateTimeOffset s_now = new(2026, 7, 1, 9, 30, 0, TimeSpan.Zero);
    private static readonly WhatsAppNumber s_phone = WhatsAppNumber.Parse(TestHost.Recipient);

    private readonly FakeTimeProvider _time = new(s_now);
    private ServiceProvider _services = null!;
    private WebhookHost _host = null!;

    private IConsentLedger Ledger => _services.GetRequiredService<IConsentLedger>();

    public async Task InitializeAsync()
    {
        _services = TestHost.Build(null, time: _time);
        _host = await WebhookHost.StartAsync(_services.Reader(), _services.GetRequiredService<WebhookProcessor>());
        await Ledger.RecordAsync(ConsentEvent.OptIn(s_phone, ConsentPurpose.Marketing, ConsentMethod.WebForm, new ConsentEvidence("Yes, offers from Acme on WhatsApp", "v1"), s_now.AddDays(-1)));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _services.DisposeAsync();
    }

    private async Task<WebhookDeliveryResult> StopAsync(string sid, string body = "STOP")
    {
        _host.Deliveries.Clear();
        var url = new Uri(_host.BaseUrl, "/twilio/whatsapp").ToString();
        KeyValuePair<string, string>[] fields =
        [
            new("MessageSid", sid), new("AccountSid", TwilioStub.AccountSid), new("From", "whatsapp:" + TestHost.Recipient),
            new("To", "whatsapp:" + TestHost.Sender), new("Body", body), new("NumMedia", "0"),
        ];
        using var response = await _host.Client.SendAsync(Signer.SignedPost(url, fields));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single(_host.Deliveries);
    }

    [Theory]
    [InlineData(65)]
    [InlineData(300)]
    [InlineData(4_000)]
    public async Task A_STOP_whose_MessageSid_is_longer_than_the_stores_keep_is_recorded_once(int length)
    {
        var sid = "SM" + new string('a', length - 2);

        var first = await StopAsync(sid);
        var again = await StopAsync(sid);

        Assert.Empty(first.DeadLetters);
        var result = Assert.Single(first.Events);
        Assert.True(result.Actions.HasFlag(WebhookActions.OptedOut), result.Actions.ToString());
        Assert.True(result.Event.EventId.Length <= 64, result.Event.EventId);
        Assert.True(Assert.Single(again.Events).IsDuplicate);
        Assert.Equal(ConsentStatus.OptedOut, (await Ledger.GetStateAsync(s_phone, ConsentPurpose.Marketing)).Status);
    }

    [Fact]
    public async Task A_STOP_with_a_NUL_in_its_text_is_recorded_with_the_text_kept_as_evidence()
    {
        var delivery = await StopAsync("SM00000000000000000000000000000009", "STOP\0");

        var record = Assert.Single(delivery.Events).ConsentRecord!;
        Assert.Equal(ConsentAction.OptOut, record.Action);
        Assert.Equal("STOP\uFFFD", record.PersonalData!.RawInput);
        Assert.Equal(ConsentStatus.OptedOut, (await Ledger.GetStateAsync(s_phone, ConsentPurpose.Marketing)).Status);
    }

    [Fact]
    public async Task A_STOP_is_recorded_as_captured_when_it_was_received()
    {
        var delivery = await StopAsync("SM00000000000000000000000000000010");

        var record = Assert.Single(delivery.Events).ConsentRecord!;
        Assert.Equal((s_now, (DateTimeOffset?)null), (record.CapturedAt, record.ReportedAt));
    }
}
