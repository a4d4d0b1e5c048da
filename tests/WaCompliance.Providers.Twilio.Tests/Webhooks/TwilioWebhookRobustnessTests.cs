using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WaCompliance.Providers.Twilio.Tests.Infrastructure;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.Twilio.Tests.Webhooks;

/// <summary>
/// Whatever bytes arrive, the reader answers with events, malformed items or a documented rejection and never throws:
/// broken encodings, invalid UTF-8, repeated fields, huge values, odd headers. Replays are recognized however the
/// signature is written.
/// </summary>
public sealed class TwilioWebhookRobustnessTests : IAsyncLifetime
{
    private const string Sid = "SM0123456789abcdef0123456789abcdef";

    private static readonly Dictionary<string, int> s_documentedRejections = new()
    {
        [WebhookRejection.SignatureMissing] = 401,
        [WebhookRejection.SignatureInvalid] = 401,
        [WebhookRejection.BodyMalformed] = 400,
        [WebhookRejection.BodyTooLarge] = 413,
        [WebhookRejection.Unsupported] = 415,
    };

    private ServiceProvider _services = null!;
    private WebhookHost _host = null!;

    public async Task InitializeAsync()
    {
        _services = TestHost.Build(null, time: new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 9, 30, 0, TimeSpan.Zero)));
        _host = await WebhookHost.StartAsync(_services.Reader(), _services.GetRequiredService<WebhookProcessor>());
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _services.DisposeAsync();
    }

    [Theory]
    [InlineData("raw invalid UTF-8", new byte[] { 0x42, 0x6F, 0x64, 0x79, 0x3D, 0xFF, 0xFE })]
    [InlineData("percent-encoded invalid UTF-8", new byte[] { 0x42, 0x6F, 0x64, 0x79, 0x3D, 0x25, 0x46, 0x46 })]
    [InlineData("truncated escape", new byte[] { 0x42, 0x6F, 0x64, 0x79, 0x3D, 0x25, 0x34 })]
    [InlineData("lone escape", new byte[] { 0x25 })]
    [InlineData("overlong UTF-8 of '/'", new byte[] { 0x42, 0x3D, 0x25, 0x43, 0x30, 0x25, 0x41, 0x46 })]
    [InlineData("encoded surrogate half", new byte[] { 0x42, 0x3D, 0x25, 0x45, 0x44, 0x25, 0x41, 0x30, 0x25, 0x38, 0x30 })]
    public async Task Form_body_that_cannot_be_decoded_is_refused_as_malformed_because_it_cannot_be_verified(string why, byte[] body)
    {
        var url = new Uri(_host.BaseUrl, "/twilio/inbound").ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded");
        request.Headers.TryAddWithoutValidation("X-Twilio-Signature", "AAAAAAAAAAAAAAAAAAAAAAAAAAA=");

        using var response = await _host.Client.SendAsync(request);

        Assert.True(HttpStatusCode.BadRequest == response.StatusCode, why);
        Assert.Equal(WebhookRejection.BodyMalformed, Assert.Single(_host.Results).Rejection?.Code);
    }

    [Theory]
    [InlineData(new byte[] { 0x7B, 0x22, 0x4D, 0x65, 0x73, 0x73, 0x61, 0x67, 0x65, 0x53, 0x69, 0x64, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D })] // {"MessageSid":"\xC3("}
    [InlineData(new byte[] { 0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x22, 0x61, 0x22, 0x7D })] // {"\xFF":"a"}
    public async Task Signed_json_with_invalid_utf8_in_a_string_is_a_malformed_item_not_an_exception(byte[] body)
    {
        var result = await PostJsonAsync(body);

        Assert.True(result.IsAccepted);
        Assert.Equal(MalformedItemCodes.BodyUnreadable, Assert.Single(result.MalformedItems).Code);
        Assert.Single(Assert.Single(_host.Deliveries).DeadLetters);
    }

    [Theory]
    [InlineData("""{"MessageSid":"SM0123456789abcdef0123456789abcdef","Body":"\ud800"}""")]
    [InlineData("""{"MessageSid":"SM0123456789abcdef0123456789abcdef","\udfff":"x"}""")]
    [InlineData("""{"MessageSid":"SM0123456789abcdef0123456789abcdef","Extra":[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]}""")]
    [InlineData("""{"MessageSid":"SM0123456789abcdef0123456789abcdef","NumMedia":1e999999}""")]
    public async Task Signed_json_that_breaks_the_json_reader_is_a_malformed_item(string body)
    {
        var result = await PostJsonAsync(Encoding.UTF8.GetBytes(body));

        Assert.True(result.IsAccepted);
        Assert.Empty(result.Events);
        Assert.Single(result.MalformedItems);
    }

    [Fact]
    public async Task Repeated_field_with_the_same_value_is_read_and_with_another_value_is_a_malformed_item()
    {
        var same = await PostFormAsync(("MessageSid", Sid), ("From", "whatsapp:" + TestHost.Recipient), ("From", "whatsapp:" + TestHost.Recipient), ("Body", "hi"));
        var other = await PostFormAsync(("MessageSid", Sid), ("From", "whatsapp:" + TestHost.Recipient), ("ExternalUserId", TestHost.RecipientUserId),
            ("ExternalUserId", "US.99999999999999999999"), ("Body", "hi"));
        var multiValued = await PostFormAsync(("MessageSid", Sid), ("From", "whatsapp:" + TestHost.Recipient), ("Unknown", "a"), ("Unknown", "b"), ("Body", "hi"));

        Assert.Single(same.Events);
        Assert.Equal(MalformedItemCodes.ItemMalformed, Assert.Single(other.MalformedItems).Code);
        Assert.Contains("ExternalUserId", other.MalformedItems[0].Message);
        Assert.Single(multiValued.Events);
    }

    [Fact]
    public async Task Huge_values_within_the_body_limit_are_read_whole()
    {
        var body = string.Concat(Enumerable.Repeat("STOP 🛑 ", 30_000));

        var result = await PostFormAsync(("MessageSid", Sid), ("From", "whatsapp:" + TestHost.Recipient), ("To", "whatsapp:" + TestHost.Sender),
            ("Body", body), ("ProfileName", new string('x', 50_000)));

        Assert.Equal(body, Assert.IsType<InboundMessageEvent>(Assert.Single(result.Events)).Text);
    }

    [Fact]
    public async Task Huge_identity_values_are_malformed_items_with_short_messages()
    {
        var result = await PostFormAsync(("MessageSid", Sid), ("From", "whatsapp:US." + new string('1', 200_000)), ("ExternalUserId", "+" + new string('9', 100_000)));

        var item = Assert.Single(result.MalformedItems);
        Assert.Equal(MalformedItemCodes.IdentityInvalid, item.Code);
        Assert.True(item.Message.Length < 200);
    }

    [Fact]
    public async Task Huge_signature_header_is_refused_as_invalid()
    {
        var url = new Uri(_host.BaseUrl, "/twilio/inbound").ToString();
        using var request = Signer.SignedPost(url, [new("MessageSid", Sid)]);
        request.Headers.Remove("X-Twilio-Signature");
        request.Headers.TryAddWithoutValidation("X-Twilio-Signature", new string('A', 16_000) + "=");

        using var response = await _host.Client.SendAsync(request);

        TwilioWebhookSignatureTests.AssertRejected(_host, response, HttpStatusCode.Unauthorized, WebhookRejection.SignatureInvalid);
    }

    [Fact]
    public async Task Signed_get_with_an_undecodable_query_is_a_malformed_item_holding_the_query()
    {
        // AbsoluteUri is what HttpClient sends and Kestrel sees, so it is what Twilio would have signed.
        var url = new Uri(_host.BaseUrl, "/twilio/inbound?MessageSid=" + Sid + "&Body=%E2%28&From=whatsapp%3A%2B64211234567").AbsoluteUri;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("X-Twilio-Signature", Signer.Sign(TwilioStub.AuthToken, url, null));

        using var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var item = Assert.Single(Assert.Single(_host.Results).MalformedItems);
        Assert.Equal(MalformedItemCodes.BodyUnreadable, item.Code);
        Assert.Contains("%E2%28", item.RawItem);
    }

    [Fact]
    public async Task Signed_post_with_an_undecodable_url_query_is_still_read_because_the_url_is_signed_as_written()
    {
        var url = new Uri(_host.BaseUrl, "/twilio/inbound?tag=%ZZ%FF").AbsoluteUri;

        using var response = await _host.Client.SendAsync(Signer.SignedPost(url,
            [new("MessageSid", Sid), new("From", "whatsapp:" + TestHost.Recipient), new("Body", "hi")]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(Assert.Single(_host.Results).Events);
    }

    [Fact]
    public async Task Replay_with_the_signature_written_differently_is_recognized_as_the_same_delivery()
    {
        KeyValuePair<string, string>[] stop =
        [
            new("MessageSid", Sid), new("From", "whatsapp:" + TestHost.RecipientUserId), new("To", "whatsapp:" + TestHost.Sender), new("Body", "STOP"),
        ];
        var url = new Uri(_host.BaseUrl, "/twilio/inbound").ToString();
        var signature = Signer.Sign(TwilioStub.AuthToken, url, stop);
        string[] rewritten =
        [
            signature,
            signature[..8] + " " + signature[8..16] + "\t" + signature[16..],  // white space inside
            NonCanonicalLastCharacter(signature),                              // other unused bits, same bytes
        ];

        foreach (var variant in rewritten)
        {
            using var request = Signer.SignedPost(url, stop);
            request.Headers.Remove("X-Twilio-Signature");
            request.Headers.TryAddWithoutValidation("X-Twilio-Signature", variant);
            using var response = await _host.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var deliveries = _host.Deliveries.ToArray();
        Assert.Equal(3, deliveries.Length);
        Assert.Single(_host.Results.Select(r => Assert.Single(r.Events).EventId).Distinct());
        Assert.False(deliveries[0].Events[0].IsDuplicate);
        Assert.True(deliveries[0].Events[0].Actions.HasFlag(WebhookActions.OptedOut));
        Assert.True(deliveries[1].Events[0].IsDuplicate);
        Assert.True(deliveries[2].Events[0].IsDuplicate);
    }

    [Fact]
    public async Task Signature_without_its_padding_is_refused()
    {
        KeyValuePair<string, string>[] stop = [new("MessageSid", Sid), new("From", "whatsapp:" + TestHost.Recipient), new("Body", "STOP")];
        var url = new Uri(_host.BaseUrl, "/twilio/inbound").ToString();
        using var request = Signer.SignedPost(url, stop);
        var signature = Signer.Sign(TwilioStub.AuthToken, url, stop);
        request.Headers.Remove("X-Twilio-Signature");
        request.Headers.TryAddWithoutValidation("X-Twilio-Signature", signature.TrimEnd('='));

        using var response = await _host.Client.SendAsync(request);

        TwilioWebhookSignatureTests.AssertRejected(_host, response, HttpStatusCode.Unauthorized, WebhookRejection.SignatureInvalid);
    }

    [Fact]
    public async Task Random_bytes_in_headers_and_body_never_escape_as_an_exception()
    {
        var reader = TwilioSignatureVectorTests.Reader(TwilioStub.AuthToken);
        var random = new Random(20260701);
        string[] names =
        [
            "MessageSid", "SmsSid", "From", "To", "Body", "NumMedia", "MessageStatus", "ErrorCode", "ErrorMessage", "ButtonPayload",
            "ButtonText", "MessageType", "OriginalRepliedMessageSid", "MediaContentType0", "Latitude", "ChannelPrefix", "ExternalUserId",
            "ExternalUserIdentifier", "ParentExternalUserId", "ReferralSourceId", "WaId", "bodySHA256",
        ];
        string[] values =
        [
            Sid, "whatsapp:" + TestHost.Recipient, "whatsapp:" + TestHost.RecipientUserId, TestHost.RecipientUserId, TestHost.RecipientParentUserId,
            "whatsapp:+6493001234", "failed", "delivered", "received", "63016", "21211", "99999999999", "", "STOP", "whatsapp:", "US.", "US.ENT.",
            "+", "whatsapp:+1", "\uFFFD", "%", "&=&", "whatsapp", "0", "-1", "101",
        ];

        for (var i = 0; i < 3000; i++)
        {
            var url = "https://hooks.example.com/twilio/inbound" + (random.Next(4) == 0 ? "?" + RandomText(random, 20) : string.Empty);
            var pairs = Enumerable.Range(0, random.Next(12))
                .Select(_ => new KeyValuePair<string, string>(
                    random.Next(8) == 0 ? RandomText(random, 10) : names[random.Next(names.Length)],
                    random.Next(4) == 0 ? RandomText(random, 40) : values[random.Next(values.Length)]))
                .ToList();
            var body = random.Next(5) switch
            {
                0 => RandomBytes(random, 200),
                1 => Mutate(random, Encoding.UTF8.GetBytes(Signer.Form(pairs))),
                _ => Encoding.UTF8.GetBytes(Signer.Form(pairs)),
            };
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["X-Twilio-Signature"] = random.Next(3) == 0 ? RandomText(random, 60) : Signer.Sign(TwilioStub.AuthToken, url, pairs),
                ["Content-Type"] = random.Next(6) == 0 ? RandomText(random, 30) : "application/x-www-form-urlencoded",
            };
            if (random.Next(6) == 0)
            {
                headers["X-Twilio-Webhooks-Signature-Settings"] = RandomText(random, 40);
            }

            var request = new WebhookRequest
            {
                Method = random.Next(10) == 0 ? "GET" : random.Next(10) == 0 ? RandomText(random, 5) : "POST",
                Url = new Uri(url),
                Headers = headers,
                Body = body,
            };

            var result = await reader.ReadAsync(request);
            AssertDocumented(result);
            foreach (var item in result.MalformedItems)
            {
                AssertDocumented(await reader.ReadItemAsync(item.RawItem));
            }

            AssertDocumented(await reader.ReadItemAsync(RandomText(random, 80)));
            AssertDocumented(await reader.ReadItemAsync(Encoding.UTF8.GetString(body)));
        }
    }

    [Fact]
    public async Task Headers_and_urls_of_any_shape_are_refused_or_read_never_thrown()
    {
        var reader = TwilioSignatureVectorTests.Reader(TwilioStub.AuthToken, o => o.WebhookPublicBaseUrl = new Uri("https://hooks.example.com/api"));
        string?[] odd = [null, "", " ", "\0", "\r\n", "=", "====", "é", "\uD800", new string('+', 10_000), "algorithm=", "algorithm=HMAC_SHA256,algorithm=x"];
        Uri[] urls = [new("https://a.example.com"), new("urn:isbn:0451450523"), new("file:///etc/passwd"), new("http://[::1]:65535/?a=%ZZ#frag"), new("mailto:a@b.c")];
        foreach (var url in urls)
        {
            foreach (var signature in odd)
            {
                foreach (var settings in odd)
                {
                    var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    if (signature is not null)
                    {
                        headers["X-Twilio-Signature"] = signature;
                    }

                    if (settings is not null)
                    {
                        headers["X-Twilio-Webhooks-Signature-Settings"] = settings;
                        headers["Content-Type"] = settings;
                    }

                    AssertDocumented(await reader.ReadAsync(new WebhookRequest { Method = "POST", Url = url, Headers = headers, Body = "a=b"u8.ToArray() }));
                }
            }
        }
    }

    private static void AssertDocumented(WebhookReadResult result)
    {
        if (result.Rejection is { } rejection)
        {
            Assert.True(s_documentedRejections.TryGetValue(rejection.Code, out var status), rejection.Code);
            Assert.Equal(status, rejection.StatusCode);
            Assert.Empty(result.Events);
            Assert.Empty(result.MalformedItems);
            return;
        }

        foreach (var item in result.MalformedItems)
        {
            Assert.Equal("twilio:main", item.Source);
            Assert.False(string.IsNullOrWhiteSpace(item.Code));
            Assert.NotNull(item.RawItem);
            Assert.True(item.EventId is null or { Length: > 0 and <= WebhookDeadLetterRules.MaxKeyLength });
        }

        foreach (var @event in result.Events)
        {
            WebhookEventKeys.Validate(@event.Source, @event.EventId);
        }
    }

    private async Task<WebhookReadResult> PostFormAsync(params (string Name, string Value)[] fields)
    {
        _host.Results.Clear();
        var url = new Uri(_host.BaseUrl, "/twilio/inbound").ToString();
        using var response = await _host.Client.SendAsync(Signer.SignedPost(url, fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single(_host.Results);
    }

    private async Task<WebhookReadResult> PostJsonAsync(byte[] body)
    {
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body));
        var url = new Uri(_host.BaseUrl, $"/twilio/inbound?bodySHA256={hash}").ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        request.Headers.TryAddWithoutValidation("X-Twilio-Signature", Signer.Sign(TwilioStub.AuthToken, url, null));
        using var response = await _host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single(_host.Results);
    }

    /// <summary>The same signature with the unused low bits of its last base64 character set differently.</summary>
    private static string NonCanonicalLastCharacter(string signature)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        var last = signature.TrimEnd('=').Length - 1;
        var changed = Alphabet[Alphabet.IndexOf(signature[last], StringComparison.Ordinal) ^ 1];
        var variant = string.Concat(signature.AsSpan(0, last), changed.ToString(), signature.AsSpan(last + 1));
        Assert.NotEqual(signature, variant);
        Assert.Equal(Convert.FromBase64String(signature), Convert.FromBase64String(variant));
        return variant;
    }

    private static string RandomText(Random random, int maxLength)
    {
        var length = random.Next(maxLength + 1);
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = random.Next(6) switch
            {
                0 => (char)random.Next(0xD800, 0xE000),   // surrogate halves, paired or not
                1 => (char)random.Next(0, 0x20),         // control characters
                2 => "%&=+.:whatsapp"[random.Next(14)],
                _ => (char)random.Next(0x20, 0x250),
            };
        }

        return new string(chars);
    }

    private static byte[] RandomBytes(Random random, int maxLength)
    {
        var bytes = new byte[random.Next(maxLength + 1)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return bytes;
        }

        var copy = (byte[])bytes.Clone();
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            copy[random.Next(copy.Length)] = (byte)random.Next(256);
        }

        return copy;
    }
}
