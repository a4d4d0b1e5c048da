using WaCompliance.Conversations;
using WaCompliance.Gateways;
using WaCompliance.Providers.Dialog360.Tests.Infrastructure;
using WaCompliance.Templates;
using WaCompliance.Webhooks;
using static WaCompliance.Providers.Dialog360.Tests.Infrastructure.MetaWebhooks;

namespace WaCompliance.Providers.Dialog360.Tests.Webhooks;

/// <summary>What the reader makes of authentic webhook bodies, and how it refuses malformed ones.</summary>
public sealed class WebhookParsingTests : WebhookTestBase
{
    private static readonly DateTimeOffset s_messageTime = DateTimeOffset.FromUnixTimeSeconds(1772366400);

    protected override void Configure(Dialog360WebhookOptions options)
    {
        options.AppSecret = AppSecret;
    }

    private async Task<IReadOnlyList<WhatsAppEvent>> ReadAsync(string body)
    {
        var answer = await SignedAsync(body);
        Assert.True(answer.Result.IsAccepted, answer.Result.Rejection?.Message);
        Assert.Equal(200, answer.Status);
        Assert.Empty(answer.Result.MalformedItems);
        return answer.Result.Events;
    }

    [Fact]
    public async Task An_inbound_text_becomes_an_inbound_message_event()
    {
        var events = await ReadAsync(Text("STOP", "wamid.ABC"));

        var inbound = Assert.IsType<InboundMessageEvent>(Assert.Single(events));
        Assert.Equal("wamid.ABC", inbound.EventId);
        Assert.Equal("wamid.ABC", inbound.MessageId);
        Assert.Equal("360dialog:test", inbound.Source);
        Assert.Equal("+" + PersonDigits, inbound.From.Phone?.E164);
        Assert.Null(inbound.From.UserId);
        Assert.Equal("+" + BusinessDigits, inbound.Business?.E164);
        Assert.Equal("STOP", inbound.Text);
        Assert.Equal("text", inbound.MessageType);
        Assert.Equal(s_messageTime, inbound.OccurredAt);
        Assert.Equal(InboundOrigin.Organic, inbound.Origin);
        Assert.Null(inbound.ReplyToMessageId);
    }

    [Fact]
    public async Task A_message_from_a_click_to_WhatsApp_ad_is_an_entry_point_referral()
    {
        var events = await ReadAsync(Messages($$$"""
            "messages":[{"from":"{{{PersonDigits}}}","id":"wamid.AD1","timestamp":"1772366400","type":"text","text":{"body":"Hi, is this available?"},
              "referral":{"source_url":"https://fb.me/abc","source_id":"120201","source_type":"ad","headline":"Spring sale","body":"20% off","media_type":"image","image_url":"https://x/y.jpg","ctwa_clid":"ARAk"}}]
            """));

        Assert.Equal(InboundOrigin.EntryPointReferral, Assert.IsType<InboundMessageEvent>(Assert.Single(events)).Origin);
    }

    [Fact]
    public async Task A_template_quick_reply_tap_is_a_button_reply_with_payload_text_and_the_template_message()
    {
        var events = await ReadAsync(Messages($$$"""
            "messages":[{"context":{"from":"{{{BusinessDigits}}}","id":"wamid.TEMPLATE1"},"from":"{{{PersonDigits}}}","id":"wamid.TAP1","timestamp":"1772366400","type":"button","button":{"payload":"STOP_PROMOS","text":"Stop promotions"}}]
            """));

        var reply = Assert.IsType<ButtonReplyEvent>(Assert.Single(events));
        Assert.Equal("wamid.TAP1", reply.MessageId);
        Assert.Equal("STOP_PROMOS", reply.Payload);
        Assert.Equal("Stop promotions", reply.Text);
        Assert.Equal("wamid.TEMPLATE1", reply.ReplyToMessageId);
        Assert.Equal("+" + PersonDigits, reply.From.Phone?.E164);
    }

    [Theory]
    [InlineData("button_reply")]
    [InlineData("list_reply")]
    public async Task An_interactive_reply_is_a_button_reply_with_its_id_and_title(string kind)
    {
        var events = await ReadAsync(Messages($$$"""
            "messages":[{"context":{"from":"{{{BusinessDigits}}}","id":"wamid.Q1"},"from":"{{{PersonDigits}}}","id":"wamid.R1","timestamp":"1772366400","type":"interactive","interactive":{"type":"{{{kind}}}","{{{kind}}}":{"id":"STOP","title":"Stop"} } }]
            """));

        var reply = Assert.IsType<ButtonReplyEvent>(Assert.Single(events));
        Assert.Equal("STOP", reply.Payload);
        Assert.Equal("Stop", reply.Text);
        Assert.Equal("wamid.Q1", reply.ReplyToMessageId);
    }

    [Theory]
    [InlineData("image", "A photo", "A photo")]
    [InlineData("document", "The form", "The form")]
    [InlineData("audio", null, null)]
    public async Task Inbound_media_carries_its_caption_as_text(string type, string? caption, string? expected)
    {
        var captionJson = caption is null ? string.Empty : $$$""","caption":"{{{caption}}}" """;
        var events = await ReadAsync(Messages($$$"""
            "messages":[{"from":"{{{PersonDigits}}}","id":"wamid.M1","timestamp":"1772366400","type":"{{{type}}}","{{{type}}}":{"mime_type":"image/jpeg","sha256":"abc","id":"1234"{{{captionJson}}} } }]
            """));

        var inbound = Assert.IsType<InboundMessageEvent>(Assert.Single(events));
        Assert.Equal(type, inbound.MessageType);
        Assert.Equal(expected, inbound.Text);
    }

    [Fact]
    public async Task A_reply_to_a_business_message_names_it()
    {
        var events = await ReadAsync(Messages($$$"""
            "messages":[{"context":{"from":"{{{BusinessDigits}}}","id":"wamid.OUT1"},"from":"{{{PersonDigits}}}","id":"wamid.IN2","timestamp":"1772366400","type":"text","text":{"body":"yes"}}]
            """));

        Assert.Equal("wamid.OUT1", Assert.IsType<InboundMessageEvent>(Assert.Single(events)).ReplyToMessageId);
    }

    [Fact]
    public async Task Statuses_become_status_events_keyed_by_message_and_status()
    {
        var events = await ReadAsync(Messages($$$"""
            "statuses":[
              {"id":"wamid.OUT1","status":"sent","timestamp":"1772366401","recipient_id":"{{{PersonDigits}}}","conversation":{"id":"c1","origin":{"type":"marketing"}},"pricing":{"billable":true,"pricing_model":"PMP","category":"marketing"}},
              {"id":"wamid.OUT1","status":"delivered","timestamp":"1772366402","recipient_id":"{{{PersonDigits}}}"},
              {"id":"wamid.OUT1","status":"read","timestamp":"1772366403","recipient_id":"{{{PersonDigits}}}"}]
            """));

        Assert.Equal(["wamid.OUT1:sent", "wamid.OUT1:delivered", "wamid.OUT1:read"], events.Select(e => e.EventId));
        var statuses = events.Cast<MessageStatusEvent>().ToArray();
        Assert.Equal([MessageDeliveryStatus.Sent, MessageDeliveryStatus.Delivered, MessageDeliveryStatus.Read], statuses.Select(s => s.Status));
        Assert.All(statuses, s => Assert.Equal("+" + PersonDigits, s.Recipient?.Phone?.E164));
        Assert.All(statuses, s => Assert.Null(s.Error));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1772366403), statuses[2].OccurredAt);
    }

    [Fact]
    public async Task A_failed_status_with_a_policy_code_is_undelivered_with_the_mapped_error()
    {
        var events = await ReadAsync(Messages($$$"""
            "statuses":[{"id":"wamid.OUT2","status":"failed","timestamp":"1772366401","recipient_id":"{{{PersonDigits}}}",
              "errors":[{"code":131050,"title":"Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.","message":"Unable to deliver","error_data":{"details":"Recipient stopped marketing messages"},"href":"https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"}]}]
            """));

        var status = Assert.IsType<MessageStatusEvent>(Assert.Single(events));
        Assert.Equal(MessageDeliveryStatus.Undelivered, status.Status);
        Assert.Equal(ProviderErrorKind.OptedOut, status.Error?.Kind);
        Assert.Equal("131050", status.Error?.ProviderCode);
        Assert.Contains("Recipient stopped marketing messages", status.Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_status_with_another_code_is_failed()
    {
        var events = await ReadAsync(Messages("""
            "statuses":[{"id":"wamid.OUT3","status":"failed","timestamp":"1772366401","recipient_id":"64211234567","errors":[{"code":131000,"title":"Something went wrong"}]}]
            """));

        var status = Assert.IsType<MessageStatusEvent>(Assert.Single(events));
        Assert.Equal(MessageDeliveryStatus.Failed, status.Status);
        Assert.Equal(ProviderErrorKind.Transient, status.Error?.Kind);
    }

    [Fact]
    public async Task Unknown_statuses_and_unknown_system_messages_are_skipped_without_failing_the_request()
    {
        var answer = await SignedAsync(Messages($$$"""
            "statuses":[{"id":"wamid.OUT4","status":"deleted","timestamp":"1772366401","recipient_id":"{{{PersonDigits}}}"}],
            "messages":[{"from":"{{{PersonDigits}}}","id":"wamid.SYS","timestamp":"1772366400","type":"system","system":{"body":"something new","type":"user_did_something_new"}}]
            """));

        Assert.Equal(200, answer.Status);
        Assert.Empty(answer.Result.Events);
        Assert.Empty(answer.Result.MalformedItems);
    }

    [Fact]
    public async Task A_template_status_update_becomes_a_template_status_event()
    {
        var events = await ReadAsync("""
            {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","time":1772366500,"changes":[{"value":{"event":"PAUSED","message_template_id":594425479261596,"message_template_name":"spring_sale","message_template_language":"en_US","reason":"Low quality","message_template_category":"MARKETING","other_info":{"title":"FIRST_PAUSE"}},"field":"message_template_status_update"}]}]}
            """);

        var change = Assert.IsType<TemplateStatusEvent>(Assert.Single(events));
        Assert.Equal("spring_sale", change.TemplateName);
        Assert.Equal("en_US", change.Language);
        Assert.Equal("594425479261596", change.ProviderTemplateId);
        Assert.Equal(TemplateStatus.Paused, change.Status);
        Assert.Equal(TemplateCategory.Marketing, change.Category);
        Assert.Equal("Low quality", change.Reason);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1772366500), change.OccurredAt);
        Assert.Equal("template:594425479261596:PAUSED:1772366500", change.EventId);
    }

    [Theory]
    [InlineData("APPROVED", TemplateStatus.Approved)]
    [InlineData("REJECTED", TemplateStatus.Rejected)]
    [InlineData("DISABLED", TemplateStatus.Disabled)]
    [InlineData("REINSTATED", TemplateStatus.Approved)]
    [InlineData("PENDING_DELETION", TemplateStatus.PendingDeletion)]
    public async Task Template_events_map_to_statuses_and_reason_NONE_is_no_reason(string change, TemplateStatus status)
    {
        var events = await ReadAsync($$$"""
            {"object":"whatsapp_business_account","entry":[{"id":"1","time":1772366500,"changes":[{"value":{"event":"{{{change}}}","message_template_id":42,"message_template_name":"t","message_template_language":"en","reason":"NONE"},"field":"message_template_status_update"}]}]}
            """);

        var update = Assert.IsType<TemplateStatusEvent>(Assert.Single(events));
        Assert.Equal(status, update.Status);
        Assert.Null(update.Reason);
    }

    [Fact]
    public async Task A_flagged_template_event_is_skipped()
    {
        Assert.Empty(await ReadAsync("""
            {"object":"whatsapp_business_account","entry":[{"id":"1","time":1772366500,"changes":[{"value":{"event":"FLAGGED","message_template_id":42,"message_template_name":"t","message_template_language":"en","reason":"NONE"},"field":"message_template_status_update"}]}]}
            """));
    }

    [Theory]
    [InlineData("stop", MarketingPreference.Stop)]
    [InlineData("resume", MarketingPreference.Resume)]
    public async Task A_user_preferences_change_becomes_a_marketing_preference_event_whose_id_hides_the_number(string value, MarketingPreference preference)
    {
        var events = await ReadAsync($$$"""
            {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"{{{BusinessDigits}}}","phone_number_id":"106540352242922"},"contacts":[{"wa_id":"{{{PersonDigits}}}","profile":{"name":"Aroha"}}],"user_preferences":[{"wa_id":"{{{PersonDigits}}}","detail":"User requested to stop marketing messages","category":"marketing_messages","value":"{{{value}}}","timestamp":1772366600}]},"field":"user_preferences"}]}]}
            """);

        var change = Assert.IsType<MarketingPreferenceEvent>(Assert.Single(events));
        Assert.Equal(preference, change.Preference);
        Assert.Equal("+" + PersonDigits, change.From.Phone?.E164);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1772366600), change.OccurredAt);
        Assert.StartsWith("preference:", change.EventId, StringComparison.Ordinal);
        Assert.DoesNotContain(PersonDigits, change.EventId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_entries_and_changes_are_all_read_and_other_fields_are_ignored()
    {
        var events = await ReadAsync($$$"""
            {"object":"whatsapp_business_account","entry":[
              {"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"{{{BusinessDigits}}}"},"messages":[{"from":"{{{PersonDigits}}}","id":"wamid.A","timestamp":"1772366400","type":"text","text":{"body":"a"}}]}},
                                   {"field":"account_update","value":{"phone_number":"{{{BusinessDigits}}}","event":"VERIFIED_ACCOUNT"}}]},
              {"id":"2","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"{{{BusinessDigits}}}"},"messages":[{"from":"{{{PersonDigits}}}","id":"wamid.B","timestamp":"1772366400","type":"text","text":{"body":"b"}}]}}]}]}
            """);

        Assert.Equal(["wamid.A", "wamid.B"], events.Select(e => e.EventId));
    }

    [Fact]
    public async Task Unknown_fields_are_tolerated_in_an_otherwise_valid_document()
    {
        var events = await ReadAsync($$$"""
            {"object":"whatsapp_business_account","future":{"x":[1,2]},"entry":[{"id":"1","new_thing":true,"changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"{{{BusinessDigits}}}","extra":1},
              "messages":[{"from":"{{{PersonDigits}}}","id":"wamid.U","timestamp":"1772366400","type":"text","text":{"body":"hi","new":"x"},"identity_key_hash":"abc","unknown":[{}]}]},"field":"messages"}]}]}
            """);

        Assert.Equal("hi", Assert.IsType<InboundMessageEvent>(Assert.Single(events)).Text);
    }

    [Fact]
    public async Task A_missing_timestamp_is_the_time_of_reading()
    {
        var events = await ReadAsync(Messages($$$"""
            "messages":[{"from":"{{{PersonDigits}}}","id":"wamid.T","type":"text","text":{"body":"hi"}}]
            """));

        Assert.Equal(TestServices.Now, Assert.Single(events).OccurredAt);
    }

    public static TheoryData<string, string> UnreadableBodies => new()
    {
        { "truncated JSON", """{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[""" },
        { "not JSON", "object=whatsapp_business_account" },
        { "a JSON array", "[]" },
        { "a JSON string", "\"whatsapp_business_account\"" },
        { "no object", """{"entry":[]}""" },
        { "no entry", """{"object":"whatsapp_business_account"}""" },
        { "entry is a string", """{"object":"whatsapp_business_account","entry":"x"}""" },
        { "object is a number", """{"object":1,"entry":[]}""" },
        { "another object", """{"object":"page","entry":[]}""" },
        { "duplicate property", """{"object":"whatsapp_business_account","object":"whatsapp_business_account","entry":[]}""" },
        { "trailing garbage", """{"object":"whatsapp_business_account","entry":[]} x""" },
        { "empty", string.Empty },
    };

    [Theory]
    [MemberData(nameof(UnreadableBodies))]
    public async Task A_signed_body_that_cannot_be_split_into_items_is_acknowledged_with_one_BODY_UNREADABLE_item_holding_it_whole(string what, string body)
    {
        var answer = await SignedAsync(body);

        Assert.Equal(200, answer.Status);
        Assert.True(answer.Result.IsAccepted, what);
        Assert.Empty(answer.Result.Events);
        var item = Assert.Single(answer.Result.MalformedItems);
        Assert.Equal(MalformedItemCodes.BodyUnreadable, item.Code);
        Assert.Equal(body, item.RawItem);
        Assert.Equal("360dialog:test", item.Source);
        Assert.Null(item.Subject);
    }

    public static TheoryData<string, string, string, string> MalformedItems => new()
    {
        { "changes missing", """{"object":"whatsapp_business_account","entry":[{"id":"1"}]}""", MalformedItemCodes.FieldMissing, "entry[0].changes is missing." },
        { "change without value", """{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages"}]}]}""", MalformedItemCodes.FieldMissing, "entry[0].changes[0].value is missing." },
        { "messages is an object", Messages("\"messages\":{\"from\":\"64211234567\"}"), MalformedItemCodes.ItemMalformed, "entry[0].changes[0].value.messages is not a JSON array." },
        { "text body is a number", Messages("\"messages\":[{\"from\":\"64211234567\",\"id\":\"wamid.X\",\"timestamp\":\"1772366400\",\"type\":\"text\",\"text\":{\"body\":5}}]"), MalformedItemCodes.ItemMalformed, "entry[0].changes[0].value.messages[0].text.body is not a string." },
        { "message without id", Messages("\"messages\":[{\"from\":\"64211234567\",\"timestamp\":\"1772366400\",\"type\":\"text\",\"text\":{\"body\":\"x\"}}]"), MalformedItemCodes.FieldMissing, "entry[0].changes[0].value.messages[0].id is missing." },
        { "from is not a number", Messages("\"messages\":[{\"from\":\"not-a-number\",\"id\":\"wamid.X\",\"timestamp\":\"1772366400\",\"type\":\"text\",\"text\":{\"body\":\"x\"}}]"), MalformedItemCodes.IdentityInvalid, "entry[0].changes[0].value.messages[0].from is not a phone number (NUMBER_NOT_A_NUMBER)." },
        { "status without status", Messages("\"statuses\":[{\"id\":\"wamid.X\",\"timestamp\":\"1772366400\"}]"), MalformedItemCodes.FieldMissing, "entry[0].changes[0].value.statuses[0].status is missing." },
        { "status errors is an object", Messages("\"statuses\":[{\"id\":\"wamid.X\",\"status\":\"failed\",\"timestamp\":\"1772366400\",\"errors\":{\"code\":1}}]"), MalformedItemCodes.ItemMalformed, "entry[0].changes[0].value.statuses[0].errors is not a JSON array." },
        { "duplicate digits property in an item", Messages("\"messages\":[{\"from\":\"64211234567\",\"id\":\"wamid.X\",\"timestamp\":\"1772366400\",\"type\":\"text\",\"text\":{\"body\":\"x\"},\"64211234567\":1,\"64211234567\":2}]"), MalformedItemCodes.ItemMalformed, "entry[0].changes[0].value.messages[0] has the same property twice." },
        { "duplicate property in an item", Messages("\"messages\":[{\"from\":\"64211234567\",\"from\":\"64211234568\",\"id\":\"wamid.X\",\"timestamp\":\"1772366400\",\"type\":\"text\",\"text\":{\"body\":\"x\"}}]"), MalformedItemCodes.ItemMalformed, "entry[0].changes[0].value.messages[0] has the same property twice ('from')." },
    };

    [Theory]
    [MemberData(nameof(MalformedItems))]
    public async Task A_malformed_item_is_reported_with_its_code_and_path_and_the_delivery_is_acknowledged(string what, string body, string code, string message)
    {
        var answer = await SignedAsync(body);

        Assert.Equal(200, answer.Status);
        Assert.Empty(answer.Result.Events);
        var item = Assert.Single(answer.Result.MalformedItems);
        Assert.True(code == item.Code, $"{what}: {item.Code} {item.Message}");
        Assert.Equal(message, item.Message);
        Assert.DoesNotContain(PersonDigits, item.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-number", item.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_good_message_beside_a_malformed_one_is_read_and_only_the_bad_one_is_reported()
    {
        var answer = await SignedAsync(Messages($$$"""
            "messages":[{"from":"{{{PersonDigits}}}","id":"wamid.OK","timestamp":"1772366400","type":"text","text":{"body":"fine"}},
                        {"from":"{{{PersonDigits}}}","id":"wamid.BAD","timestamp":"1772366400","type":"text","text":{"body":["not","text"]}}]
            """));

        Assert.Equal("wamid.OK", Assert.Single(answer.Result.Events).EventId);
        var bad = Assert.Single(answer.Result.MalformedItems);
        Assert.Equal(MalformedItemCodes.ItemMalformed, bad.Code);
        Assert.Equal("wamid.BAD", bad.EventId);
        Assert.Equal("+" + PersonDigits, bad.Subject?.Value);
        Assert.Equal("entry[0].changes[0].value.messages[1].text.body is not a string.", bad.Message);
    }
}
