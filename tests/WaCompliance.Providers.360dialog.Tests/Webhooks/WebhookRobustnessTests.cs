using System.Text;
using Microsoft.Extensions.DependencyInjection;
using WaCompliance.Providers.Dialog360.Tests.Infrastructure;
using WaCompliance.Webhooks;
using static WaCompliance.Providers.Dialog360.Tests.Infrastructure.MetaWebhooks;

namespace WaCompliance.Providers.Dialog360.Tests.Webhooks;

/// <summary>
/// Regression tests: whatever the bytes of an authentic body, the reader answers with events and malformed items and
/// never throws; whatever the headers, it answers with events or a documented rejection.
/// </summary>
public sealed class WebhookRobustnessTests : WebhookTestBase
{
    private const string GoodStop = """{"from":"64211234567","id":"wamid.GOOD","timestamp":"1772366400","type":"text","text":{"body":"STOP"}}""";

    protected override void Configure(Dialog360WebhookOptions options)
    {
        options.AppSecret = AppSecret;
    }

    private static byte[] Bytes(params object[] parts)
    {
        var bytes = new List<byte>();
        foreach (var part in parts)
        {
            bytes.AddRange(part switch
            {
                string text => Encoding.UTF8.GetBytes(text),
                byte[] raw => raw,
                _ => throw new ArgumentException("text or bytes", nameof(parts)),
            });
        }

        return [.. bytes];
    }

    private async Task<MalformedWebhookItem> OneBadBesideAGoodStopAsync(byte[] body)
    {
        var answer = await SignedAsync(body);
        Assert.Equal(200, answer.Status);
        Assert.Equal("wamid.GOOD", Assert.Single(answer.Result.Events).EventId);
        return Assert.Single(answer.Result.MalformedItems);
    }

    /// <summary>A messages change holding the good STOP and then the bad item, given as text and raw bytes.</summary>
    private static byte[] Batch(params object[] badItem)
    {
        const string Marker = "\"messages\":[MARKER]";
        var body = Change("messages", Marker);
        var at = body.IndexOf(Marker, StringComparison.Ordinal);
        return Bytes([body[..at] + "\"messages\":[" + GoodStop + ",", .. badItem, "]" + body[(at + Marker.Length)..]]);
    }

    [Fact]
    public async Task Invalid_UTF8_inside_a_signed_text_value_is_a_malformed_item_and_the_good_item_is_read()
    {
        var bad = await OneBadBesideAGoodStopAsync(Batch(
            """{"from":"64211234567","id":"wamid.UTF","timestamp":"1772366400","type":"text","text":{"body":"caf""", new byte[] { 0xC3, 0x28, 0xFF }, "\"}}"));

        Assert.Equal(MalformedItemCodes.ItemMalformed, bad.Code);
        Assert.Equal("entry[0].changes[0].value.messages[1].text.body is not valid UTF-8 or UTF-16 text.", bad.Message);
        Assert.Equal("wamid.UTF", bad.EventId);
        Assert.Contains('\uFFFD', bad.RawItem);
    }

    [Fact]
    public async Task Invalid_UTF8_in_the_sender_or_in_a_property_name_is_a_malformed_item()
    {
        var inFrom = await OneBadBesideAGoodStopAsync(Batch(
            """{"from":"6421""", new byte[] { 0xE2, 0x82 }, "\",\"id\":\"wamid.U2\",\"timestamp\":\"1772366400\",\"type\":\"text\",\"text\":{\"body\":\"STOP\"}}"));
        var inName = await OneBadBesideAGoodStopAsync(Batch(
            """{"from":"64211234567","id":"wamid.U3","timestamp":"1772366400","type":"text","te""", new byte[] { 0xF0, 0x9F }, "\":1,\"text\":{\"body\":\"STOP\"}}"));

        Assert.Equal("entry[0].changes[0].value.messages[1].from is not valid UTF-8 or UTF-16 text.", inFrom.Message);
        Assert.Equal("entry[0].changes[0].value.messages[1] has a property name that is not valid UTF-8 or UTF-16 text.", inName.Message);
    }

    [Fact]
    public async Task An_escaped_lone_surrogate_in_a_text_value_is_a_malformed_item()
    {
        var bad = await OneBadBesideAGoodStopAsync(Batch(
            """{"from":"64211234567","id":"wamid.SUR","timestamp":"1772366400","type":"text","text":{"body":"\uD800 STOP"}}"""));

        Assert.Equal("entry[0].changes[0].value.messages[1].text.body is not valid UTF-8 or UTF-16 text.", bad.Message);
    }

    [Fact]
    public async Task Invalid_UTF8_in_the_envelope_makes_the_body_unreadable_and_keeps_it_whole()
    {
        var body = Bytes("""{"object":"whatsapp_business_""", new byte[] { 0xC0, 0xAF }, """account","entry":[]}""");

        var answer = await SignedAsync(body);

        Assert.Equal(200, answer.Status);
        var item = Assert.Single(answer.Result.MalformedItems);
        Assert.Equal(MalformedItemCodes.BodyUnreadable, item.Code);
        Assert.Equal(Encoding.UTF8.GetString(body), item.RawItem);
    }

    [Theory]
    [InlineData("\"253402300799\"", 253402300799L)] // 9999-12-31T23:59:59Z, the last second DateTimeOffset holds
    [InlineData("253402300799", 253402300799L)]
    [InlineData("\"253402300800\"", null)] // one second past it
    [InlineData("4102444800", 4102444800L)] // 2100-01-01
    [InlineData("\"-1\"", -1L)]
    [InlineData("-1", -1L)]
    [InlineData("-9223372036854775808", null)]
    [InlineData("0", 0L)]
    [InlineData("1.5", null)]
    [InlineData("\"1e3\"", null)]
    [InlineData("1e400", null)]
    [InlineData("99999999999999999999999", null)]
    [InlineData("\"99999999999999999999999\"", null)]
    [InlineData("\" 1772366400\"", null)]
    [InlineData("true", null)]
    [InlineData("[1772366400]", null)]
    public async Task A_timestamp_near_year_9999_negative_huge_or_of_the_wrong_type_never_refuses_the_STOP(string timestamp, long? reportedSeconds)
    {
        var answer = await SignedAsync(Batch(
            $$$"""{"from":"64211234567","id":"wamid.TS","timestamp":{{{timestamp}}},"type":"text","text":{"body":"STOP"}}"""));

        Assert.Empty(answer.Result.MalformedItems);
        var stop = Assert.IsType<InboundMessageEvent>(answer.Result.Events[1]);
        Assert.Equal(("wamid.TS", TestServices.Now), (stop.EventId, stop.OccurredAt));
        Assert.Equal(reportedSeconds is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null, stop.ReportedAt);
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(0)]
    [InlineData(300)]
    public async Task A_timestamp_within_the_allowed_skew_of_our_clock_is_the_events_time(int secondsFromNow)
    {
        var at = TestServices.Now.AddSeconds(secondsFromNow);
        var answer = await SignedAsync(Batch(
            $$$"""{"from":"64211234567","id":"wamid.TS","timestamp":"{{{at.ToUnixTimeSeconds()}}}","type":"text","text":{"body":"STOP"}}"""));

        var stop = answer.Result.Events[1];
        Assert.Equal((at, (DateTimeOffset?)null), (stop.OccurredAt, stop.ReportedAt));
    }

    [Fact]
    public async Task A_timestamp_more_than_the_allowed_skew_ahead_of_our_clock_makes_the_event_occur_when_received()
    {
        var at = TestServices.Now.AddSeconds(301);
        var answer = await SignedAsync(Batch(
            $$$"""{"from":"64211234567","id":"wamid.TS","timestamp":"{{{at.ToUnixTimeSeconds()}}}","type":"text","text":{"body":"STOP"}}"""));

        var stop = answer.Result.Events[1];
        Assert.Equal((TestServices.Now, (DateTimeOffset?)at), (stop.OccurredAt, stop.ReportedAt));
    }

    [Fact]
    public async Task A_template_change_at_year_9999_occurs_when_received_with_the_providers_time_kept()
    {
        var answer = await SignedAsync("""
            {"object":"whatsapp_business_account","entry":[{"id":"1","time":253402300799,"changes":[{"field":"message_template_status_update","value":{"event":"PAUSED","message_template_id":42,"message_template_name":"t","message_template_language":"en"}}]}]}
            """);

        var update = Assert.IsType<TemplateStatusEvent>(Assert.Single(answer.Result.Events));
        Assert.Equal((TestServices.Now, (DateTimeOffset?)DateTimeOffset.FromUnixTimeSeconds(253402300799)), (update.OccurredAt, update.ReportedAt));
        Assert.EndsWith(":PAUSED:253402300799", update.EventId, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> WrongTypes => new()
    {
        { """{"from":64211234567,"id":"wamid.W","type":"text"}""", MalformedItemCodes.ItemMalformed, "messages[1].from is not a string." },
        { """{"from":"64211234567","id":5,"type":"text"}""", MalformedItemCodes.ItemMalformed, "messages[1].id is not a string." },
        { """{"from":"64211234567","id":"wamid.W","type":["text"]}""", MalformedItemCodes.ItemMalformed, "messages[1].type is not a string." },
        { """{"from_user_id":{"id":"BR.7712093455123009"},"id":"wamid.W","type":"text"}""", MalformedItemCodes.ItemMalformed, "messages[1].from_user_id is not a string." },
        { """{"from":"64211234567","id":"wamid.W","type":"text","context":"wamid.X"}""", MalformedItemCodes.ItemMalformed, "messages[1].context is not a JSON object." },
        { """{"from":"64211234567","id":"wamid.W","type":"text","text":"STOP"}""", MalformedItemCodes.ItemMalformed, "messages[1].text is not a JSON object." },
        { """{"from":"64211234567","id":"wamid.W","type":"button","button":{"payload":1}}""", MalformedItemCodes.ItemMalformed, "messages[1].button.payload is not a string." },
        { """{"from":"64211234567","id":"wamid.W","type":"interactive","interactive":{"type":"button_reply","button_reply":[]}}""", MalformedItemCodes.ItemMalformed, "messages[1].interactive.button_reply is not a JSON object." },
        { """{"from":"64211234567","id":"wamid.W","type":"text","referral":"ad"}""", MalformedItemCodes.ItemMalformed, "messages[1].referral is not a JSON object." },
        { """{"from":"64211234567","id":"wamid.W","type":"system","system":"changed"}""", MalformedItemCodes.ItemMalformed, "messages[1].system is not a JSON object." },
        { """{"from":"64211234567","id":"wamid.W","type":"contacts","contacts":{"origin":"contact_request"}}""", MalformedItemCodes.ItemMalformed, "messages[1].contacts is not a JSON array." },
        { """{"from":"64211234567","id":"","type":"text"}""", MalformedItemCodes.FieldMissing, "messages[1].id is missing." },
        { """{"from":"64211234567","id":"wamid.W","type":"  "}""", MalformedItemCodes.FieldMissing, "messages[1].type is missing." },
        { "\"a string item\"", MalformedItemCodes.ItemMalformed, "messages[1] is not a JSON object." },
        { "null", MalformedItemCodes.ItemMalformed, "messages[1] is not a JSON object." },
        { "[]", MalformedItemCodes.ItemMalformed, "messages[1] is not a JSON object." },
    };

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public async Task A_field_of_the_wrong_type_is_a_malformed_item_naming_the_field(string item, string code, string path)
    {
        var bad = await OneBadBesideAGoodStopAsync(Batch(item));

        Assert.Equal(code, bad.Code);
        Assert.Equal("entry[0].changes[0].value." + path, bad.Message);
    }

    [Fact]
    public async Task An_id_too_long_for_an_event_id_is_hashed_into_it_and_the_STOP_is_read()
    {
        var id = "wamid." + new string('A', 300);
        var body = Batch($$$"""{"from":"64211234567","id":"{{{id}}}","timestamp":"1772366400","type":"text","text":{"body":"STOP"}}""");

        var first = await SignedAsync(body);
        var second = await SignedAsync(body);

        Assert.Empty(first.Result.MalformedItems);
        var stop = Assert.IsType<InboundMessageEvent>(first.Result.Events[1]);
        Assert.Equal(id, stop.MessageId);
        Assert.True(stop.EventId.Length <= 200);
        Assert.StartsWith("wamid.AAAA", stop.EventId, StringComparison.Ordinal);
        Assert.Equal(stop.EventId, second.Result.Events[1].EventId);
        var other = await SignedAsync(Batch($$$"""{"from":"64211234567","id":"{{{id}}}B","timestamp":"1772366400","type":"text","text":{"body":"STOP"}}"""));
        Assert.NotEqual(stop.EventId, other.Result.Events[1].EventId);
    }

    [Theory]
    [InlineData("""{"id":"wamid.N","status":"failed","timestamp":"1772366401","recipient_id":"64211234567","errors":[{"code":1e30}]}""", "statuses[0].errors[0].code is not an integer in range.")]
    [InlineData("""{"id":"wamid.N","status":"failed","timestamp":"1772366401","recipient_id":"64211234567","errors":[{"code":"131050x"}]}""", "statuses[0].errors[0].code is not an integer in range.")]
    [InlineData("""{"id":"wamid.N","status":"failed","timestamp":"1772366401","recipient_id":"64211234567","errors":["131050"]}""", "statuses[0].errors[0] is not a JSON object.")]
    [InlineData("""{"id":"wamid.N","status":"sent","timestamp":"1772366401","recipient_id":"642112345671234567890"}""", "statuses[0].recipient_id is not a phone number (NUMBER_TOO_LONG).")]
    [InlineData("""{"id":"wamid.N","status":7,"timestamp":"1772366401"}""", "statuses[0].status is not a string.")]
    public async Task Huge_numbers_and_wrong_types_in_a_status_are_a_malformed_item(string status, string path)
    {
        var answer = await SignedAsync(Change("messages", $$$"""
            "statuses":[{{{status}}}]
            """));

        Assert.Equal("entry[0].changes[0].value." + path, Assert.Single(answer.Result.MalformedItems).Message);
    }

    [Fact]
    public async Task A_huge_template_id_is_a_malformed_item()
    {
        var answer = await SignedAsync("""
            {"object":"whatsapp_business_account","entry":[{"id":"1","time":1772366500,"changes":[{"field":"message_template_status_update","value":{"event":"PAUSED","message_template_id":1e400,"message_template_name":"t"}}]}]}
            """);

        Assert.Equal("entry[0].changes[0].value.message_template_id is not an integer in range.", Assert.Single(answer.Result.MalformedItems).Message);
    }

    [Fact]
    public async Task An_item_nested_deeper_than_64_levels_is_a_malformed_item_and_the_good_one_is_read()
    {
        var deep = new string('[', 100) + new string(']', 100);

        var bad = await OneBadBesideAGoodStopAsync(Batch(
            """{"from":"64211234567","id":"wamid.DEEP","timestamp":"1772366400","type":"text","text":{"body":"STOP"},"extra":""" + deep + "}"));

        Assert.Equal("entry[0].changes[0].value.messages[1] nests deeper than 64 levels.", bad.Message);
        Assert.Equal("wamid.DEEP", bad.EventId);
    }

    [Fact]
    public async Task A_body_nested_deeper_than_any_reader_reads_is_unreadable_and_kept_whole()
    {
        var body = """{"object":"whatsapp_business_account","entry":[""" + new string('[', 5000) + new string(']', 5000) + "]}";

        var answer = await SignedAsync(body);

        Assert.Equal(200, answer.Status);
        Assert.Equal(MalformedItemCodes.BodyUnreadable, Assert.Single(answer.Result.MalformedItems).Code);
    }

    [Fact]
    public async Task Random_signed_bytes_are_always_acknowledged_and_never_throw()
    {
        var random = new Random(20261207);
        for (var i = 0; i < 300; i++)
        {
            var body = new byte[random.Next(0, 512)];
            random.NextBytes(body);

            var read = await Reader.ReadAsync(Signed(body));

            Assert.True(read.IsAccepted);
            Assert.Empty(read.Events);
            Assert.Equal(MalformedItemCodes.BodyUnreadable, Assert.Single(read.MalformedItems).Code);
        }
    }

    [Fact]
    public async Task Mutations_of_an_authentic_delivery_never_throw_from_the_reader_ReadItemAsync_or_the_processor()
    {
        // Random byte flips, insertions, deletions and JSON-significant characters, each signed: every outcome is
        // events and malformed items; every raw item reads back; the processor applies every outcome.
        var original = Encoding.UTF8.GetBytes(MalformedItemTests.ThreeStopsAndOneBadItem);
        byte[] significant = [.. "{}[]\",:0123456789-+.eE\\u "u8, 0xC3, 0xFF, 0x00];
        var random = new Random(7);
        using var services = TestServices.Build(new Uri("http://127.0.0.1:9/"), o => o.Webhook = new Dialog360WebhookOptions { AppSecret = AppSecret });
        var reader = services.Reader();
        var processor = services.GetRequiredService<WebhookProcessor>();
        for (var i = 0; i < 400; i++)
        {
            var body = new List<byte>(original);
            for (var m = random.Next(1, 6); m > 0; m--)
            {
                var at = random.Next(body.Count);
                var value = random.Next(2) == 0 ? significant[random.Next(significant.Length)] : (byte)random.Next(256);
                switch (random.Next(3))
                {
                    case 0:
                        body[at] = value;
                        break;
                    case 1:
                        body.Insert(at, value);
                        break;
                    default:
                        body.RemoveAt(at);
                        break;
                }
            }

            var read = await reader.ReadAsync(Signed([.. body]));

            Assert.True(read.IsAccepted, read.Rejection?.Code);
            foreach (var item in read.MalformedItems)
            {
                Assert.True((await reader.ReadItemAsync(item.RawItem)).IsAccepted);
            }

            await processor.ProcessAsync(read);
        }
    }

    public static TheoryData<string?, string> HostileSignatures => new()
    {
        { null, WebhookRejection.SignatureMissing },
        { string.Empty, WebhookRejection.SignatureMissing },
        { "sha256=", WebhookRejection.SignatureInvalid },
        { "sha256=" + new string('g', 64), WebhookRejection.SignatureInvalid },
        { "sha256=" + new string('é', 64), WebhookRejection.SignatureInvalid },
        { "sha256=\u0000\u0001\u0002" + new string('0', 61), WebhookRejection.SignatureInvalid },
        { "sha256=" + new string('0', 100_000), WebhookRejection.SignatureInvalid },
        { "\uD800\uDC00\uD800", WebhookRejection.SignatureInvalid },
        { "sha256=" + new string('0', 63) + "\uD800", WebhookRejection.SignatureInvalid },
        { "sha256 = dec6a680679a968e7e0319355b23599cbfc54502c0784668e9618baa0c633756", WebhookRejection.SignatureInvalid },
    };

    [Theory]
    [MemberData(nameof(HostileSignatures))]
    public async Task Any_signature_header_is_a_documented_rejection_never_an_exception(string? signature, string code)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (signature is not null)
        {
            headers["X-Hub-Signature-256"] = signature;
        }

        var read = await Reader.ReadAsync(new WebhookRequest { Method = "POST", Url = new Uri("https://hooks.example.com/wa"), Headers = headers, Body = Encoding.UTF8.GetBytes(GoodStop) });

        Assert.Equal(code, read.Rejection?.Code);
        Assert.Equal(401, read.Rejection?.StatusCode);
    }

    [Fact]
    public async Task Random_header_names_and_values_never_throw()
    {
        var random = new Random(42);
        for (var i = 0; i < 300; i++)
        {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var h = random.Next(0, 6); h > 0; h--)
            {
                headers[RandomText(random, 1, 40)] = RandomText(random, 0, 200);
            }

            if (random.Next(2) == 0)
            {
                headers["X-Hub-Signature-256"] = random.Next(2) == 0 ? "sha256=" + RandomText(random, 64, 64) : RandomText(random, 0, 80);
            }

            var method = random.Next(4) switch { 0 => "GET", 1 => "POST", 2 => RandomText(random, 0, 10), _ => "post" };
            var read = await Reader.ReadAsync(new WebhookRequest
            {
                Method = method,
                Url = new Uri("https://hooks.example.com/wa?hub.mode=" + Uri.EscapeDataString(RandomText(random, 0, 20)) + "&hub.challenge=" + Uri.EscapeDataString(RandomText(random, 0, 20))),
                Headers = headers,
                Body = Encoding.UTF8.GetBytes(GoodStop),
            });

            Assert.True(read.Rejection is { StatusCode: 401 or 403 or 405 or 400 } || read.IsAccepted);
        }
    }

    [Fact]
    public async Task A_request_without_headers_or_url_is_a_rejection_not_an_exception()
    {
        var post = await Reader.ReadAsync(new WebhookRequest { Method = "POST", Url = null!, Headers = null!, Body = Encoding.UTF8.GetBytes(GoodStop) });
        var get = await Reader.ReadAsync(new WebhookRequest { Method = "GET", Url = null!, Headers = null! });
        var none = await Reader.ReadAsync(new WebhookRequest { Method = null!, Url = null!, Headers = null! });

        Assert.Equal(WebhookRejection.SignatureMissing, post.Rejection?.Code);
        Assert.Equal(405, get.Rejection?.StatusCode);
        Assert.Equal(405, none.Rejection?.StatusCode);
    }

    private static WebhookRequest Signed(byte[] body) => new()
    {
        Method = "POST",
        Url = new Uri("https://hooks.example.com/wa"),
        Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["X-Hub-Signature-256"] = Sign(AppSecret, body) },
        Body = body,
    };

    private static string RandomText(Random random, int min, int max)
    {
        var chars = new char[random.Next(min, max + 1)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = random.Next(4) switch
            {
                0 => (char)random.Next(0, 32),
                1 => (char)random.Next(0xD800, 0xE000),
                2 => (char)random.Next(0x80, 0xFFFF),
                _ => (char)random.Next(32, 127),
            };
        }

        return new string(chars);
    }
}
