using System.Text;
using WaCompliance.Providers.MessageBird.Tests.Infrastructure;
using WaCompliance.Providers.MessageBird.Webhooks;
using WaCompliance.Webhooks;
using static WaCompliance.Providers.MessageBird.Tests.Infrastructure.Deliveries;

namespace WaCompliance.Providers.MessageBird.Tests.Webhooks;

/// <summary>
/// Whatever bytes arrive in any header or body, the reader answers with events, malformed items or a documented
/// rejection, never an exception; and a replay is recognised by what was signed, not by how the signature is written.
/// Real HTTP except where a header value cannot travel over HTTP.
/// </summary>
public sealed class WebhookRobustnessTests : IAsyncLifetime
{
    private TestRegistration _channels = null!;
    private TestRegistration _legacy = null!;
    private WebhookHost _channelsHost = null!;
    private WebhookHost _legacyHost = null!;

    private DateTimeOffset Now => _legacy.Time.GetUtcNow();

    public async Task InitializeAsync()
    {
        _channels = TestRegistration.Channels(null);
        _legacy = TestRegistration.Legacy(null);
        _channelsHost = await WebhookHost.StartAsync(_channels.Reader);
        _legacyHost = await WebhookHost.StartAsync(_legacy.Reader);
    }

    public async Task DisposeAsync()
    {
        await _channelsHost.DisposeAsync();
        await _legacyHost.DisposeAsync();
        _channels.Dispose();
        _legacy.Dispose();
    }

    private Task<(int Status, WebhookReadResult Result)> PostJwtAsync(byte[] body, string token) =>
        _legacyHost.PostAsync(body, [("MessageBird-Signature-JWT", token)]);

    private static void AssertRejected((int Status, WebhookReadResult Result) response, string code)
    {
        Assert.Equal(401, response.Status);
        Assert.Equal(code, response.Result.Rejection!.Code);
    }

    [Theory]
    [InlineData("$$$.eyJ9.abc")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.e*J9.abc")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJ9.ab%c")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJ9.a===")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJ9.!")]
    public async Task A_jwt_with_characters_outside_the_base64url_alphabet_is_refused_as_signature_invalid(string token)
    {
        AssertRejected(await PostJwtAsync(Encoding.UTF8.GetBytes(LegacyReceived()), token), WebhookRejection.SignatureInvalid);
    }

    [Fact]
    public async Task A_jwt_whose_signed_claims_hold_invalid_utf8_is_refused_as_signature_invalid()
    {
        var body = Encoding.UTF8.GetBytes(LegacyReceived());
        var claims = Encoding.UTF8.GetBytes(TestSigner.ClaimsJson(_legacyHost.Url.ToString(), body, Now)).ToList();
        claims.InsertRange(claims.IndexOf((byte)'M') + 1, new byte[] { 0xC3, 0x28 });
        var token = TestSigner.MessageBirdJwtRaw(TestRegistration.SigningKey, """{"alg":"HS256","typ":"JWT"}"""u8.ToArray(), [.. claims]);

        AssertRejected(await PostJwtAsync(body, token), WebhookRejection.SignatureInvalid);
    }

    [Fact]
    public async Task A_jwt_whose_signed_header_holds_invalid_utf8_is_refused_as_signature_invalid()
    {
        var body = Encoding.UTF8.GetBytes(LegacyReceived());
        byte[] header = [.. """{"alg":"HS2"""u8, 0xFF, .. """56"}"""u8];
        var token = TestSigner.MessageBirdJwtRaw(TestRegistration.SigningKey, header, Encoding.UTF8.GetBytes(TestSigner.ClaimsJson(_legacyHost.Url.ToString(), body, Now)));

        AssertRejected(await PostJwtAsync(body, token), WebhookRejection.SignatureInvalid);
    }

    [Theory]
    [InlineData("exp", 253402300799L)]
    [InlineData("exp", 253402300000L)]
    [InlineData("iat", 253402300799L)]
    public async Task A_jwt_with_a_time_claim_at_the_end_of_the_calendar_is_accepted_without_overflow_and_remembered(string claim, long seconds)
    {
        var body = Encoding.UTF8.GetBytes(LegacyReceived());
        var claims = TestSigner.ClaimsJson(_legacyHost.Url.ToString(), body, Now, jti: "far-" + claim);
        claims = claim == "exp"
            ? claims.Replace("\"exp\":" + (Now.ToUnixTimeSeconds() + 60), "\"exp\":" + seconds, StringComparison.Ordinal)
            : claims.Replace("{", "{\"iat\":" + seconds + ",", StringComparison.Ordinal);
        var token = TestSigner.MessageBirdJwtRaw(TestRegistration.SigningKey, """{"alg":"HS256","typ":"JWT"}"""u8.ToArray(), Encoding.UTF8.GetBytes(claims));

        var first = await PostJwtAsync(body, token);
        var second = await PostJwtAsync(body, token);

        Assert.Equal(200, first.Status);
        Assert.Single(first.Result.Events);
        AssertRejected(second, WebhookRejection.Replayed);
    }

    [Theory]
    [InlineData("nbf", "253402300799")]
    [InlineData("nbf", "253402300800")]
    [InlineData("exp", "1e300")]
    [InlineData("exp", "-1")]
    [InlineData("exp", "99999999999999999999999")]
    public async Task A_jwt_with_a_time_claim_out_of_range_is_refused_without_an_exception(string claim, string value)
    {
        var body = Encoding.UTF8.GetBytes(LegacyReceived());
        var claims = TestSigner.ClaimsJson(_legacyHost.Url.ToString(), body, Now);
        var current = claim == "nbf" ? Now.ToUnixTimeSeconds() : Now.ToUnixTimeSeconds() + 60;
        claims = claims.Replace($"\"{claim}\":{current}", $"\"{claim}\":{value}", StringComparison.Ordinal);
        var token = TestSigner.MessageBirdJwtRaw(TestRegistration.SigningKey, """{"alg":"HS256","typ":"JWT"}"""u8.ToArray(), Encoding.UTF8.GetBytes(claims));

        var (status, result) = await PostJwtAsync(body, token);

        Assert.Equal(401, status);
        Assert.Contains(result.Rejection!.Code, new[] { WebhookRejection.SignatureInvalid, WebhookRejection.TimestampStale });
    }

    [Fact]
    public async Task A_jwt_without_an_id_re_encoded_with_padding_is_still_seen_as_a_replay()
    {
        var body = Encoding.UTF8.GetBytes(LegacyReceived());
        var token = TestSigner.MessageBirdJwtRaw(TestRegistration.SigningKey, """{"alg":"HS256","typ":"JWT"}"""u8.ToArray(),
            Encoding.UTF8.GetBytes(TestSigner.ClaimsJson(_legacyHost.Url.ToString(), body, Now, jti: null)));

        Assert.Equal(200, (await PostJwtAsync(body, token)).Status);

        AssertRejected(await PostJwtAsync(body, token + "="), WebhookRejection.Replayed);
    }

    [Fact]
    public async Task A_jwt_with_an_id_re_encoded_with_white_space_in_its_signature_is_still_seen_as_a_replay()
    {
        var body = Encoding.UTF8.GetBytes(LegacyReceived());
        var token = TestSigner.MessageBirdJwt(TestRegistration.SigningKey, _legacyHost.Url.ToString(), body, Now, jti: "5ef2b4b6-jti");
        var lastDot = token.LastIndexOf('.');

        Assert.Equal(200, (await PostJwtAsync(body, token)).Status);

        AssertRejected(await PostJwtAsync(body, token[..(lastDot + 5)] + " " + token[(lastDot + 5)..]), WebhookRejection.Replayed);
    }

    [Fact]
    public async Task A_bird_signature_re_encoded_with_white_space_is_still_seen_as_a_replay()
    {
        var body = Encoding.UTF8.GetBytes(ChannelsInbound(PhoneContact));
        var timestamp = _channels.Time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = TestSigner.BirdSignature(TestRegistration.SigningKey, timestamp, _channelsHost.Url.ToString(), body);

        var first = await _channelsHost.PostAsync(body, [("messagebird-signature", signature), ("messagebird-request-timestamp", timestamp)]);
        var second = await _channelsHost.PostAsync(body, [("messagebird-signature", signature[..10] + " " + signature[10..20] + " " + signature[20..]), ("messagebird-request-timestamp", timestamp)]);

        Assert.Equal(200, first.Status);
        AssertRejected(second, WebhookRejection.Replayed);
    }

    [Fact]
    public async Task Invalid_utf8_inside_a_signed_json_value_is_a_malformed_item_not_an_exception()
    {
        var json = Encoding.UTF8.GetBytes(ChannelsInbound(PhoneContact, """{"type":"text","text":{"text":"ST@P"}}""")).ToList();
        var at = json.IndexOf((byte)'@');
        json[at] = 0xFF;

        var item = SingleMalformed(await _channelsHost.PostChannelsAsync(_channels.Time, [.. json]));

        Assert.Equal(MalformedItemCodes.ItemMalformed, item.Code);
        Assert.Contains("payload.body.text.text", item.Message, StringComparison.Ordinal);
        Assert.StartsWith(RawItems.ChannelsName + ";base64\n", item.RawItem, StringComparison.Ordinal);
        Assert.Equal("b6f5c1e8-4d2a-4f3b-9a8c-1e2d3c4b5a69", item.EventId);
    }

    private static byte[] WithInvalidUtf8(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'@')
            {
                bytes[i] = 0xFE;
            }
        }

        return bytes;
    }

    [Theory]
    [InlineData("event", false)]
    [InlineData("service", false)]
    [InlineData("payload.sender.contact.identifierValue", false)]
    [InlineData("payload.meta.extraInformation.whatsappbsuid", true)]
    [InlineData("payload.failure.code", true)]
    public async Task Invalid_utf8_in_any_signed_bird_field_never_escapes_and_spoils_at_most_its_item(string where, bool stillAnEvent)
    {
        var json = where switch
        {
            "event" => ChannelsInbound(PhoneContact).Replace("whatsapp.inbound", "whatsapp.in@bound", StringComparison.Ordinal),
            "service" => ChannelsInbound(PhoneContact).Replace("\"channels\"", "\"chan@nels\"", StringComparison.Ordinal),
            "payload.sender.contact.identifierValue" => ChannelsInbound("""{"identifierKey":"phonenumber","identifierValue":"+3168765@321"}"""),
            "payload.meta.extraInformation.whatsappbsuid" => ChannelsInbound(PhoneContact, extraInformation: "\"whatsappbsuid\":\"US.1@3\""),
            _ => ChannelsOutbound(PhoneContact, "sending_failed", extra: ""","failure":{"code":"15@10","source":{"name":"whatsapp","code":"13@047"}}"""),
        };

        var (status, result) = await _channelsHost.PostChannelsAsync(_channels.Time, WithInvalidUtf8(json));

        Assert.Equal(200, status);
        Assert.Equal(stillAnEvent ? 1 : 0, result.Events.Count);
        Assert.Equal(stillAnEvent ? 0 : 1, result.MalformedItems.Count);
    }

    [Theory]
    [InlineData("type")]
    [InlineData("contact.msisdn")]
    [InlineData("message.error.code")]
    public async Task Invalid_utf8_in_any_signed_conversations_field_never_escapes(string where)
    {
        var json = where switch
        {
            "type" => LegacyReceived().Replace("message.created", "message.cre@ated", StringComparison.Ordinal),
            "contact.msisdn" => LegacyReceived(from: "null", msisdn: "\"3168765@321\""),
            _ => LegacySent("+31687654321", "failed").Replace("\"content\"", "\"error\":{\"code\":\"13@047\",\"description\":\"x\"},\"content\"", StringComparison.Ordinal),
        };

        var (status, result) = await _legacyHost.PostLegacyAsync(_legacy.Time, WithInvalidUtf8(json));

        Assert.Equal(200, status);
        Assert.Equal(1, result.Events.Count + result.MalformedItems.Count);
    }

    [Fact]
    public async Task Random_bodies_signed_or_not_never_make_the_reader_throw()
    {
        var random = new Random(20260301);
        var fragments = new[]
        {
            "{", "}", "[", "]", ",", ":", "\"", "null", "true", "1e999", "-0", "\"payload\"", "\"event\"", "\"whatsapp.inbound\"", "\"id\"",
            "\"sender\"", "\"contact\"", "\"identifierValue\"", "\"identifierKey\"", "\"whatsappbsuid\"", "\"US.1\"", "\"+31687654321\"", "\"createdAt\"",
            "\"9999-12-31T23:59:59Z\"", "\\u0000", "\\uD800", "\"type\"", "\"message.created\"", "\"message\"", "\"direction\"", "\"received\"",
        };
        for (var n = 0; n < 300; n++)
        {
            byte[] body;
            if (n % 3 == 0)
            {
                body = new byte[random.Next(0, 64)];
                random.NextBytes(body);
            }
            else
            {
                var text = new StringBuilder();
                for (var k = random.Next(1, 40); k > 0; k--)
                {
                    text.Append(fragments[random.Next(fragments.Length)]);
                }

                body = Encoding.UTF8.GetBytes(text.ToString());
            }

            // Each body signed at its own second: two equal random bodies are two deliveries, not a replay.
            _channels.Time.Advance(TimeSpan.FromSeconds(1));
            var channels = await _channelsHost.PostChannelsAsync(_channels.Time, body);
            var legacy = await _legacyHost.PostLegacyAsync(_legacy.Time, body);

            Assert.Equal(200, channels.Status);
            Assert.Equal(200, legacy.Status);
            foreach (var item in channels.Result.MalformedItems.Concat(legacy.Result.MalformedItems))
            {
                var reread = await (item.RawItem.StartsWith(RawItems.ChannelsName, StringComparison.Ordinal) ? _channels.Reader : _legacy.Reader).ReadItemAsync(item.RawItem);
                Assert.True(reread.IsAccepted);
            }
        }
    }

    [Fact]
    public async Task Any_characters_in_any_header_give_a_documented_rejection_and_never_an_exception()
    {
        var random = new Random(7);
        var body = Encoding.UTF8.GetBytes(ChannelsInbound(PhoneContact));
        string RandomText()
        {
            var chars = new char[random.Next(0, 80)];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)random.Next(0, 0x10000);
            }

            return new string(chars);
        }

        var codes = new[] { WebhookRejection.SignatureMissing, WebhookRejection.SignatureInvalid, WebhookRejection.TimestampStale };
        foreach (var reader in new[] { _channels.Reader, _legacy.Reader })
        {
            for (var n = 0; n < 300; n++)
            {
                var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
                {
                    [n % 2 == 0 ? "messagebird-signature" : "MessageBird-Signature-JWT"] = n % 5 == 0 ? RandomText() + "." + RandomText() + "." + RandomText() : RandomText(),
                    ["messagebird-request-timestamp"] = n % 7 == 0 ? "99999999999999999999" : RandomText(),
                };
                var request = new WebhookRequest { Method = "POST", Url = new Uri("https://hooks.example/bird?x=" + n), Headers = headers, Body = body };

                var result = await reader.ReadAsync(request);

                Assert.False(result.IsAccepted);
                Assert.Contains(result.Rejection!.Code, codes);
            }
        }
    }

    [Fact]
    public async Task A_bird_timestamp_at_the_end_of_the_calendar_is_refused_as_stale_without_an_exception()
    {
        var body = Encoding.UTF8.GetBytes(ChannelsInbound(PhoneContact));
        foreach (var timestamp in new[] { "253402300799", "253402300800", "9223372036854775807", "18446744073709551616" })
        {
            var signature = TestSigner.BirdSignature(TestRegistration.SigningKey, timestamp, _channelsHost.Url.ToString(), body);

            var (status, result) = await _channelsHost.PostAsync(body, [("messagebird-signature", signature), ("messagebird-request-timestamp", timestamp)]);

            Assert.Equal(401, status);
            Assert.Contains(result.Rejection!.Code, new[] { WebhookRejection.SignatureInvalid, WebhookRejection.TimestampStale });
        }
    }
}
