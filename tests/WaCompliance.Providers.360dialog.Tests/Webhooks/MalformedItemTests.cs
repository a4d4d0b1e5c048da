using System.Text.Json;
using WaCompliance.Webhooks;
using static WaCompliance.Providers.Dialog360.Tests.Infrastructure.MetaWebhooks;

namespace WaCompliance.Providers.Dialog360.Tests.Webhooks;

/// <summary>
/// One bad item never costs the good ones beside it; the bad one is reported with what a dead letter needs (code,
/// path, event id, subject, a raw item of its own) and <see cref="IWebhookReader.ReadItemAsync"/> reads it back.
/// </summary>
public sealed class MalformedItemTests : WebhookTestBase
{
    /// <summary>Three people send STOP; a fourth item has a text body that is not text.</summary>
    public static readonly string ThreeStopsAndOneBadItem = Change("messages", """
        "contacts":[{"profile":{"name":"Ana","username":"ana.r"},"user_id":"BR.7712093455123009"},
                    {"profile":{"name":"Bo"},"wa_id":"64211234567","user_id":"NZ.5500011"},
                    {"profile":{"name":"Cy"},"wa_id":"442079460000"},
                    {"profile":{"name":"Di"},"wa_id":"61412345678","user_id":"AU.8800022"}],
        "messages":[{"from_user_id":"BR.7712093455123009","id":"wamid.STOP1","timestamp":"1772366400","type":"text","text":{"body":"STOP"}},
                    {"from":"64211234567","from_user_id":"NZ.5500011","id":"wamid.STOP2","timestamp":"1772366400","type":"text","text":{"body":"stop"}},
                    {"from":"61412345678","from_user_id":"AU.8800022","id":"wamid.BAD1","timestamp":"1772366400","type":"text","text":{"body":{"nested":"not text"}}},
                    {"from":"442079460000","id":"wamid.STOP3","timestamp":"1772366400","type":"text","text":{"body":"UNSUBSCRIBE"}}]
        """);

    protected override void Configure(Dialog360WebhookOptions options)
    {
        options.AppSecret = AppSecret;
    }

    [Fact]
    public async Task A_batch_of_three_good_STOPs_and_one_malformed_item_gives_three_events_and_one_malformed_item()
    {
        var answer = await SignedAsync(ThreeStopsAndOneBadItem);

        Assert.Equal(200, answer.Status);
        Assert.Equal(["wamid.STOP1", "wamid.STOP2", "wamid.STOP3"], answer.Result.Events.Select(e => e.EventId));
        var bad = Assert.Single(answer.Result.MalformedItems);
        Assert.Equal(MalformedItemCodes.ItemMalformed, bad.Code);
        Assert.Equal("entry[0].changes[0].value.messages[2].text.body is not a string.", bad.Message);
        Assert.Equal("wamid.BAD1", bad.EventId);
        Assert.Equal("360dialog:test", bad.Source);
        Assert.Equal("+61412345678", bad.Subject?.Value);
    }

    [Fact]
    public async Task The_raw_item_holds_the_metadata_the_item_its_contacts_entry_and_nobody_elses()
    {
        var bad = Assert.Single((await SignedAsync(ThreeStopsAndOneBadItem)).Result.MalformedItems);

        using var raw = JsonDocument.Parse(bad.RawItem);
        var value = raw.RootElement.GetProperty("entry")[0].GetProperty("changes")[0].GetProperty("value");
        Assert.Equal("whatsapp_business_account", raw.RootElement.GetProperty("object").GetString());
        Assert.Equal("102290129340398", raw.RootElement.GetProperty("entry")[0].GetProperty("id").GetString());
        Assert.Equal("messages", raw.RootElement.GetProperty("entry")[0].GetProperty("changes")[0].GetProperty("field").GetString());
        Assert.Equal(BusinessDigits, value.GetProperty("metadata").GetProperty("display_phone_number").GetString());
        Assert.Equal("AU.8800022", Assert.Single(value.GetProperty("contacts").EnumerateArray()).GetProperty("user_id").GetString());
        Assert.Equal("wamid.BAD1", Assert.Single(value.GetProperty("messages").EnumerateArray()).GetProperty("id").GetString());
        foreach (var other in new[] { "BR.7712093455123009", "64211234567", "442079460000", "wamid.STOP" })
        {
            Assert.DoesNotContain(other, bad.RawItem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ReadItemAsync_reads_a_raw_item_back_to_the_same_malformed_item()
    {
        var bad = Assert.Single((await SignedAsync(ThreeStopsAndOneBadItem)).Result.MalformedItems);

        var again = await Reader.ReadItemAsync(bad.RawItem);

        Assert.True(again.IsAccepted);
        Assert.Empty(again.Events);
        var same = Assert.Single(again.MalformedItems);
        Assert.Equal((bad.Code, bad.EventId, bad.Subject, bad.RawItem), (same.Code, same.EventId, same.Subject, same.RawItem));

        // The path is the item's place in the raw item, where it is the only one.
        Assert.Equal("entry[0].changes[0].value.messages[0].text.body is not a string.", same.Message);
    }

    [Fact]
    public async Task ReadItemAsync_reads_a_repaired_raw_item_as_the_event_it_should_have_been()
    {
        var bad = Assert.Single((await SignedAsync(ThreeStopsAndOneBadItem)).Result.MalformedItems);
        var repaired = bad.RawItem.Replace("""{"nested":"not text"}""", "\"STOP\"", StringComparison.Ordinal);

        var read = await Reader.ReadItemAsync(repaired);

        Assert.Empty(read.MalformedItems);
        var inbound = Assert.IsType<InboundMessageEvent>(Assert.Single(read.Events));
        Assert.Equal("wamid.BAD1", inbound.EventId);
        Assert.Equal("STOP", inbound.Text);
        Assert.Equal("+61412345678", inbound.From.Phone?.E164);
        Assert.Equal("AU.8800022", inbound.From.UserId?.Value);
        Assert.Equal("+" + BusinessDigits, inbound.Business?.E164);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json at all")]
    [InlineData("""{"object":"whatsapp_business_account"}""")]
    [InlineData("\uD800")]
    public async Task ReadItemAsync_of_anything_that_is_not_an_envelope_is_one_BODY_UNREADABLE_item_and_never_throws(string raw)
    {
        var read = await Reader.ReadItemAsync(raw);

        Assert.True(read.IsAccepted);
        Assert.Equal(MalformedItemCodes.BodyUnreadable, Assert.Single(read.MalformedItems).Code);
    }

    [Fact]
    public async Task ReadItemAsync_of_a_BODY_UNREADABLE_raw_item_is_unreadable_again_until_repaired()
    {
        const string body = """{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messages":[{"from":"64211234567","id":"wamid.T1","type":"text","text":{"body":"STOP"}}]}}]}""";
        var unreadable = Assert.Single((await SignedAsync(body)).Result.MalformedItems);

        var again = await Reader.ReadItemAsync(unreadable.RawItem);
        var repaired = await Reader.ReadItemAsync(unreadable.RawItem + "]}");

        Assert.Equal(MalformedItemCodes.BodyUnreadable, Assert.Single(again.MalformedItems).Code);
        Assert.Equal("wamid.T1", Assert.Single(repaired.Events).EventId);
    }

    [Fact]
    public async Task A_malformed_status_preference_and_user_id_update_each_get_a_raw_item_that_reads_back()
    {
        var statuses = await SignedAsync(Change("messages", """
            "statuses":[{"id":"wamid.OUT1","status":"delivered","timestamp":"1772366401","recipient_user_id":"BR.7712093455123009"},
                        {"id":"wamid.OUT2","status":"failed","timestamp":"1772366401","recipient_user_id":"BR.7712093455123009","errors":[{"code":"abc"}]}]
            """));
        var preferences = await SignedAsync(Change("user_preferences", """
            "user_preferences":[{"user_id":"BR.7712093455123009","category":"marketing_messages","value":["stop"],"timestamp":"1772366500"}]
            """));
        var updates = await SignedAsync(Change("user_id_update", """
            "user_id_update":[{"user_id":{"previous":"BR.7712093455123009","current":7},"timestamp":"1772366500"}]
            """));

        Assert.Single(statuses.Result.Events);
        foreach (var (answer, eventId) in new[] { (statuses, "wamid.OUT2:failed"), (preferences, (string?)null), (updates, null) })
        {
            var bad = Assert.Single(answer.Result.MalformedItems);
            Assert.Equal(MalformedItemCodes.ItemMalformed, bad.Code);
            Assert.Equal(eventId, bad.EventId);
            Assert.Equal("BR.7712093455123009", bad.Subject?.Value);
            var again = Assert.Single((await Reader.ReadItemAsync(bad.RawItem)).MalformedItems);
            Assert.Equal(bad.Message.Replace("statuses[1]", "statuses[0]", StringComparison.Ordinal), again.Message);
            Assert.Equal(bad.RawItem, again.RawItem);
        }
    }

    [Fact]
    public async Task A_malformed_template_change_reads_back_with_its_entry_time()
    {
        var answer = await SignedAsync("""
            {"object":"whatsapp_business_account","entry":[{"id":"1","time":1772366500,"changes":[{"field":"message_template_status_update","value":{"event":"PAUSED","message_template_id":42,"message_template_name":["not","a","name"]}}]}]}
            """);

        var bad = Assert.Single(answer.Result.MalformedItems);
        Assert.Equal("entry[0].changes[0].value.message_template_name is not a string.", bad.Message);
        var repaired = await Reader.ReadItemAsync(bad.RawItem.Replace("""["not","a","name"]""", "\"spring_sale\"", StringComparison.Ordinal));
        var update = Assert.IsType<TemplateStatusEvent>(Assert.Single(repaired.Events));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1772366500), update.OccurredAt);
    }

    [Fact]
    public async Task A_malformed_entry_or_change_is_reported_whole_and_the_other_entries_are_read()
    {
        var answer = await SignedAsync("""
            {"object":"whatsapp_business_account","entry":[
              "not an entry",
              {"id":"2","changes":[{"field":"messages","value":"not a value"},
                                   {"field":"messages","value":{"messages":[{"from":"64211234567","id":"wamid.OK1","timestamp":"1772366400","type":"text","text":{"body":"a"}}]}}]},
              {"id":"3","changes":[{"field":"messages","value":{"messages":[{"from":"64211234567","id":"wamid.OK2","timestamp":"1772366400","type":"text","text":{"body":"b"}}]}}]}]}
            """);

        Assert.Equal(["wamid.OK1", "wamid.OK2"], answer.Result.Events.Select(e => e.EventId));
        Assert.Equal(
            ["entry[0] is not a JSON object.", "entry[1].changes[0].value is not a JSON object."],
            answer.Result.MalformedItems.Select(m => m.Message));
        Assert.All(answer.Result.MalformedItems, m => Assert.Equal(MalformedItemCodes.ItemMalformed, m.Code));
    }

    [Fact]
    public async Task Malformed_item_messages_name_paths_and_never_values()
    {
        var answer = await SignedAsync(Change("messages", """
            "messages":[{"from":"64211234567x","id":"wamid.V1","timestamp":"1772366400","type":"text","text":{"body":"secret words"}},
                        {"from_user_id":"BR.77120934551230-9","id":"wamid.V2","timestamp":"1772366400","type":"text","text":{"body":"secret words"}},
                        {"from":"64211234567","id":"wamid.V3","timestamp":"1772366400","type":"text","text":{"body":["secret words"]}},
                        {"from":"64211234567","id":"wamid.V4","timestamp":"1772366400","type":"text","text":{"body":"x"},"context":{"id":["secret words"]}}]
            """));

        Assert.Equal(4, answer.Result.MalformedItems.Count);
        foreach (var item in answer.Result.MalformedItems)
        {
            foreach (var value in new[] { "64211234567", "7712093455123", "secret", "wamid." })
            {
                Assert.DoesNotContain(value, item.Message, StringComparison.Ordinal);
                Assert.DoesNotContain(value, item.ToString(), StringComparison.Ordinal);
            }
        }
    }
}
