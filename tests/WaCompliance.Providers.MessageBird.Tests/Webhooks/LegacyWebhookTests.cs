using System.Text;
using System.Text.Json;
using WaCompliance.Gateways;
using WaCompliance.Numbers;
using WaCompliance.Providers.MessageBird.Tests.Infrastructure;
using WaCompliance.Providers.MessageBird.Webhooks;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.MessageBird.Tests.Webhooks;

/// <summary>Legacy Conversations webhooks signed with MessageBird-Signature-JWT, sent as real HTTP to a Kestrel endpoint.</summary>
public sealed class LegacyWebhookTests : IAsyncLifetime
{
    private TestRegistration _registration = null!;
    private WebhookHost _host = null!;

    private DateTimeOffset Now => _registration.Time.GetUtcNow();

    public async Task InitializeAsync()
    {
        _registration = TestRegistration.Legacy(null);
        _host = await WebhookHost.StartAsync(_registration.Reader);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _registration.Dispose();
    }

    private static string Received(string type = "text", string content = """{"text":"STOP"}""", string from = "\"+31687654321\"") => ("""
        {"type":"message.created",
         "contact":{"id":"9354647c5c144a2b4c99f2n4","href":"","msisdn":31687654321,"firstName":"","lastName":"","customDetails":{},"createdDatetime":"2026-01-01T00:00:00Z"},
         "conversation":{"id":"2e15efafec384e1c82e9842075e87beb","contactId":"9354647c5c144a2b4c99f2n4","status":"active"},
         "message":{"id":"6d4fd3fbd9164c2c8b8d1aa7a0e40f2b","conversationId":"2e15efafec384e1c82e9842075e87beb","channelId":"@@0@@",
           "platform":"whatsapp","to":"+31612345678","from":@@1@@,"direction":"received","status":"received","type":"@@2@@",
           "content":@@3@@,"createdDatetime":"2026-03-01T11:59:57Z","updatedDatetime":"2026-03-01T11:59:57Z"}}
        """).Replace("@@0@@", BirdStub.LegacyChannelId).Replace("@@1@@", from).Replace("@@2@@", type).Replace("@@3@@", content);

    private static string Sent(string status, string error = "", string type = "message.updated") => ("""
        {"type":"@@0@@","contact":{"id":"c","msisdn":31687654321},
         "message":{"id":"0a1b2c3d4e5f60718293a4b5c6d7e8f9","conversationId":"2e15","channelId":"@@1@@","platform":"whatsapp",
           "to":"+31687654321","from":"+31612345678","direction":"sent","status":"@@2@@","type":"hsm","content":{"hsm":{"namespace":"n","templateName":"t","language":{"policy":"deterministic","code":"en"}}},
           "createdDatetime":"2026-03-01T11:58:00Z","updatedDatetime":"2026-03-01T11:59:00Z"@@3@@}}
        """).Replace("@@0@@", type).Replace("@@1@@", BirdStub.LegacyChannelId).Replace("@@2@@", status).Replace("@@3@@", error);

    private Task<(int Status, WebhookReadResult Result)> PostSignedAsync(string json, string algorithm = "HS256", string? jti = null, DateTimeOffset? issuedAt = null,
        string key = TestRegistration.SigningKey, string? url = null, string issuer = "MessageBird")
    {
        var body = Encoding.UTF8.GetBytes(json);
        var token = TestSigner.MessageBirdJwt(key, url ?? _host.Url.ToString(), body, issuedAt ?? Now, algorithm, jti, issuer: issuer);
        return _host.PostAsync(body, [("MessageBird-Signature-JWT", token)]);
    }

    private static T Single<T>(WebhookReadResult result)
        where T : WhatsAppEvent => Deliveries.Single<T>(result);

    private static void AssertRejected((int Status, WebhookReadResult Result) response, string code, int status = 401)
    {
        Assert.Equal(status, response.Status);
        Assert.Equal(code, response.Result.Rejection!.Code);
        Assert.Empty(response.Result.Events);
    }

    public sealed record Vector(string Name, string Method, string? Secret, string Url, string? Payload, DateTimeOffset Timestamp, string Token, bool Valid, string? Reason)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<string> VectorNames()
    {
        var data = new TheoryData<string>();
        foreach (var vector in LoadVectors())
        {
            data.Add(vector.Name);
        }

        return data;
    }

    private static List<Vector> LoadVectors()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Resources", "messagebird_webhooksignature_test_vectors.sample.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.EnumerateArray().Select(v => new Vector(
            v.GetProperty("name").GetString()!,
            v.GetProperty("method").GetString()!,
            v.TryGetProperty("secret", out var s) ? s.GetString() : null,
            v.GetProperty("url").GetString()!,
            v.TryGetProperty("payload", out var p) ? p.GetString() : null,
            DateTimeOffset.Parse(v.GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            v.GetProperty("token").GetString()!,
            v.GetProperty("valid").GetBoolean(),
            v.TryGetProperty("reason", out var r) ? r.GetString() : null))];
    }

    [Fact]
    public void The_vector_file_holds_the_ten_official_vectors_valid_and_invalid()
    {
        var vectors = LoadVectors();

        Assert.Equal(10, vectors.Count);
        Assert.Equal(3, vectors.Count(v => v.Valid));
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Every_official_MessageBird_signature_vector_gives_its_expected_verdict(string name)
    {
        var vector = LoadVectors().Single(v => v.Name == name);
        var body = vector.Payload is null ? [] : Encoding.UTF8.GetBytes(vector.Payload);

        var verdict = LegacyJwtSignature.Verify(Encoding.UTF8.GetBytes(vector.Secret ?? "no secret given"), vector.Token, vector.Url, body, vector.Timestamp);

        Assert.Equal(vector.Valid, verdict.IsValid);
        if (!vector.Valid)
        {
            var expectedCode = vector.Reason!.Contains("nbf", StringComparison.Ordinal) || vector.Reason.Contains("exp", StringComparison.Ordinal)
                ? WebhookRejection.TimestampStale
                : WebhookRejection.SignatureInvalid;
            Assert.Equal(expectedCode, verdict.Code);
        }
    }

    [Fact]
    public async Task A_received_WhatsApp_message_is_an_inbound_message()
    {
        var (status, result) = await PostSignedAsync(Received());

        Assert.Equal(200, status);
        var inbound = Single<InboundMessageEvent>(result);
        Assert.Equal(WhatsAppNumber.Parse("+31687654321"), inbound.From);
        Assert.Equal(WhatsAppNumber.Parse("+31612345678"), inbound.Business);
        Assert.Equal("STOP", inbound.Text);
        Assert.Equal("text", inbound.MessageType);
        Assert.Equal("6d4fd3fbd9164c2c8b8d1aa7a0e40f2b", inbound.MessageId);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 11, 59, 57, TimeSpan.Zero), inbound.OccurredAt);
    }

    [Fact]
    public async Task A_received_image_carries_its_caption_and_a_missing_from_falls_back_to_the_contact_msisdn()
    {
        var (_, result) = await PostSignedAsync(Received("image", """{"image":{"url":"https://media.messagebird.com/v1/media/1","caption":"this one"}}""", "null"));

        var inbound = Single<InboundMessageEvent>(result);
        Assert.Equal("image", inbound.MessageType);
        Assert.Equal("this one", inbound.Text);
        Assert.Equal(WhatsAppNumber.Parse("+31687654321"), inbound.From);
    }

    [Theory]
    [InlineData("+6493001234", WhatsAppNumberType.FixedLine)]
    [InlineData("+442079460000", WhatsAppNumberType.FixedLine)]
    [InlineData("+61293744000", WhatsAppNumberType.FixedLine)]
    [InlineData("+4930123456", WhatsAppNumberType.FixedLine)]
    [InlineData("+18005550199", WhatsAppNumberType.TollFree)]
    [InlineData("+2125551234", WhatsAppNumberType.Unknown)]
    [InlineData("+31970123456", WhatsAppNumberType.Unknown)]
    public async Task Fixed_line_toll_free_and_metadata_unknown_numbers_are_read_like_mobiles_for_people_and_business_numbers(string number, WhatsAppNumberType type)
    {
        var inbound = Single<InboundMessageEvent>((await PostSignedAsync(Deliveries.LegacyReceived(from: $"\"{number}\"", to: number))).Result);
        var fromMsisdn = Single<InboundMessageEvent>((await PostSignedAsync(Deliveries.LegacyReceived(from: "null", msisdn: number[1..], id: "m-msisdn"))).Result);
        var status = Single<MessageStatusEvent>((await PostSignedAsync(Deliveries.LegacySent(number, from: number))).Result);

        Assert.Equal((number, type), (inbound.From.Phone!.Value.E164, inbound.From.Phone!.Value.Type));
        Assert.Equal(number, inbound.Business!.Value.E164);
        Assert.Equal(number, fromMsisdn.From.Phone!.Value.E164);
        Assert.Equal(number, status.Recipient!.Value.Phone!.Value.E164);
        Assert.Equal(number, status.Business!.Value.E164);
    }

    [Fact]
    public async Task A_business_scoped_user_id_in_from_is_read_as_a_user_id_and_never_normalized_as_a_number()
    {
        var (_, result) = await PostSignedAsync(Deliveries.LegacyReceived(from: $"\"{Deliveries.UserId}\"", msisdn: "null"));

        var inbound = Single<InboundMessageEvent>(result);
        Assert.Null(inbound.From.Phone);
        Assert.Equal(WaCompliance.Identities.BusinessScopedUserId.Parse(Deliveries.UserId), inbound.From.UserId);
    }

    [Theory]
    [InlineData("pending", MessageDeliveryStatus.Queued)]
    [InlineData("accepted", MessageDeliveryStatus.Queued)]
    [InlineData("sent", MessageDeliveryStatus.Sent)]
    [InlineData("delivered", MessageDeliveryStatus.Delivered)]
    [InlineData("read", MessageDeliveryStatus.Read)]
    [InlineData("failed", MessageDeliveryStatus.Failed)]
    [InlineData("rejected", MessageDeliveryStatus.Failed)]
    [InlineData("deleted", MessageDeliveryStatus.Canceled)]
    public async Task Statuses_of_sent_messages_map_to_the_common_vocabulary(string legacyStatus, MessageDeliveryStatus expected)
    {
        var (_, result) = await PostSignedAsync(Sent(legacyStatus));

        var status = Single<MessageStatusEvent>(result);
        Assert.Equal(expected, status.Status);
        Assert.Equal("0a1b2c3d4e5f60718293a4b5c6d7e8f9", status.ProviderMessageId);
        Assert.Equal("0a1b2c3d4e5f60718293a4b5c6d7e8f9:" + legacyStatus, status.EventId);
        Assert.Equal(WhatsAppNumber.Parse("+31687654321"), status.Recipient);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 11, 59, 0, TimeSpan.Zero), status.OccurredAt);
    }

    [Theory]
    [InlineData("470", ProviderErrorKind.OutsideWindow)]
    [InlineData("131047", ProviderErrorKind.OutsideWindow)]
    [InlineData("1013", ProviderErrorKind.RecipientInvalid)]
    [InlineData("131026", ProviderErrorKind.RecipientInvalid)]
    [InlineData("131050", ProviderErrorKind.OptedOut)]
    [InlineData("12345", ProviderErrorKind.Unknown)]
    public async Task A_failed_message_error_code_maps_through_the_WhatsApp_table(string code, ProviderErrorKind kind)
    {
        var (_, result) = await PostSignedAsync(Sent("failed", (""","error":{"code":@@0@@,"description":"Message failed"}""").Replace("@@0@@", code)));

        var status = Single<MessageStatusEvent>(result);
        Assert.Equal(kind, status.Error!.Kind);
        Assert.Equal(code, status.Error.ProviderCode);
        Assert.Equal("Message failed", status.Error.Message);
    }

    [Theory]
    [InlineData("""{"type":"conversation.created","conversation":{"id":"c1"}}""")]
    [InlineData("""{"type":"message.updated","message":{"id":"m1","platform":"sms","direction":"sent","status":"delivered"}}""")]
    [InlineData("""{"type":"message.updated","message":{"id":"m1","platform":"whatsapp","direction":"received","status":"received"}}""")]
    public async Task Other_types_platforms_and_directions_are_accepted_with_no_events(string json)
    {
        var (status, result) = await PostSignedAsync(json);

        Assert.Equal(200, status);
        Assert.Empty(result.Events);
    }

    [Theory]
    [InlineData("HS384")]
    [InlineData("HS512")]
    public async Task HS384_and_HS512_tokens_are_accepted(string algorithm)
    {
        var (status, result) = await PostSignedAsync(Received(), algorithm);

        Assert.Equal(200, status);
        Assert.Single(result.Events);
    }

    [Fact]
    public async Task An_unsigned_none_token_is_refused()
    {
        AssertRejected(await PostSignedAsync(Received(), "none"), WebhookRejection.SignatureInvalid);
    }

    [Fact]
    public async Task A_missing_header_is_refused_as_signature_missing()
    {
        AssertRejected(await _host.PostAsync(Encoding.UTF8.GetBytes(Received()), []), WebhookRejection.SignatureMissing);
    }

    [Fact]
    public async Task A_tampered_body_is_refused()
    {
        var token = TestSigner.MessageBirdJwt(TestRegistration.SigningKey, _host.Url.ToString(), Encoding.UTF8.GetBytes(Received()), Now);

        AssertRejected(await _host.PostAsync(Encoding.UTF8.GetBytes(Received().Replace("STOP", "START")), [("MessageBird-Signature-JWT", token)]), WebhookRejection.SignatureInvalid);
    }

    [Fact]
    public async Task A_token_for_another_url_another_key_or_another_issuer_is_refused()
    {
        AssertRejected(await PostSignedAsync(Received(), url: "https://elsewhere.example/hook"), WebhookRejection.SignatureInvalid);
        AssertRejected(await PostSignedAsync(Received(), key: "another-key"), WebhookRejection.SignatureInvalid);
        AssertRejected(await PostSignedAsync(Received(), issuer: "NotMessageBird"), WebhookRejection.SignatureInvalid);
        AssertRejected(await _host.PostAsync(Encoding.UTF8.GetBytes(Received()), [("MessageBird-Signature-JWT", "not.a.jwt.at.all")]), WebhookRejection.SignatureInvalid);
    }

    [Fact]
    public async Task An_expired_or_not_yet_valid_token_is_refused_as_stale()
    {
        AssertRejected(await PostSignedAsync(Received(), issuedAt: Now.AddMinutes(-5)), WebhookRejection.TimestampStale);
        AssertRejected(await PostSignedAsync(Received(), issuedAt: Now.AddMinutes(5)), WebhookRejection.TimestampStale);
    }

    [Fact]
    public async Task The_same_token_id_twice_is_refused_as_replayed()
    {
        Assert.Equal(200, (await PostSignedAsync(Received(), jti: "5ef2b4b6-jti")).Status);

        AssertRejected(await PostSignedAsync(Received(), jti: "5ef2b4b6-jti"), WebhookRejection.Replayed);
    }

    [Fact]
    public async Task Replay_memory_can_be_switched_off()
    {
        using var registration = TestRegistration.Legacy(null, o => o.RejectReplayedWebhooks = false);
        await using var host = await WebhookHost.StartAsync(registration.Reader);
        var body = Encoding.UTF8.GetBytes(Received());
        var token = TestSigner.MessageBirdJwt(TestRegistration.SigningKey, host.Url.ToString(), body, registration.Time.GetUtcNow(), jti: "same");

        Assert.Equal(200, (await host.PostAsync(body, [("MessageBird-Signature-JWT", token)])).Status);
        Assert.Equal(200, (await host.PostAsync(body, [("MessageBird-Signature-JWT", token)])).Status);
    }

    [Theory]
    [InlineData("""{"type":"message.created","message":{"id":"m1","direction":"received","from":"+316""", MalformedItemCodes.BodyUnreadable)]
    [InlineData("""{"message":{"id":"m1"}}""", MalformedItemCodes.FieldMissing)]
    [InlineData("""{"type":42}""", MalformedItemCodes.ItemMalformed)]
    [InlineData("""{"type":"message.created"}""", MalformedItemCodes.FieldMissing)]
    [InlineData("""{"type":"message.created","message":{"direction":"received"}}""", MalformedItemCodes.FieldMissing)]
    [InlineData("""{"type":"message.created","message":{"id":7,"direction":"received"}}""", MalformedItemCodes.ItemMalformed)]
    [InlineData("""{"type":"message.created","message":{"id":"m1","direction":"received","from":"a channel","platform":"whatsapp"}}""", MalformedItemCodes.IdentityInvalid)]
    [InlineData("""{"type":"message.created","message":{"id":"m1","direction":"received","platform":"whatsapp"}}""", MalformedItemCodes.IdentityMissing)]
    [InlineData("""[1,2,3]""", MalformedItemCodes.ItemMalformed)]
    [InlineData("""true""", MalformedItemCodes.BodyUnreadable)]
    public async Task An_authentic_body_that_cannot_be_read_is_acknowledged_with_malformed_items_and_no_events(string json, string code)
    {
        var (status, result) = await PostSignedAsync(json);

        Assert.Equal(200, status);
        Assert.True(result.IsAccepted);
        Assert.Empty(result.Events);
        Assert.NotEmpty(result.MalformedItems);
        Assert.All(result.MalformedItems, item =>
        {
            Assert.Equal(code, item.Code);
            Assert.Equal(TestRegistration.GatewayName, item.Source);
            Assert.StartsWith(RawItems.LegacyName + "\n", item.RawItem, StringComparison.Ordinal);
            Assert.DoesNotContain("a channel", item.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_huge_payload_is_refused_as_too_large()
    {
        var json = Received(content: ("""{"text":"@@0@@"}""").Replace("@@0@@", new string('x', 1024 * 1024)));

        AssertRejected(await PostSignedAsync(json), WebhookRejection.BodyTooLarge, 413);
    }
}
