using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using WaCompliance.Providers.Twilio.Tests.Infrastructure;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.Twilio.Tests.Webhooks;

/// <summary>Signature verification through a real Kestrel endpoint.</summary>
public sealed class TwilioWebhookSignatureTests
{
    private static readonly KeyValuePair<string, string>[] s_inbound =
    [
        new("SmsMessageSid", "SM0123456789abcdef0123456789abcdef"),
        new("NumMedia", "0"),
        new("ProfileName", "Aroha"),
        new("MessageType", "text"),
        new("SmsSid", "SM0123456789abcdef0123456789abcdef"),
        new("WaId", "64211234567"),
        new("SmsStatus", "received"),
        new("Body", "STOP please & thanks = 100%"),
        new("To", "whatsapp:" + TestHost.Sender),
        new("NumSegments", "1"),
        new("ReferralNumMedia", "0"),
        new("MessageSid", "SM0123456789abcdef0123456789abcdef"),
        new("AccountSid", TwilioStub.AccountSid),
        new("From", "whatsapp:" + TestHost.Recipient),
        new("ApiVersion", "2010-04-01"),
    ];

    [Fact]
    public async Task Signed_inbound_message_is_accepted()
    {
        await using var services = TestHost.Build(null);
        await using var host = await WebhookHost.StartAsync(services.Reader());
        var url = new Uri(host.BaseUrl, "/twilio/inbound?gateway=main").ToString();

        using var response = await host.Client.SendAsync(Signer.SignedPost(url, s_inbound));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = Assert.Single(host.Results);
        var inbound = Assert.IsType<InboundMessageEvent>(Assert.Single(result.Events));
        Assert.Equal("STOP please & thanks = 100%", inbound.Text);
    }

    [Fact]
    public async Task Tampered_body_is_rejected_without_events()
    {
        await using var services = TestHost.Build(null);
        await using var host = await WebhookHost.StartAsync(services.Reader());
        var url = new Uri(host.BaseUrl, "/twilio/inbound").ToString();
        using var request = Signer.SignedPost(url, s_inbound);
        request.Content = new StringContent(Signer.Form(s_inbound.Select(p => p.Key == "Body" ? new KeyValuePair<string, string>("Body", "START") : p)),
            Encoding.UTF8, "application/x-www-form-urlencoded");

        using var response = await host.Client.SendAsync(request);

        AssertRejected(host, response, HttpStatusCode.Unauthorized, WebhookRejection.SignatureInvalid);
    }

    [Fact]
    public async Task Added_parameter_is_rejected()
    {
        await using var services = TestHost.Build(null);
        await using var host = await WebhookHost.StartAsync(services.Reader());
        var url = new Uri(host.BaseUrl, "/twilio/inbound").ToString();
        using var request = Signer.SignedPost(url, s_inbound);
        request.Content = new StringContent(Signer.Form([.. s_inbound, new("ButtonPayload", "opt_in")]), Encoding.UTF8, "application/x-www-form-urlencoded");

        using var response = await host.Client.SendAsync(request);

        AssertRejected(host, response, HttpStatusCode.Unauthorized, WebhookRejection.SignatureInvalid);
    }

    [Fact]
    public async Task Signature_with_another_token_is_rejected()
    {
        await using var services = TestHost.Build(null);
        await using var host = await WebhookHost.StartAsync(services.Reader());
        var url = new Uri(host.BaseUrl, "/twilio/inbound").ToString();

        using var response = await host.Client.SendAsync(Signer.SignedPost(url, s_inbound, key: "another-auth-token"));

        AssertRejected(host, response, HttpStatusCode.Unauthorized, WebhookRejection.SignatureInvalid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64 !!")]
    public async Task Missing_or_garbled_signature_is_rejected(string signature)
    {
        await using var services = TestHost.Build(null);
        await using var host = await WebhookHost.StartAsync(services.Reader());
        var url = new Uri(host.BaseUrl, "/twilio/inbound").ToString();
        using var request = Signer.SignedPost(url, s_inbound);
        request.Headers.Remove("X-Twilio-Signature");
        if (signature.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("X-Twilio-Signature", signature);
        }

        using var response = await host.Client.SendAsync(request);

        AssertRejected(host, response, HttpStatusCode.Unauthorized, signature.Length == 0 ? WebhookRejection.SignatureMissing : WebhookRejection.SignatureInvalid);
    }

    [Fact]
    public async Task Url_signed_without_the_port_is_accepted_as_Twilio_validators_do()
    {
        await using var services = TestHost.Build(null);
        await using var host = await WebhookHost.StartAsync(services.Reader());
        var url = new Uri(host.BaseUrl, "/twilio/inbound?a=1").ToString();
        var signedUrl = $"http://127.0.0.1/twilio/inbound?a=1";

        using var response = await host.Client.SendAsync(Signer.SignedPost(url, s_inbound, signedUrl: signedUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(Assert.Single(host.Results).Events);
    }

    [Fact]
    public async Task Behind_a_proxy_the_public_url_override_is_what_is_verified()
    {
        const string publicUrl = "https://hooks.example.com/api/twilio/inbound?gateway=main";
        await using var plain = TestHost.Build(null);
        await using var proxied = TestHost.Build(null, o => o.WebhookPublicBaseUrl = new Uri("https://hooks.example.com/api"));
        await using var plainHost = await WebhookHost.StartAsync(plain.Reader());
        await using var proxiedHost = await WebhookHost.StartAsync(proxied.Reader());

        using var rejected = await plainHost.Client.SendAsync(Signer.SignedPost(new Uri(plainHost.BaseUrl, "/twilio/inbound?gateway=main").ToString(), s_inbound, signedUrl: publicUrl));
        using var accepted = await proxiedHost.Client.SendAsync(Signer.SignedPost(new Uri(proxiedHost.BaseUrl, "/twilio/inbound?gateway=main").ToString(), s_inbound, signedUrl: publicUrl));

        AssertRejected(plainHost, rejected, HttpStatusCode.Unauthorized, WebhookRejection.SignatureInvalid);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Single(Assert.Single(proxiedHost.Results).Events);
    }

    [Fact]
    public async Task Documented_example_validates_through_the_endpoint()
    {
        // providers.md §2.5: Twilio's "Webhooks security" example, auth token 12345.
        KeyValuePair<string, string>[] parameters =
        [
            new("CallSid", "CA1234567890ABCDE"), new("Caller", "+12349013030"), new("Digits", "1234"),
            new("From", "+12349013030"), new("To", "+18005551212"),
        ];
        await using var services = TestHost.Build(null, o =>
        {
            o.AuthToken = "12345";
            o.WebhookPublicBaseUrl = new Uri("https://mycompany.com");
        });
        await using var host = await WebhookHost.StartAsync(services.Reader());
        var url = new Uri(host.BaseUrl, "/myapp.php?foo=1&bar=2").ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(Signer.Form(parameters), Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.TryAddWithoutValidation("X-Twilio-Signature", "0/KCTR6DLpKmkAf8muzZqo1nDgQ=");

        using var response = await host.Client.SendAsync(request);

        // Verified; a voice call is not a WhatsApp event, so it is acknowledged without events (not refused).
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        TwilioSignatureVectorTests.AssertVerifiedWithoutEvents(Assert.Single(host.Results));
    }

    [Fact]
    public async Task Replayed_request_is_accepted_again_with_the_same_event_id_so_the_processor_dedupes_it()
    {
        await using var services = TestHost.Build(null);
        await using var host = await WebhookHost.StartAsync(services.Reader());
        var url = new Uri(host.BaseUrl, "/twilio/inbound").ToString();
        var store = services.GetRequiredService<IWebhookEventStore>();

        using var first = await host.Client.SendAsync(Signer.SignedPost(url, s_inbound));
        using var replay = await host.Client.SendAsync(Signer.SignedPost(url, s_inbound));

        var events = host.Results.Select(r => Assert.Single(r.Events)).ToList();
        Assert.Equal(events[0].EventId, events[1].EventId);
        Assert.True(await store.TryRecordAsync(events[0].Source, events[0].EventId, events[0].OccurredAt));
        Assert.False(await store.TryRecordAsync(events[1].Source, events[1].EventId, events[1].OccurredAt));
    }

    [Fact]
    public async Task Old_request_still_verifies_because_Twilio_signs_no_timestamp_and_event_id_dedupe_is_the_replay_defence()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero));
        await using var services = TestHost.Build(null, time: time);
        await using var host = await WebhookHost.StartAsync(services.Reader());
        var url = new Uri(host.BaseUrl, "/twilio/inbound").ToString();
        var store = services.GetRequiredService<IWebhookEventStore>();

        using var first = await host.Client.SendAsync(Signer.SignedPost(url, s_inbound));
        var original = Assert.Single(host.Results.Last().Events);
        Assert.True(await store.TryRecordAsync(original.Source, original.EventId, original.OccurredAt));
        time.Advance(TimeSpan.FromDays(30));
        using var stale = await host.Client.SendAsync(Signer.SignedPost(url, s_inbound));
        var replayed = Assert.Single(host.Results.Last().Events);

        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Equal(original.EventId, replayed.EventId);
        Assert.Equal(time.GetUtcNow(), replayed.OccurredAt);
        Assert.False(await store.TryRecordAsync(replayed.Source, replayed.EventId, replayed.OccurredAt));
    }

    [Fact]
    public async Task Webhooks_rule_signature_with_HMAC_SHA256_is_verified_with_the_signing_key()
    {
        await using var services = TestHost.Build(null, o => o.WebhookSigningKey = "rule-shared-key");
        await using var host = await WebhookHost.StartAsync(services.Reader());
        var url = new Uri(host.BaseUrl, "/twilio/inbound").ToString();
        using var request = Signer.SignedPost(url, s_inbound);
        request.Headers.Remove("X-Twilio-Signature");
        request.Headers.TryAddWithoutValidation("X-Twilio-Signature", Signer.Sign("rule-shared-key", url, s_inbound, sha256: true));
        request.Headers.TryAddWithoutValidation("X-Twilio-Webhooks-Signature-Settings", "key=KS0123456789abcdef0123456789abcdef,algorithm=HMAC_SHA256");

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_signature_algorithm_is_rejected()
    {
        await using var services = TestHost.Build(null);
        await using var host = await WebhookHost.StartAsync(services.Reader());
        var url = new Uri(host.BaseUrl, "/twilio/inbound").ToString();
        using var request = Signer.SignedPost(url, s_inbound);
        request.Headers.TryAddWithoutValidation("X-Twilio-Webhooks-Signature-Settings", "key=KS1,algorithm=SHA256");

        using var response = await host.Client.SendAsync(request);

        AssertRejected(host, response, HttpStatusCode.Unauthorized, WebhookRejection.SignatureInvalid);
    }

    [Fact]
    public async Task Json_body_is_verified_by_the_signed_bodySHA256_parameter()
    {
        await using var services = TestHost.Build(null);
        await using var host = await WebhookHost.StartAsync(services.Reader());
        var body = $$$"""{"MessageSid":"SM0123456789abcdef0123456789abcdef","From":"whatsapp:{{{TestHost.Recipient}}}","To":"whatsapp:{{{TestHost.Sender}}}","Body":"hi","NumMedia":0,"Extra":{"nested":[1,2]}}""";
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        var url = new Uri(host.BaseUrl, $"/twilio/inbound?bodySHA256={hash}").ToString();

        using var ok = await host.Client.SendAsync(JsonPost(url, body, Signer.Sign(TwilioStub.AuthToken, url, null)));
        using var tampered = await host.Client.SendAsync(JsonPost(url, body.Replace("hi", "ho", StringComparison.Ordinal), Signer.Sign(TwilioStub.AuthToken, url, null)));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var inbound = Assert.IsType<InboundMessageEvent>(Assert.Single(host.Results.First().Events));
        Assert.Equal("hi", inbound.Text);
        Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);
        Assert.Equal(WebhookRejection.SignatureInvalid, host.Results.Last().Rejection!.Code);
        Assert.Empty(host.Results.Last().Events);
    }

    internal static HttpRequestMessage JsonPost(string url, string body, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-Twilio-Signature", signature);
        return request;
    }

    internal static void AssertRejected(WebhookHost host, HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        var result = Assert.Single(host.Results);
        Assert.Equal(code, result.Rejection?.Code);
        Assert.Empty(result.Events);
    }
}
