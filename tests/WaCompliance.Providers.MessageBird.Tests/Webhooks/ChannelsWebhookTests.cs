using System.Text;
using Microsoft.Extensions.Time.Testing;
using WaCompliance.Conversations;
using WaCompliance.Gateways;
using WaCompliance.Numbers;
using WaCompliance.Providers.MessageBird.Tests.Infrastructure;
using WaCompliance.Providers.MessageBird.Webhooks;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.MessageBird.Tests.Webhooks;

/// <summary>Bird Channels webhooks (messagebird-signature), sent as real HTTP to a Kestrel endpoint.</summary>
public sealed class ChannelsWebhookTests : IAsyncLifetime
{
    private TestRegistration _registration = null!;
    private WebhookHost _host = null!;

    private DateTimeOffset Now => _registration.Time.GetUtcNow();

    public async Task InitializeAsync()
    {
        _registration = TestRegistration.Channels(null);
        _host = await WebhookHost.StartAsync(_registration.Reader);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _registration.Dispose();
    }

    internal static string Inbound(string body, string extra = "") => ("""
        {"service":"channels","event":"whatsapp.inbound","payload":{
          "id":"b6f5c1e8-4d2a-4f3b-9a8c-1e2d3c4b5a69","channelId":"@@0@@",
          "sender":{"contact":{"id":"c-1","identifierKey":"phonenumber","identifierValue":"+31687654321"}},
          "receiver":{"connector":{"id":"k-1","identifierValue":"+31612345678"}},
          "body":@@1@@,"status":"delivered","direction":"incoming",
          "createdAt":"2026-03-01T11:59:58.123Z","updatedAt":"2026-03-01T11:59:58.123Z"@@2@@}}
        """).Replace("@@0@@", BirdStub.ChannelId).Replace("@@1@@", body).Replace("@@2@@", extra);

    internal static string Outbound(string status, string extra = "") => ("""
        {"service":"channels","event":"whatsapp.outbound","payload":{
          "id":"7c1f2a3b-0000-4000-8000-000000000001","channelId":"@@0@@",
          "sender":{"connector":{"id":"k-1","identifierValue":"+31612345678"}},
          "receiver":{"contacts":[{"id":"c-1","identifierKey":"phonenumber","identifierValue":"+31687654321"}]},
          "body":{"type":"text","text":{"text":"hi"}},"status":"@@1@@","direction":"outgoing",
          "createdAt":"2026-03-01T11:58:00Z","updatedAt":"2026-03-01T11:59:00Z"@@2@@}}
        """).Replace("@@0@@", BirdStub.ChannelId).Replace("@@1@@", status).Replace("@@2@@", extra);

    private Task<(int Status, WebhookReadResult Result)> PostSignedAsync(string json, DateTimeOffset? signedAt = null, string? url = null, string key = TestRegistration.SigningKey)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var timestamp = (signedAt ?? Now).ToUnixTimeSeconds().ToString();
        var signature = TestSigner.BirdSignature(key, timestamp, url ?? _host.Url.ToString(), body);
        return _host.PostAsync(body, [("messagebird-signature", signature), ("messagebird-request-timestamp", timestamp)]);
    }

    private static T Single<T>(WebhookReadResult result)
        where T : WhatsAppEvent => Deliveries.Single<T>(result);

    private static void AssertRejected((int Status, WebhookReadResult Result) response, string code, int status)
    {
        Assert.Equal(status, response.Status);
        Assert.False(response.Result.IsAccepted);
        Assert.Equal(code, response.Result.Rejection!.Code);
        Assert.Empty(response.Result.Events);
    }

    [Fact]
    public async Task Inbound_text_is_an_inbound_message_from_the_sender_to_the_business()
    {
        var (status, result) = await PostSignedAsync(Inbound("""{"type":"text","text":{"text":"STOP"}}""", ""","replyTo":{"id":"prev-1","type":"message","order":0}"""));

        Assert.Equal(200, status);
        var inbound = Single<InboundMessageEvent>(result);
        Assert.Equal(WhatsAppNumber.Parse("+31687654321"), inbound.From);
        Assert.Equal(WhatsAppNumber.Parse("+31612345678"), inbound.Business);
        Assert.Equal("STOP", inbound.Text);
        Assert.Equal("text", inbound.MessageType);
        Assert.Equal("b6f5c1e8-4d2a-4f3b-9a8c-1e2d3c4b5a69", inbound.MessageId);
        Assert.Equal(inbound.MessageId, inbound.EventId);
        Assert.Equal("prev-1", inbound.ReplyToMessageId);
        Assert.Equal(TestRegistration.GatewayName, inbound.Source);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 11, 59, 58, 123, TimeSpan.Zero), inbound.OccurredAt);
        Assert.Equal(InboundOrigin.Organic, inbound.Origin);
    }

    [Fact]
    public async Task Inbound_image_with_caption_from_an_ad_referral_is_an_image_with_its_caption_and_entry_point_origin()
    {
        var (_, result) = await PostSignedAsync(Inbound(
            """{"type":"image","image":{"images":[{"mediaUrl":"https://media.bird.com/i/1"}],"text":"this one?"}}""",
            ""","meta":{"referral":{"source":"ad","title":"Spring","metadata":{"source_id":"123"}}}"""));

        var inbound = Single<InboundMessageEvent>(result);
        Assert.Equal("image", inbound.MessageType);
        Assert.Equal("this one?", inbound.Text);
        Assert.Equal(InboundOrigin.EntryPointReferral, inbound.Origin);
    }

    [Theory]
    [InlineData("video/mp4", "video")]
    [InlineData("audio/ogg", "audio")]
    [InlineData("application/pdf", "document")]
    [InlineData("image/webp", "image")]
    public async Task Inbound_files_take_their_kind_from_the_content_type(string contentType, string kind)
    {
        var (_, result) = await PostSignedAsync(Inbound(("""{"type":"file","file":{"files":[{"mediaUrl":"https://media.bird.com/f/1","contentType":"@@0@@"}],"text":"see"}}""").Replace("@@0@@", contentType)));

        var inbound = Single<InboundMessageEvent>(result);
        Assert.Equal(kind, inbound.MessageType);
        Assert.Equal("see", inbound.Text);
    }

    [Fact]
    public async Task Inbound_postback_is_a_button_reply_with_its_payload()
    {
        var (_, result) = await PostSignedAsync(Inbound(
            """{"type":"text","text":{"text":"Stop promotions","actions":[{"type":"postback","postback":{"text":"Stop promotions","payload":"OPT_OUT"}}]}}""",
            ""","replyTo":{"id":"tmpl-msg-1","type":"message"}"""));

        var reply = Single<ButtonReplyEvent>(result);
        Assert.Equal("OPT_OUT", reply.Payload);
        Assert.Equal("Stop promotions", reply.Text);
        Assert.Equal("tmpl-msg-1", reply.ReplyToMessageId);
        Assert.Equal(WhatsAppNumber.Parse("+31687654321"), reply.From);
    }

    [Theory]
    [InlineData("accepted", MessageDeliveryStatus.Queued)]
    [InlineData("processing", MessageDeliveryStatus.Queued)]
    [InlineData("scheduled", MessageDeliveryStatus.Queued)]
    [InlineData("sent", MessageDeliveryStatus.Sent)]
    [InlineData("delivered", MessageDeliveryStatus.Delivered)]
    [InlineData("sending_failed", MessageDeliveryStatus.Failed)]
    [InlineData("delivery_failed", MessageDeliveryStatus.Undelivered)]
    public async Task Outbound_lifecycle_statuses_map_to_the_common_vocabulary(string birdStatus, MessageDeliveryStatus expected)
    {
        var (_, result) = await PostSignedAsync(Outbound(birdStatus));

        var status = Single<MessageStatusEvent>(result);
        Assert.Equal(expected, status.Status);
        Assert.Equal("7c1f2a3b-0000-4000-8000-000000000001", status.ProviderMessageId);
        Assert.Equal("7c1f2a3b-0000-4000-8000-000000000001:" + birdStatus, status.EventId);
        Assert.Equal(WhatsAppNumber.Parse("+31687654321"), status.Recipient);
        Assert.Equal(WhatsAppNumber.Parse("+31612345678"), status.Business);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 11, 59, 0, TimeSpan.Zero), status.OccurredAt);
        Assert.Equal(expected is MessageDeliveryStatus.Failed or MessageDeliveryStatus.Undelivered, status.Error is not null);
    }

    [Theory]
    [InlineData("131047", ProviderErrorKind.OutsideWindow)]
    [InlineData("131026", ProviderErrorKind.RecipientInvalid)]
    [InlineData("131049", ProviderErrorKind.MarketingLimit)]
    [InlineData("131050", ProviderErrorKind.OptedOut)]
    [InlineData("132015", ProviderErrorKind.TemplatePaused)]
    public async Task A_failure_reported_by_WhatsApp_maps_Meta_code_through_the_Meta_table(string metaCode, ProviderErrorKind kind)
    {
        var (_, result) = await PostSignedAsync(Outbound("delivery_failed",
            (""","reason":"details: meta error; code: @@0@@","failure":{"code":15010,"source":{"name":"whatsapp","code":"@@1@@"}}""").Replace("@@0@@", metaCode).Replace("@@1@@", metaCode)));

        var status = Single<MessageStatusEvent>(result);
        Assert.Equal(MessageDeliveryStatus.Undelivered, status.Status);
        Assert.Equal(kind, status.Error!.Kind);
        Assert.Equal(metaCode, status.Error.ProviderCode);
    }

    [Fact]
    public async Task A_failure_from_another_source_keeps_Birds_failure_code_and_reason()
    {
        var (_, result) = await PostSignedAsync(Outbound("sending_failed",
            ""","reason":"details: unknown subscriber; reason: unknown_subscriber; code: 1","failure":{"code":15005,"source":{"name":"sms-messagebird","code":"1"}}"""));

        var status = Single<MessageStatusEvent>(result);
        Assert.Equal(ProviderErrorKind.Unknown, status.Error!.Kind);
        Assert.Equal("15005", status.Error.ProviderCode);
        Assert.StartsWith("details: unknown subscriber", status.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_whose_reason_is_a_Bird_code_maps_it()
    {
        var (_, result) = await PostSignedAsync(Outbound("sending_failed", ""","reason":"service_window_expired" """));

        Assert.Equal(ProviderErrorKind.OutsideWindow, Single<MessageStatusEvent>(result).Error!.Kind);
    }

    [Fact]
    public async Task Read_interaction_is_a_read_status_and_other_interactions_give_no_events()
    {
        var read = """{"service":"channels","event":"whatsapp.interaction","payload":{"id":"i-1","messageId":"7c1f2a3b-0000-4000-8000-000000000001","type":"read","createdAt":"2026-03-01T11:59:30Z"}}""";
        var (_, result) = await PostSignedAsync(read);
        var status = Single<MessageStatusEvent>(result);
        Assert.Equal(MessageDeliveryStatus.Read, status.Status);
        Assert.Equal("7c1f2a3b-0000-4000-8000-000000000001:read", status.EventId);

        var (code, clicked) = await PostSignedAsync(read.Replace("\"read\"", "\"clicked\"").Replace("i-1", "i-2"));
        Assert.Equal(200, code);
        Assert.True(clicked.IsAccepted);
        Assert.Empty(clicked.Events);
    }

    [Theory]
    [InlineData("""{"service":"channels","event":"whatsapp.conversation.created","payload":{"id":"x","anything":[1,2,3]}}""")]
    [InlineData("""{"service":"numbers","event":"number.purchased","payload":{"status":{"nested":true}}}""")]
    [InlineData("""{"service":"channels","event":"channel.created"}""")]
    public async Task Unknown_event_types_are_accepted_with_no_events(string json)
    {
        var (status, result) = await PostSignedAsync(json);

        Assert.Equal(200, status);
        Assert.True(result.IsAccepted);
        Assert.Empty(result.Events);
    }

    [Fact]
    public async Task An_outbound_status_Bird_adds_later_is_accepted_with_no_events()
    {
        var (status, result) = await PostSignedAsync(Outbound("some_future_status"));

        Assert.Equal(200, status);
        Assert.Empty(result.Events);
    }

    [Fact]
    public async Task Unknown_fields_in_an_otherwise_valid_document_are_tolerated()
    {
        var (_, result) = await PostSignedAsync(Inbound("""{"type":"text","text":{"text":"hi","newThing":{"a":1}},"extra":[1]}""", ""","futureField":{"x":[true]},"tags":["a"]""")
            .Replace("\"service\":\"channels\"", "\"service\":\"channels\",\"version\":3"));

        Assert.Equal("hi", Single<InboundMessageEvent>(result).Text);
    }

    [Fact]
    public async Task A_tampered_body_is_refused_as_signature_invalid()
    {
        var original = Encoding.UTF8.GetBytes(Inbound("""{"type":"text","text":{"text":"hi"}}"""));
        var timestamp = Now.ToUnixTimeSeconds().ToString();
        var signature = TestSigner.BirdSignature(TestRegistration.SigningKey, timestamp, _host.Url.ToString(), original);
        var tampered = Encoding.UTF8.GetBytes(Inbound("""{"type":"text","text":{"text":"START"}}"""));

        AssertRejected(await _host.PostAsync(tampered, [("messagebird-signature", signature), ("messagebird-request-timestamp", timestamp)]), WebhookRejection.SignatureInvalid, 401);
    }

    [Fact]
    public async Task A_tampered_timestamp_is_refused_as_signature_invalid()
    {
        var body = Encoding.UTF8.GetBytes(Inbound("""{"type":"text","text":{"text":"hi"}}"""));
        var timestamp = Now.ToUnixTimeSeconds().ToString();
        var signature = TestSigner.BirdSignature(TestRegistration.SigningKey, timestamp, _host.Url.ToString(), body);

        AssertRejected(await _host.PostAsync(body, [("messagebird-signature", signature), ("messagebird-request-timestamp", (Now.ToUnixTimeSeconds() - 1).ToString())]),
            WebhookRejection.SignatureInvalid, 401);
    }

    [Theory]
    [InlineData("other-signing-key")]
    [InlineData("")]
    public async Task A_signature_made_with_another_key_or_garbage_is_refused(string key)
    {
        var body = Encoding.UTF8.GetBytes(Inbound("""{"type":"text","text":{"text":"hi"}}"""));
        var timestamp = Now.ToUnixTimeSeconds().ToString();
        var signature = key.Length == 0 ? "not base64!!" : TestSigner.BirdSignature(key, timestamp, _host.Url.ToString(), body);

        AssertRejected(await _host.PostAsync(body, [("messagebird-signature", signature), ("messagebird-request-timestamp", timestamp)]), WebhookRejection.SignatureInvalid, 401);
    }

    [Fact]
    public async Task Missing_signature_or_timestamp_headers_are_refused_as_signature_missing()
    {
        var body = Encoding.UTF8.GetBytes(Inbound("""{"type":"text","text":{"text":"hi"}}"""));
        var timestamp = Now.ToUnixTimeSeconds().ToString();
        var signature = TestSigner.BirdSignature(TestRegistration.SigningKey, timestamp, _host.Url.ToString(), body);

        AssertRejected(await _host.PostAsync(body, []), WebhookRejection.SignatureMissing, 401);
        AssertRejected(await _host.PostAsync(body, [("messagebird-signature", signature)]), WebhookRejection.SignatureMissing, 401);
        AssertRejected(await _host.PostAsync(body, [("messagebird-request-timestamp", timestamp)]), WebhookRejection.SignatureMissing, 401);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    [InlineData(-86_400)]
    public async Task A_signed_timestamp_outside_the_tolerance_is_refused_as_stale(int secondsFromNow)
    {
        AssertRejected(await PostSignedAsync(Inbound("""{"type":"text","text":{"text":"hi"}}"""), Now.AddSeconds(secondsFromNow)), WebhookRejection.TimestampStale, 401);
    }

    [Fact]
    public async Task A_signed_timestamp_inside_the_tolerance_is_accepted()
    {
        var (status, _) = await PostSignedAsync(Inbound("""{"type":"text","text":{"text":"hi"}}"""), Now.AddSeconds(-290));

        Assert.Equal(200, status);
    }

    [Fact]
    public async Task The_same_signed_request_twice_is_refused_as_replayed_the_second_time()
    {
        var body = Encoding.UTF8.GetBytes(Inbound("""{"type":"text","text":{"text":"hi"}}"""));
        var timestamp = Now.ToUnixTimeSeconds().ToString();
        var signature = TestSigner.BirdSignature(TestRegistration.SigningKey, timestamp, _host.Url.ToString(), body);
        (string, string)[] headers = [("messagebird-signature", signature), ("messagebird-request-timestamp", timestamp)];

        var first = await _host.PostAsync(body, headers);
        var second = await _host.PostAsync(body, headers);

        Assert.Equal(200, first.Status);
        AssertRejected(second, WebhookRejection.Replayed, 401);
        _registration.Time.Advance(TimeSpan.FromMinutes(6));
        AssertRejected(await _host.PostAsync(body, headers), WebhookRejection.TimestampStale, 401);
    }

    [Fact]
    public async Task A_redelivery_signed_anew_is_not_a_replay()
    {
        var json = Inbound("""{"type":"text","text":{"text":"hi"}}""");
        Assert.Equal(200, (await PostSignedAsync(json)).Status);

        Assert.Equal(200, (await PostSignedAsync(json, Now.AddSeconds(1))).Status);
    }

    [Fact]
    public async Task Behind_a_proxy_the_configured_public_url_is_the_signed_url()
    {
        const string PublicUrl = "https://hooks.acme.example/bird?tenant=7";
        using var registration = TestRegistration.Channels(null, o => o.WebhookPublicUrl = new Uri(PublicUrl));
        await using var host = await WebhookHost.StartAsync(registration.Reader);
        var body = Encoding.UTF8.GetBytes(Inbound("""{"type":"text","text":{"text":"hi"}}"""));
        var timestamp = registration.Time.GetUtcNow().ToUnixTimeSeconds().ToString();

        var signedForPublic = TestSigner.BirdSignature(TestRegistration.SigningKey, timestamp, PublicUrl, body);
        var signedForLocal = TestSigner.BirdSignature(TestRegistration.SigningKey, timestamp, host.Url.ToString(), body);

        Assert.Equal(200, (await host.PostAsync(body, [("messagebird-signature", signedForPublic), ("messagebird-request-timestamp", timestamp)])).Status);
        AssertRejected(await host.PostAsync(body, [("messagebird-signature", signedForLocal), ("messagebird-request-timestamp", timestamp)]), WebhookRejection.SignatureInvalid, 401);
    }

    public static TheoryData<string, string> MalformedBodies => new()
    {
        { """{"service":"channels","event":"whatsapp.inbound","payload":{"id":"x","sender":{"contact":{"identifierValue":"+3168765""", MalformedItemCodes.BodyUnreadable },
        { """[{"service":"channels"}]""", MalformedItemCodes.FieldMissing },
        { """{"service":"channels","event":5,"payload":{}}""", MalformedItemCodes.ItemMalformed },
        { """{"service":"channels","payload":{}}""", MalformedItemCodes.FieldMissing },
        { """{"service":7,"event":"whatsapp.inbound","payload":{}}""", MalformedItemCodes.ItemMalformed },
        { """{"service":"channels","event":"whatsapp.inbound"}""", MalformedItemCodes.FieldMissing },
        { """{"service":"channels","event":"whatsapp.inbound","payload":"text"}""", MalformedItemCodes.ItemMalformed },
        { """{"service":"channels","event":"whatsapp.inbound","payload":{}}""", MalformedItemCodes.FieldMissing },
        { Inbound("""{"type":"text","text":{"text":"hi"}}""").Replace("\"b6f5c1e8-4d2a-4f3b-9a8c-1e2d3c4b5a69\"", "12345"), MalformedItemCodes.ItemMalformed },
        { Inbound("""{"type":"text","text":{"text":42}}"""), MalformedItemCodes.ItemMalformed },
        { Inbound("""{"type":"text","text":{"text":"hi"}}""").Replace("+31687654321", "not-a-number"), MalformedItemCodes.IdentityInvalid },
        { Inbound("""{"type":"text","text":{"text":"hi"}}""").Replace("\"identifierKey\":\"phonenumber\",", "\"identifierKey\":\"emailaddress\","), MalformedItemCodes.IdentityInvalid },
        { Inbound("""{"type":"text","text":{"text":"hi"}}""").Replace("\"sender\":{\"contact\":{\"id\":\"c-1\",\"identifierKey\":\"phonenumber\",\"identifierValue\":\"+31687654321\"}},", ""), MalformedItemCodes.IdentityMissing },
        { Inbound("""["text"]"""), MalformedItemCodes.ItemMalformed },
        { Outbound("sent").Replace("\"status\":\"sent\"", "\"status\":{\"code\":1}"), MalformedItemCodes.ItemMalformed },
        { Outbound("sent").Replace("\"status\":\"sent\",", ""), MalformedItemCodes.FieldMissing },
        { """{"service":"channels","event":"whatsapp.interaction","payload":{"type":"read"}}""", MalformedItemCodes.FieldMissing },
        { "not json at all", MalformedItemCodes.BodyUnreadable },
        { "null", MalformedItemCodes.BodyUnreadable },
        { """{"a":1} {"b":2}""", MalformedItemCodes.BodyUnreadable },
    };

    [Theory]
    [InlineData("yesterday", null)]
    [InlineData("2026-02-30T00:00:00Z", null)]
    [InlineData("9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z")]
    [InlineData("2026-03-01T12:10:00Z", "2026-03-01T12:10:00Z")]
    public async Task An_unreadable_or_implausible_time_is_not_a_malformed_item_the_event_occurs_when_received(string createdAt, string? reported)
    {
        var (status, result) = await PostSignedAsync(Inbound("""{"type":"text","text":{"text":"STOP"}}""").Replace("2026-03-01T11:59:58.123Z", createdAt, StringComparison.Ordinal));

        Assert.Equal(200, status);
        var inbound = Single<InboundMessageEvent>(result);
        Assert.Equal(Now, inbound.OccurredAt);
        Assert.Equal(reported is null ? null : DateTimeOffset.Parse(reported, System.Globalization.CultureInfo.InvariantCulture), inbound.ReportedAt);
    }

    [Theory]
    [InlineData(129)]
    [InlineData(5_000)]
    public async Task An_id_longer_than_128_characters_is_hashed_into_the_event_id_and_the_message_keeps_it(int length)
    {
        var id = new string('x', length);
        var json = Inbound("""{"type":"text","text":{"text":"STOP"}}""").Replace("b6f5c1e8-4d2a-4f3b-9a8c-1e2d3c4b5a69", id, StringComparison.Ordinal);

        var first = Single<InboundMessageEvent>((await PostSignedAsync(json)).Result);
        var again = Single<InboundMessageEvent>((await PostSignedAsync(json, Now.AddSeconds(1))).Result);

        Assert.Equal(id, first.MessageId);
        Assert.True(first.EventId.Length <= 128, first.EventId);
        Assert.Equal(first.EventId, again.EventId);
    }

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task An_authentic_body_that_cannot_be_read_is_acknowledged_with_one_malformed_item_and_no_events(string json, string code)
    {
        var item = Deliveries.SingleMalformed(await PostSignedAsync(json));

        Assert.Equal(code, item.Code);
        Assert.StartsWith(RawItems.ChannelsName + "\n", item.RawItem, StringComparison.Ordinal);
        Assert.Contains(item.RawItem[(RawItems.ChannelsName.Length + 1)..], json, StringComparison.Ordinal);
        foreach (var value in new[] { "not-a-number", "yesterday", "+31687654321", "31687654321", "hi\"" })
        {
            Assert.DoesNotContain(value, item.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_empty_body_with_a_valid_signature_is_acknowledged_as_one_unreadable_body()
    {
        var item = Deliveries.SingleMalformed(await PostSignedAsync(""));

        Assert.Equal(MalformedItemCodes.BodyUnreadable, item.Code);
        Assert.Equal(RawItems.ChannelsName + "\n", item.RawItem);
    }

    [Fact]
    public async Task A_body_over_the_configured_limit_is_refused_as_too_large_before_verification()
    {
        using var registration = TestRegistration.Channels(null, o => o.MaxWebhookBodyBytes = 4096);
        await using var host = await WebhookHost.StartAsync(registration.Reader);
        var body = Encoding.UTF8.GetBytes(Inbound(("""{"type":"text","text":{"text":"@@0@@"}}""").Replace("@@0@@", new string('x', 5000))));

        AssertRejected(await host.PostAsync(body, [("messagebird-signature", "AAAA"), ("messagebird-request-timestamp", "1")]), WebhookRejection.BodyTooLarge, 413);
    }

    [Fact]
    public async Task A_huge_signed_payload_over_the_default_1_MiB_is_refused_as_too_large()
    {
        var json = Inbound(("""{"type":"text","text":{"text":"@@0@@"}}""").Replace("@@0@@", new string('x', 1024 * 1024)));

        AssertRejected(await PostSignedAsync(json), WebhookRejection.BodyTooLarge, 413);
    }

    [Fact]
    public async Task Without_a_signing_key_every_webhook_is_refused()
    {
        using var registration = TestRegistration.Channels(null, o => o.WebhookSigningKey = null);
        await using var host = await WebhookHost.StartAsync(registration.Reader);
        var body = Encoding.UTF8.GetBytes(Inbound("""{"type":"text","text":{"text":"hi"}}"""));

        AssertRejected(await host.PostAsync(body, [("messagebird-signature", "AAAA"), ("messagebird-request-timestamp", "1")]), WebhookRejection.SignatureInvalid, 401);
    }

    [Fact]
    public void The_self_computed_vector_of_the_provider_reference_signs_and_verifies()
    {
        var body = Encoding.UTF8.GetBytes("""{"service":"channels","event":"whatsapp.inbound","payload":{}}""");

        Assert.Equal("9c3+yrctVCDUvRy/JfrdQmyO6iv6HWC3JNAuToA1lSY=", TestSigner.BirdSignature("secureSigningKey", "1719823259", "https://domain.com/webhook/bird", body));
        Assert.Equal("9c3+yrctVCDUvRy/JfrdQmyO6iv6HWC3JNAuToA1lSY=", ChannelsSignature.Sign("secureSigningKey", "1719823259", "https://domain.com/webhook/bird", body));
        var verdict = ChannelsSignature.Verify("secureSigningKey"u8, "9c3+yrctVCDUvRy/JfrdQmyO6iv6HWC3JNAuToA1lSY=", "1719823259",
            "https://domain.com/webhook/bird", body, DateTimeOffset.FromUnixTimeSeconds(1719823259), TimeSpan.FromMinutes(5));
        Assert.True(verdict.IsValid);
    }

    [Fact]
    public async Task The_reference_vector_passes_verification_through_the_reader_and_its_empty_payload_is_a_malformed_item()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1719823259));
        using var registration = TestRegistration.Channels(null, o =>
        {
            o.WebhookSigningKey = "secureSigningKey";
            o.WebhookPublicUrl = new Uri("https://domain.com/webhook/bird");
        }, time);
        await using var host = await WebhookHost.StartAsync(registration.Reader);
        var body = Encoding.UTF8.GetBytes("""{"service":"channels","event":"whatsapp.inbound","payload":{}}""");

        var response = await host.PostAsync(body, [("messagebird-signature", "9c3+yrctVCDUvRy/JfrdQmyO6iv6HWC3JNAuToA1lSY="), ("messagebird-request-timestamp", "1719823259")]);

        Assert.Equal(MalformedItemCodes.FieldMissing, Deliveries.SingleMalformed(response).Code);
    }
}
