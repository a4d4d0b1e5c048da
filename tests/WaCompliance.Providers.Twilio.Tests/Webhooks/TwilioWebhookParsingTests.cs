using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using WaCompliance.Conversations;
using WaCompliance.Gateways;
using WaCompliance.Providers.Twilio.Tests.Infrastructure;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.Twilio.Tests.Webhooks;

/// <summary>Reading inbound messages and status callbacks, and refusing malformed bodies, through a real Kestrel endpoint.</summary>
public sealed class TwilioWebhookParsingTests : IAsyncLifetime
{
    private const string Sid = "SM0123456789abcdef0123456789abcdef";
    private static readonly DateTimeOffset s_now = new(2026, 7, 1, 9, 30, 0, TimeSpan.Zero);
    private Microsoft.Extensions.DependencyInjection.ServiceProvider _services = null!;
    private WebhookHost _host = null!;

    public async Task InitializeAsync()
    {
        _services = TestHost.Build(null, time: new FakeTimeProvider(s_now));
        _host = await WebhookHost.StartAsync(_services.Reader());
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _services.DisposeAsync();
    }

    [Fact]
    public async Task Inbound_text_becomes_an_InboundMessageEvent()
    {
        var result = await PostAsync(
            ("MessageSid", Sid), ("SmsMessageSid", Sid), ("AccountSid", TwilioStub.AccountSid), ("From", "whatsapp:" + TestHost.Recipient),
            ("To", "whatsapp:" + TestHost.Sender), ("Body", "Hi there"), ("NumMedia", "0"), ("ProfileName", "Aroha"), ("WaId", "64211234567"),
            ("MessageType", "text"), ("SmsStatus", "received"), ("ApiVersion", "2010-04-01"), ("SomethingNew", "tolerated"));

        var inbound = Assert.IsType<InboundMessageEvent>(Assert.Single(result.Events));
        Assert.Equal(Sid, inbound.EventId);
        Assert.Equal(Sid, inbound.MessageId);
        Assert.Equal("twilio:main", inbound.Source);
        Assert.Equal(s_now, inbound.OccurredAt);
        Assert.Equal(TestHost.Recipient, inbound.From.Phone?.E164);
        Assert.Equal(TestHost.Sender, inbound.Business?.E164);
        Assert.Equal("Hi there", inbound.Text);
        Assert.Equal("text", inbound.MessageType);
        Assert.Equal(InboundOrigin.Organic, inbound.Origin);
        Assert.Null(inbound.ReplyToMessageId);
    }

    [Theory]
    [InlineData("image/jpeg", "image")]
    [InlineData("video/mp4", "video")]
    [InlineData("audio/ogg", "audio")]
    [InlineData("application/pdf", "document")]
    public async Task Inbound_media_without_MessageType_takes_its_kind_from_MediaContentType0(string contentType, string kind)
    {
        var result = await PostAsync(
            ("MessageSid", Sid), ("From", "whatsapp:" + TestHost.Recipient), ("To", "whatsapp:" + TestHost.Sender), ("Body", "caption"),
            ("NumMedia", "1"), ("MediaContentType0", contentType), ("MediaUrl0", "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1"));

        var inbound = Assert.IsType<InboundMessageEvent>(Assert.Single(result.Events));
        Assert.Equal(kind, inbound.MessageType);
        Assert.Equal("caption", inbound.Text);
    }

    [Fact]
    public async Task Inbound_location_without_body_has_no_text()
    {
        var result = await PostAsync(("MessageSid", Sid), ("From", "whatsapp:" + TestHost.Recipient), ("To", "whatsapp:" + TestHost.Sender),
            ("Body", ""), ("Latitude", "-36.85"), ("Longitude", "174.76"));

        var inbound = Assert.IsType<InboundMessageEvent>(Assert.Single(result.Events));
        Assert.Equal("location", inbound.MessageType);
        Assert.Null(inbound.Text);
    }

    [Fact]
    public async Task Button_reply_becomes_a_ButtonReplyEvent_with_payload_and_replied_message()
    {
        var result = await PostAsync(
            ("MessageSid", Sid), ("From", "whatsapp:" + TestHost.Recipient), ("To", "whatsapp:" + TestHost.Sender), ("Body", "Stop messages"),
            ("MessageType", "button"), ("ButtonText", "Stop messages"), ("ButtonPayload", "opt_out"),
            ("OriginalRepliedMessageSid", "SMfedcba9876543210fedcba9876543210"), ("OriginalRepliedMessageSender", "whatsapp:" + TestHost.Sender));

        var button = Assert.IsType<ButtonReplyEvent>(Assert.Single(result.Events));
        Assert.Equal("opt_out", button.Payload);
        Assert.Equal("Stop messages", button.Text);
        Assert.Equal("SMfedcba9876543210fedcba9876543210", button.ReplyToMessageId);
        Assert.Equal(TestHost.Recipient, button.From.Phone?.E164);
        Assert.Equal(Sid, button.EventId);
    }

    [Fact]
    public async Task Reply_to_a_message_carries_OriginalRepliedMessageSid()
    {
        var result = await PostAsync(("MessageSid", Sid), ("From", "whatsapp:" + TestHost.Recipient), ("To", "whatsapp:" + TestHost.Sender),
            ("Body", "yes"), ("OriginalRepliedMessageSid", "SMfedcba9876543210fedcba9876543210"));

        Assert.Equal("SMfedcba9876543210fedcba9876543210", Assert.IsType<InboundMessageEvent>(Assert.Single(result.Events)).ReplyToMessageId);
    }

    [Fact]
    public async Task Ad_referral_fields_mark_an_entry_point_referral()
    {
        var result = await PostAsync(
            ("MessageSid", Sid), ("From", "whatsapp:" + TestHost.Recipient), ("To", "whatsapp:" + TestHost.Sender), ("Body", "I saw your ad"),
            ("ReferralNumMedia", "0"), ("ReferralSourceId", "120210000000000"), ("ReferralSourceType", "ad"),
            ("ReferralSourceUrl", "https://fb.me/abc"), ("ReferralHeadline", "Spring sale"), ("ReferralCtwaClid", "ARAkLkA8rmlFeiCktEJQ"));

        Assert.Equal(InboundOrigin.EntryPointReferral, Assert.IsType<InboundMessageEvent>(Assert.Single(result.Events)).Origin);
    }

    [Theory]
    [InlineData("queued", MessageDeliveryStatus.Queued)]
    [InlineData("accepted", MessageDeliveryStatus.Queued)]
    [InlineData("scheduled", MessageDeliveryStatus.Queued)]
    [InlineData("sending", MessageDeliveryStatus.Queued)]
    [InlineData("sent", MessageDeliveryStatus.Sent)]
    [InlineData("delivered", MessageDeliveryStatus.Delivered)]
    [InlineData("read", MessageDeliveryStatus.Read)]
    [InlineData("undelivered", MessageDeliveryStatus.Undelivered)]
    [InlineData("failed", MessageDeliveryStatus.Failed)]
    [InlineData("canceled", MessageDeliveryStatus.Canceled)]
    public async Task Status_callback_maps_MessageStatus(string twilio, MessageDeliveryStatus status)
    {
        var result = await PostAsync(("MessageSid", Sid), ("SmsSid", Sid), ("MessageStatus", twilio), ("SmsStatus", twilio),
            ("From", "whatsapp:" + TestHost.Sender), ("To", "whatsapp:" + TestHost.Recipient), ("ChannelPrefix", "whatsapp"), ("ApiVersion", "2010-04-01"));

        var update = Assert.IsType<MessageStatusEvent>(Assert.Single(result.Events));
        Assert.Equal(status, update.Status);
        Assert.Equal(Sid, update.ProviderMessageId);
        Assert.Equal($"{Sid}:{twilio}", update.EventId);
        Assert.Equal(TestHost.Recipient, update.Recipient?.Phone?.E164);
        Assert.Equal(TestHost.Sender, update.Business?.E164);
        Assert.Null(update.Error);
    }

    [Theory]
    [InlineData("63016", ProviderErrorKind.OutsideWindow)]
    [InlineData("63049", ProviderErrorKind.MarketingLimit)]
    [InlineData("63003", ProviderErrorKind.RecipientInvalid)]
    [InlineData("63018", ProviderErrorKind.RateLimited)]
    [InlineData("30008", ProviderErrorKind.Unknown)]
    public async Task Failed_status_carries_the_mapped_ErrorCode(string code, ProviderErrorKind kind)
    {
        var result = await PostAsync(("MessageSid", Sid), ("MessageStatus", "failed"), ("ErrorCode", code), ("ErrorMessage", "Outside window for +64211234567"),
            ("From", "whatsapp:" + TestHost.Sender), ("To", "whatsapp:" + TestHost.Recipient));

        var update = Assert.IsType<MessageStatusEvent>(Assert.Single(result.Events));
        Assert.Equal(kind, update.Error?.Kind);
        Assert.Equal(code, update.Error?.ProviderCode);
        Assert.Null(update.Error?.HttpStatus);
        Assert.DoesNotContain("64211234567", update.Error?.Message);
    }

    [Fact]
    public async Task Status_of_an_inbound_message_is_accepted_without_events()
    {
        var result = await PostAsync(("MessageSid", Sid), ("MessageStatus", "received"), ("From", "whatsapp:" + TestHost.Recipient), ("To", "whatsapp:" + TestHost.Sender));

        Assert.True(result.IsAccepted);
        Assert.Empty(result.Events);
    }

    [Fact]
    public async Task Get_webhook_with_parameters_in_the_query_is_read()
    {
        var query = Signer.Form([new("MessageSid", Sid), new("From", "whatsapp:" + TestHost.Recipient), new("To", "whatsapp:" + TestHost.Sender), new("Body", "hi there")]);
        var url = new Uri(_host.BaseUrl, "/twilio/inbound?" + query).ToString();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("X-Twilio-Signature", Signer.Sign(TwilioStub.AuthToken, url, null));

        using var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hi there", Assert.IsType<InboundMessageEvent>(Assert.Single(Assert.Single(_host.Results).Events)).Text);
    }

    public static TheoryData<string, string, string?, string[]> MalformedForms => new()
    {
        // why, code, event id, fields
        { "NumMedia not a number", MalformedItemCodes.ItemMalformed, Sid, ["MessageSid", Sid, "From", "whatsapp:" + TestHost.Recipient, "NumMedia", "two"] },
        { "ErrorCode not a number", MalformedItemCodes.ItemMalformed, Sid, ["MessageSid", Sid, "MessageStatus", "failed", "ErrorCode", "sixty", "To", "whatsapp:" + TestHost.Recipient] },
        { "From not a number", MalformedItemCodes.IdentityInvalid, Sid, ["MessageSid", Sid, "From", "whatsapp:+1", "Body", "hi"] },
        { "From repeated", MalformedItemCodes.ItemMalformed, Sid, ["MessageSid", Sid, "From", "whatsapp:" + TestHost.Recipient, "From", "whatsapp:+64211234568", "Body", "hi"] },
        { "MessageSid not a sid", MalformedItemCodes.ItemMalformed, null, ["MessageSid", "SM<script>", "From", "whatsapp:" + TestHost.Recipient, "Body", "hi"] },
        { "status without MessageSid", MalformedItemCodes.FieldMissing, null, ["MessageStatus", "delivered", "To", "whatsapp:" + TestHost.Recipient] },
        { "inbound without From", MalformedItemCodes.IdentityMissing, Sid, ["MessageSid", Sid, "Body", "hi"] },
        { "OriginalRepliedMessageSid not a sid", MalformedItemCodes.ItemMalformed, Sid, ["MessageSid", Sid, "From", "whatsapp:" + TestHost.Recipient, "OriginalRepliedMessageSid", "../x"] },
    };

    [Theory]
    [MemberData(nameof(MalformedForms))]
    public async Task Signed_but_unreadable_form_is_acknowledged_with_a_malformed_item_and_no_events(string why, string code, string? eventId, string[] fields)
    {
        var pairs = Enumerable.Range(0, fields.Length / 2).Select(i => (fields[2 * i], fields[(2 * i) + 1])).ToArray();

        var result = await PostAsync(pairs);

        Assert.True(result.IsAccepted, why);
        Assert.Empty(result.Events);
        var item = Assert.Single(result.MalformedItems);
        Assert.Equal(code, item.Code);
        Assert.Equal("twilio:main", item.Source);
        Assert.Equal(eventId, item.EventId);
        Assert.DoesNotContain("64211234567", item.Message);
        Assert.DoesNotContain("script", item.Message);
        // The raw item reads back to the same verdict, without a signature.
        var again = await _services.Reader().ReadItemAsync(item.RawItem);
        Assert.Equal(code, Assert.Single(again.MalformedItems).Code);
    }

    [Fact]
    public async Task Broken_percent_encoding_is_rejected_as_malformed()
    {
        var url = new Uri(_host.BaseUrl, "/twilio/inbound").ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent("MessageSid=SM1&Body=%ZZ&From=whatsapp%3A%2B", Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.TryAddWithoutValidation("X-Twilio-Signature", "AAAAAAAAAAAAAAAAAAAAAAAAAAA=");

        using var response = await _host.Client.SendAsync(request);

        TwilioWebhookSignatureTests.AssertRejected(_host, response, HttpStatusCode.BadRequest, WebhookRejection.BodyMalformed);
    }

    [Fact]
    public async Task Signed_sms_message_is_acknowledged_without_events_because_it_is_not_WhatsApp()
    {
        var result = await PostAsync(("MessageSid", Sid), ("From", TestHost.Recipient), ("To", TestHost.Sender), ("Body", "STOP"));

        TwilioSignatureVectorTests.AssertVerifiedWithoutEvents(result);
    }

    [Theory]
    [InlineData("""{"MessageSid":"SM0123456789abcdef0123456789abcdef","From":"whatsapp:+64211234567","Body":"hi""")]
    [InlineData("""{"MessageSid":{"id":"SM0123456789abcdef0123456789abcdef"},"From":"whatsapp:+64211234567"}""")]
    [InlineData("""{"MessageSid":"SM0123456789abcdef0123456789abcdef","From":"whatsapp:+64211234567","Body":true}""")]
    [InlineData("""["MessageSid","SM0123456789abcdef0123456789abcdef"]""")]
    [InlineData("""{"MessageSid":"SM0123456789abcdef0123456789abcdef","From":"whatsapp:+64211234567"} trailing""")]
    public async Task Signed_but_unreadable_json_is_acknowledged_with_the_body_as_a_malformed_item(string body)
    {
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        var url = new Uri(_host.BaseUrl, $"/twilio/inbound?bodySHA256={hash}").ToString();

        using var response = await _host.Client.SendAsync(TwilioWebhookSignatureTests.JsonPost(url, body, Signer.Sign(TwilioStub.AuthToken, url, null)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = Assert.Single(_host.Results);
        Assert.Empty(result.Events);
        var item = Assert.Single(result.MalformedItems);
        Assert.Equal(MalformedItemCodes.BodyUnreadable, item.Code);
        Assert.Equal(body, item.RawItem);
        Assert.Null(item.EventId);
        Assert.Equal(MalformedItemCodes.BodyUnreadable, Assert.Single((await _services.Reader().ReadItemAsync(item.RawItem)).MalformedItems).Code);
    }

    [Fact]
    public async Task Json_without_bodySHA256_is_unsupported()
    {
        var url = new Uri(_host.BaseUrl, "/twilio/inbound").ToString();

        using var response = await _host.Client.SendAsync(TwilioWebhookSignatureTests.JsonPost(url, """{"MessageSid":"x"}""", Signer.Sign(TwilioStub.AuthToken, url, null)));

        TwilioWebhookSignatureTests.AssertRejected(_host, response, HttpStatusCode.UnsupportedMediaType, WebhookRejection.Unsupported);
    }

    [Fact]
    public async Task Huge_payload_is_rejected_as_too_large()
    {
        var url = new Uri(_host.BaseUrl, "/twilio/inbound").ToString();
        var huge = new string('a', (1024 * 1024) + 1);

        using var response = await _host.Client.SendAsync(Signer.SignedPost(url, [new("MessageSid", Sid), new("Body", huge)]));

        TwilioWebhookSignatureTests.AssertRejected(_host, response, HttpStatusCode.RequestEntityTooLarge, WebhookRejection.BodyTooLarge);
    }

    private Task<WebhookReadResult> PostAsync(params (string Name, string Value)[] fields) => PostAsync(HttpStatusCode.OK, fields);

    private async Task<WebhookReadResult> PostAsync(HttpStatusCode expected, params (string Name, string Value)[] fields)
    {
        var url = new Uri(_host.BaseUrl, "/twilio/whatsapp").ToString();
        using var response = await _host.Client.SendAsync(Signer.SignedPost(url, fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))));
        var result = Assert.Single(_host.Results);
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {result.Rejection?.Code} {result.Rejection?.Message}");
        return result;
    }
}
