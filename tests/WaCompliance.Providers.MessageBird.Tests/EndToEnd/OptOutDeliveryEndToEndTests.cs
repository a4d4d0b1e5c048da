using System.Text;
using Microsoft.Extensions.DependencyInjection;
using WaCompliance.Consent;
using WaCompliance.Numbers;
using WaCompliance.Providers.MessageBird.Tests.Infrastructure;
using WaCompliance.Providers.MessageBird.Tests.Webhooks;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.MessageBird.Tests.EndToEnd;

/// <summary>
/// Issue 11 parts 2 and 3 through a real Kestrel host that processes each delivery before it answers: a signed STOP
/// from Bird is never lost, whatever its timestamp or id, the items beside it, or a store briefly down.
/// </summary>
public sealed class OptOutDeliveryEndToEndTests
{
    private static readonly WhatsAppNumber s_person = WhatsAppNumber.Parse(TestRegistration.Recipient);

    private static string ChannelsStop(string createdAt = "2026-03-01T11:59:58.123Z", string id = "b6f5c1e8-4d2a-4f3b-9a8c-1e2d3c4b5a69", string from = "+31687654321", string text = "STOP") =>
        ChannelsWebhookTests.Inbound($$$"""{"type":"text","text":{"text":"{{{text}}}"}}""")
            .Replace("2026-03-01T11:59:58.123Z", createdAt, StringComparison.Ordinal)
            .Replace("b6f5c1e8-4d2a-4f3b-9a8c-1e2d3c4b5a69", id, StringComparison.Ordinal)
            .Replace("+31687654321", from, StringComparison.Ordinal);

    private static string LegacyStop(string createdDatetime = "2026-03-01T11:59:57Z") => ("""
        {"type":"message.created","contact":{"id":"9354647c5c144a2b4c99f2n4","msisdn":31687654321},
         "message":{"id":"6d4fd3fbd9164c2c8b8d1aa7a0e40f2b","conversationId":"2e15","channelId":"@@0@@",
           "platform":"whatsapp","to":"+31612345678","from":"+31687654321","direction":"received","status":"received","type":"text",
           "content":{"text":"STOP"},"createdDatetime":"@@1@@","updatedDatetime":"@@1@@"}}
        """).Replace("@@0@@", BirdStub.LegacyChannelId, StringComparison.Ordinal).Replace("@@1@@", createdDatetime, StringComparison.Ordinal);

    private sealed class Bird : IAsyncDisposable
    {
        private Bird(TestRegistration registration, WebhookHost host, OutageWindowStore windows)
        {
            Registration = registration;
            Host = host;
            Windows = windows;
        }

        public TestRegistration Registration { get; }

        public WebhookHost Host { get; }

        public OutageWindowStore Windows { get; }

        public IConsentLedger Ledger => Registration.Services.GetRequiredService<IConsentLedger>();

        public static async Task<Bird> StartAsync(bool legacy = false)
        {
            var windows = new OutageWindowStore();
            var registration = legacy ? TestRegistration.Legacy(null, services: windows.Register) : TestRegistration.Channels(null, services: windows.Register);
            var host = await WebhookHost.StartAsync(registration.Reader, registration.Services.GetRequiredService<WebhookProcessor>());
            return new Bird(registration, host, windows);
        }

        /// <summary>The headers Bird signs a delivery with, once: a redelivery of the same request sends them again.</summary>
        public (string, string)[] Sign(byte[] body, bool legacy = false)
        {
            var now = Registration.Time.GetUtcNow();
            if (legacy)
            {
                return [("MessageBird-Signature-JWT", TestSigner.MessageBirdJwt(TestRegistration.SigningKey, Host.Url.ToString(), body, now, jti: "jti-" + Guid.NewGuid()))];
            }

            var timestamp = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            return [("messagebird-signature", TestSigner.BirdSignature(TestRegistration.SigningKey, timestamp, Host.Url.ToString(), body)), ("messagebird-request-timestamp", timestamp)];
        }

        public async Task<(int Status, WebhookDeliveryResult? Delivery)> DeliverAsync(string json)
        {
            var body = Encoding.UTF8.GetBytes(json);
            var (status, _) = await Host.PostAsync(body, Sign(body));
            return (status, Host.LastDelivery);
        }

        public async Task<ConsentStatus> MarketingAsync(WhatsAppNumber who) => (await Ledger.GetStateAsync(who, ConsentPurpose.Marketing)).Status;

        public async ValueTask DisposeAsync()
        {
            await Host.DisposeAsync();
            Registration.Dispose();
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_STOP_whose_delivery_failed_while_a_store_was_down_is_accepted_and_recorded_when_Bird_delivers_it_again(bool legacy)
    {
        await using var bird = await Bird.StartAsync(legacy);
        var body = Encoding.UTF8.GetBytes(legacy ? LegacyStop() : ChannelsStop());
        var headers = bird.Sign(body, legacy);
        bird.Windows.IsDown = true;

        var failed = await bird.Host.PostAsync(body, headers);
        bird.Windows.IsDown = false;
        var redelivered = await bird.Host.PostAsync(body, headers);
        var replayed = await bird.Host.PostAsync(body, headers);

        Assert.Equal(500, failed.Status);
        Assert.Equal(200, redelivered.Status);
        Assert.True(redelivered.Result.IsAccepted);
        Assert.Equal(ConsentStatus.OptedOut, await bird.MarketingAsync(s_person));
        Assert.Equal((401, WebhookRejection.Replayed), (replayed.Status, replayed.Result.Rejection?.Code));
    }

    [Theory]
    [InlineData("2026-03-01T12:10:00Z")] // ten minutes ahead of our clock
    [InlineData("9999-12-31T23:59:59Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("1970-01-01T00:00:00Z")]
    [InlineData("yesterday")]
    [InlineData("2026-02-30T00:00:00Z")]
    public async Task A_STOP_with_a_future_absurd_or_unreadable_time_is_recorded_as_received(string createdAt)
    {
        await using var bird = await Bird.StartAsync();
        await bird.Ledger.RecordAsync(ConsentEvent.OptIn(s_person, ConsentPurpose.Marketing, ConsentMethod.WebForm, new ConsentEvidence("Yes", "v1")));

        var (status, delivery) = await bird.DeliverAsync(ChannelsStop(createdAt));

        Assert.Equal(200, status);
        var result = Assert.Single(delivery!.Events);
        Assert.True(result.Actions.HasFlag(WebhookActions.OptedOut), result.Actions.ToString());
        Assert.Equal(bird.Registration.Time.GetUtcNow(), result.ConsentRecord!.CapturedAt);
        Assert.Empty(delivery.DeadLetters);
        Assert.Equal(ConsentStatus.OptedOut, await bird.MarketingAsync(s_person));
    }

    [Theory]
    [InlineData("2026-03-01T13:00:00Z")]
    [InlineData("9999-12-31T23:59:59Z")]
    public async Task A_legacy_STOP_dated_ahead_of_our_clock_is_recorded_with_the_providers_time_kept(string createdDatetime)
    {
        await using var bird = await Bird.StartAsync(legacy: true);
        var body = Encoding.UTF8.GetBytes(LegacyStop(createdDatetime));

        var (status, _) = await bird.Host.PostAsync(body, bird.Sign(body, legacy: true));

        Assert.Equal(200, status);
        var record = Assert.Single(bird.Host.LastDelivery!.Events).ConsentRecord!;
        Assert.Equal(DateTimeOffset.Parse(createdDatetime, System.Globalization.CultureInfo.InvariantCulture), record.ReportedAt);
        Assert.Equal(ConsentStatus.OptedOut, await bird.MarketingAsync(s_person));
    }

    [Fact]
    public async Task A_STOP_with_an_old_timestamp_beats_an_opt_in_recorded_before_it()
    {
        await using var bird = await Bird.StartAsync();
        await bird.Ledger.RecordAsync(ConsentEvent.OptIn(s_person, ConsentPurpose.Marketing, ConsentMethod.WebForm, new ConsentEvidence("Yes", "v1")));
        bird.Registration.Time.Advance(TimeSpan.FromMinutes(30));

        await bird.DeliverAsync(ChannelsStop("2026-02-28T12:00:00Z"));

        Assert.Equal(ConsentStatus.OptedOut, await bird.MarketingAsync(s_person));
    }

    [Fact]
    public async Task An_over_long_id_a_NUL_in_the_text_and_an_unreadable_time_do_not_take_the_STOPs_beside_them()
    {
        await using var bird = await Bird.StartAsync();
        var people = new[] { "+31687654301", "+31687654302", "+31687654303", "+31687654304" };
        var longId = new string('b', 300);
        var json = "[" + string.Join(",",
            ChannelsStop(id: "id-1", from: people[0]),
            ChannelsStop(id: longId, from: people[1]),
            ChannelsStop(id: "id-3", from: people[2], text: "STOP\\u0000"),
            ChannelsStop(id: "id-4", from: people[3], createdAt: "not a time")) + "]";

        var (status, delivery) = await bird.DeliverAsync(json);
        bird.Registration.Time.Advance(TimeSpan.FromSeconds(1));
        var (_, again) = await bird.DeliverAsync(json);

        Assert.Equal(200, status);
        Assert.Empty(delivery!.DeadLetters);
        Assert.Equal(4, delivery.Events.Count(e => e.Actions.HasFlag(WebhookActions.OptedOut)));
        Assert.All(again!.Events, e => Assert.True(e.IsDuplicate));
        foreach (var person in people)
        {
            Assert.Equal(ConsentStatus.OptedOut, await bird.MarketingAsync(WhatsAppNumber.Parse(person)));
        }
    }
}
