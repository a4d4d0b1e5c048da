using WaCompliance.Gateways;
using WaCompliance.Identities;
using WaCompliance.Numbers;
using WaCompliance.Webhooks;
using static WaCompliance.Providers.Dialog360.Tests.Infrastructure.MetaWebhooks;

namespace WaCompliance.Providers.Dialog360.Tests.Webhooks;

/// <summary>
/// How the reader names the person of each item (identities.md §3): phone numbers of any line type, business-scoped
/// user IDs and parent ones from the item and its contacts entry, the username for display only.
/// </summary>
public sealed class WebhookIdentityTests : WebhookTestBase
{
    private static readonly BusinessScopedUserId s_userId = BusinessScopedUserId.Parse(UserId);
    private static readonly BusinessScopedUserId s_parent = BusinessScopedUserId.Parse(ParentUserId);

    protected override void Configure(Dialog360WebhookOptions options)
    {
        options.AppSecret = AppSecret;
    }

    private async Task<WhatsAppEvent> ReadOneAsync(string body)
    {
        var answer = await SignedAsync(body);
        Assert.Equal(200, answer.Status);
        Assert.Empty(answer.Result.MalformedItems);
        return Assert.Single(answer.Result.Events);
    }

    private async Task<MalformedWebhookItem> MalformedAsync(string body)
    {
        var answer = await SignedAsync(body);
        Assert.Equal(200, answer.Status);
        Assert.Empty(answer.Result.Events);
        return Assert.Single(answer.Result.MalformedItems);
    }

    [Fact]
    public async Task A_STOP_from_a_person_without_a_shared_number_is_an_inbound_message_from_their_user_id()
    {
        var inbound = Assert.IsType<InboundMessageEvent>(await ReadOneAsync(WithContact(UserOnlyContact, """
            "messages":[{"from_user_id":"BR.7712093455123009","id":"wamid.AAA1","timestamp":"1772366400","type":"text","text":{"body":"STOP"}}]
            """)));

        Assert.Null(inbound.From.Phone);
        Assert.Equal(s_userId, inbound.From.UserId);
        Assert.Equal((WhatsAppIdentifier)s_userId, inbound.From.Primary);
        Assert.Equal("ana.r", inbound.From.Username);
        Assert.Equal("STOP", inbound.Text);
        Assert.Equal("wamid.AAA1", inbound.EventId);
        Assert.Equal("+" + BusinessDigits, inbound.Business?.E164);
    }

    [Fact]
    public async Task A_message_with_phone_user_id_and_parent_names_all_three_so_they_are_linked()
    {
        var inbound = Assert.IsType<InboundMessageEvent>(await ReadOneAsync(WithContact(
            """{"profile":{"name":"Ana R.","username":"ana.r"},"wa_id":"5511987654321","user_id":"BR.7712093455123009","parent_user_id":"BR.ENT.5531200098871234"}""",
            """
            "messages":[{"from":"5511987654321","from_user_id":"BR.7712093455123009","from_parent_user_id":"BR.ENT.5531200098871234","id":"wamid.AAA2","timestamp":"1772366400","type":"text","text":{"body":"oi"}}]
            """)));

        Assert.Equal("+5511987654321", inbound.From.Phone?.E164);
        Assert.Equal(s_userId, inbound.From.UserId);
        Assert.Equal(s_parent, inbound.From.ParentUserId);
        Assert.True(inbound.From.IsLinked);
    }

    [Fact]
    public async Task The_contacts_entry_of_the_same_user_id_fills_what_the_message_lacks()
    {
        var inbound = Assert.IsType<InboundMessageEvent>(await ReadOneAsync(WithContact(
            """{"profile":{"name":"Ana R."},"wa_id":"5511987654321","user_id":"BR.7712093455123009","parent_user_id":"BR.ENT.5531200098871234"}""",
            """
            "messages":[{"from_user_id":"BR.7712093455123009","id":"wamid.AAA3","timestamp":"1772366400","type":"text","text":{"body":"oi"}}]
            """)));

        Assert.Equal("+5511987654321", inbound.From.Phone?.E164);
        Assert.Equal(s_parent, inbound.From.ParentUserId);
    }

    [Fact]
    public async Task Each_message_of_a_delivery_takes_the_contacts_entry_that_names_its_sender()
    {
        var answer = await SignedAsync(WithContact(
            """{"profile":{"name":"Ana","username":"ana.r"},"user_id":"BR.7712093455123009"},{"profile":{"name":"Bo","username":"bo"},"wa_id":"64211234567","user_id":"NZ.5500011"}""",
            """
            "messages":[{"from":"64211234567","id":"wamid.B1","timestamp":"1772366400","type":"text","text":{"body":"a"}},
                        {"from_user_id":"BR.7712093455123009","id":"wamid.A1","timestamp":"1772366400","type":"text","text":{"body":"b"}}]
            """));

        var events = answer.Result.Events.Cast<InboundMessageEvent>().ToArray();
        Assert.Equal(("bo", "NZ.5500011", "+64211234567"), (events[0].From.Username, events[0].From.UserId?.Value, events[0].From.Phone?.E164));
        Assert.Equal(("ana.r", UserId, (string?)null), (events[1].From.Username, events[1].From.UserId?.Value, events[1].From.Phone?.E164));
    }

    [Fact]
    public async Task The_username_is_display_only_and_never_makes_two_people_one_or_one_person_two()
    {
        var first = Assert.IsType<InboundMessageEvent>(await ReadOneAsync(WithContact(UserOnlyContact, """
            "messages":[{"from_user_id":"BR.7712093455123009","id":"wamid.U1","timestamp":"1772366400","type":"text","text":{"body":"a"}}]
            """)));
        var renamed = Assert.IsType<InboundMessageEvent>(await ReadOneAsync(WithContact(
            """{"profile":{"name":"Ana R.","username":"ana.renamed"},"user_id":"BR.7712093455123009"}""",
            """
            "messages":[{"from_user_id":"BR.7712093455123009","id":"wamid.U2","timestamp":"1772366400","type":"text","text":{"body":"b"}}]
            """)));

        Assert.Equal(first.From, renamed.From);
        Assert.NotEqual(first.From.Username, renamed.From.Username);
        Assert.DoesNotContain(renamed.From.Identifiers, i => i.Value.Contains("ana", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("US.13491208655302741918", false)]
    [InlineData("US.ENT.11815799212886844830", true)]
    public async Task A_from_shaped_like_a_user_id_is_read_as_that_user_id_and_never_as_a_number(string from, bool parent)
    {
        var inbound = Assert.IsType<InboundMessageEvent>(await ReadOneAsync(Change("messages", $$$"""
            "messages":[{"from":"{{{from}}}","id":"wamid.S1","timestamp":"1772366400","type":"text","text":{"body":"STOP"}}]
            """)));

        Assert.Null(inbound.From.Phone);
        Assert.Equal(from, (parent ? inbound.From.ParentUserId : inbound.From.UserId)?.Value);
    }

    [Fact]
    public async Task A_user_id_shaped_from_that_is_not_a_valid_user_id_is_an_invalid_identity_not_a_number()
    {
        var item = await MalformedAsync(Change("messages", """
            "messages":[{"from":"US.1349-1208","id":"wamid.S2","timestamp":"1772366400","type":"text","text":{"body":"STOP"}}]
            """));

        Assert.Equal(MalformedItemCodes.IdentityInvalid, item.Code);
        Assert.Equal("entry[0].changes[0].value.messages[0].from is not a business-scoped user ID (USER_ID_BAD_CHARACTERS).", item.Message);
        Assert.Equal("wamid.S2", item.EventId);
    }

    [Theory]
    [InlineData("from_user_id", "BR.77120934-5", "USER_ID_BAD_CHARACTERS")]
    [InlineData("from_user_id", "br.7712093455123009", "USER_ID_BAD_COUNTRY_PREFIX")]
    [InlineData("from_user_id", "BR.ENT.5531200098871234", "a parent")]
    [InlineData("from_parent_user_id", "BR.7712093455123009", "not a parent")]
    public async Task A_user_id_field_that_is_not_a_user_id_of_its_kind_is_an_invalid_identity_whose_message_hides_the_value(string field, string value, string reason)
    {
        var item = await MalformedAsync(Change("messages", $$$"""
            "messages":[{"{{{field}}}":"{{{value}}}","id":"wamid.S3","timestamp":"1772366400","type":"text","text":{"body":"STOP"}}]
            """));

        Assert.Equal(MalformedItemCodes.IdentityInvalid, item.Code);
        Assert.Contains($"messages[0].{field}", item.Message, StringComparison.Ordinal);
        Assert.Contains(reason, item.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, item.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blank_from_beside_a_user_id_is_no_number_and_the_user_id_names_the_person()
    {
        var inbound = Assert.IsType<InboundMessageEvent>(await ReadOneAsync(Change("messages", """
            "messages":[{"from":" ","from_user_id":"BR.7712093455123009","id":"wamid.S5","timestamp":"1772366400","type":"text","text":{"body":"STOP"}}]
            """)));

        Assert.Null(inbound.From.Phone);
        Assert.Equal(s_userId, inbound.From.UserId);
    }

    [Fact]
    public async Task A_message_naming_nobody_is_an_identity_missing_item()
    {
        var item = await MalformedAsync(Change("messages", """
            "messages":[{"id":"wamid.S4","timestamp":"1772366400","type":"text","text":{"body":"STOP"}}]
            """));

        Assert.Equal(MalformedItemCodes.IdentityMissing, item.Code);
        Assert.Equal("entry[0].changes[0].value.messages[0] names no person: no from, from_user_id or from_parent_user_id.", item.Message);
        Assert.Null(item.Subject);
    }

    public static TheoryData<string, WhatsAppNumberType> ReportedNumbers => new()
    {
        { "6493001234", WhatsAppNumberType.FixedLine }, // Auckland landline
        { "442079460000", WhatsAppNumberType.FixedLine }, // London landline
        { "61293744000", WhatsAppNumberType.FixedLine }, // Sydney landline
        { "4930123456", WhatsAppNumberType.FixedLine }, // Berlin landline
        { "18005550199", WhatsAppNumberType.TollFree }, // US toll-free
        { "6429123456789", WhatsAppNumberType.Unknown }, // a New Zealand range libphonenumber does not know (yet)
    };

    [Theory]
    [MemberData(nameof(ReportedNumbers))]
    public async Task A_landline_toll_free_or_unknown_range_number_WhatsApp_reports_is_read_like_a_mobile(string digits, WhatsAppNumberType type)
    {
        var answer = await SignedAsync(Change("messages", $$$"""
            "contacts":[{"profile":{"name":"Front desk"},"wa_id":"{{{digits}}}"}],
            "messages":[{"from":"{{{digits}}}","id":"wamid.L1","timestamp":"1772366400","type":"text","text":{"body":"STOP"}}],
            "statuses":[{"id":"wamid.OUT1","status":"delivered","timestamp":"1772366401","recipient_id":"{{{digits}}}"}]
            """));
        var preference = await ReadOneAsync(Change("user_preferences", $$$"""
            "user_preferences":[{"wa_id":"{{{digits}}}","category":"marketing_messages","value":"stop","timestamp":1772366600}]
            """));

        Assert.Empty(answer.Result.MalformedItems);
        var inbound = Assert.IsType<InboundMessageEvent>(answer.Result.Events[0]);
        var status = Assert.IsType<MessageStatusEvent>(answer.Result.Events[1]);
        Assert.Equal("+" + digits, inbound.From.Phone?.E164);
        Assert.Equal(type, inbound.From.Phone?.Type);
        Assert.Equal("+" + digits, status.Recipient?.Phone?.E164);
        Assert.Equal("+" + digits, Assert.IsType<MarketingPreferenceEvent>(preference).From.Phone?.E164);
    }

    [Fact]
    public async Task A_landline_business_number_in_the_metadata_is_the_events_business()
    {
        var inbound = await ReadOneAsync("""
            {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"44 20 7946 0000","phone_number_id":"1"},
              "messages":[{"from":"64211234567","id":"wamid.L2","timestamp":"1772366400","type":"text","text":{"body":"hi"}}]}}]}]}
            """);

        Assert.Equal("+442079460000", inbound.Business?.E164);
    }

    [Fact]
    public async Task A_template_button_tap_from_a_user_id_is_a_button_reply_from_it()
    {
        var reply = Assert.IsType<ButtonReplyEvent>(await ReadOneAsync(WithContact(UserOnlyContact, """
            "messages":[{"context":{"from":"4915123456789","id":"wamid.TPL1"},"from_user_id":"BR.7712093455123009","id":"wamid.TAP1","timestamp":"1772366400","type":"button","button":{"payload":"STOP_PROMOS","text":"Parar promoções"}}]
            """)));

        Assert.Equal(s_userId, reply.From.UserId);
        Assert.Null(reply.From.Phone);
        Assert.Equal("STOP_PROMOS", reply.Payload);
        Assert.Equal("wamid.TPL1", reply.ReplyToMessageId);
    }

    [Fact]
    public async Task An_interactive_reply_from_a_user_id_is_a_button_reply_from_it()
    {
        var reply = Assert.IsType<ButtonReplyEvent>(await ReadOneAsync(WithContact(UserOnlyContact, """
            "messages":[{"context":{"id":"wamid.Q1"},"from_user_id":"BR.7712093455123009","id":"wamid.R1","timestamp":"1772366400","type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"STOP","title":"Stop"}}}]
            """)));

        Assert.Equal(s_userId, reply.From.UserId);
        Assert.Equal("STOP", reply.Payload);
    }

    [Fact]
    public async Task A_delivered_status_of_a_send_to_a_user_id_names_the_user_id_and_its_username()
    {
        // identities.md §3, "Status delivered, BSUID-only send".
        var status = Assert.IsType<MessageStatusEvent>(await ReadOneAsync(WithContact(UserOnlyContact, """
            "statuses":[{"id":"wamid.OUT1","status":"delivered","timestamp":"1772366401","recipient_user_id":"BR.7712093455123009",
              "pricing":{"billable":true,"pricing_model":"PMP","type":"regular","category":"marketing"}}]
            """)));

        Assert.Equal(MessageDeliveryStatus.Delivered, status.Status);
        Assert.Equal(s_userId, status.Recipient?.UserId);
        Assert.Null(status.Recipient?.Phone);
        Assert.Equal("ana.r", status.Recipient?.Username);
        Assert.Equal("wamid.OUT1:delivered", status.EventId);
    }

    [Fact]
    public async Task A_failed_status_of_a_send_to_a_user_id_carries_no_contacts_and_still_names_the_user_id_and_the_error()
    {
        var status = Assert.IsType<MessageStatusEvent>(await ReadOneAsync(Change("messages", """
            "statuses":[{"id":"wamid.OUT2","status":"failed","timestamp":"1772366401","recipient_user_id":"BR.7712093455123009",
              "errors":[{"code":131050,"title":"Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.","error_data":{"details":"Recipient stopped marketing messages"}}]}]
            """)));

        Assert.Equal(MessageDeliveryStatus.Undelivered, status.Status);
        Assert.Equal(s_userId, status.Recipient?.UserId);
        Assert.Equal(ProviderErrorKind.OptedOut, status.Error?.Kind);
    }

    [Fact]
    public async Task A_failed_status_with_131062_is_failed_with_UserIdNotSupported()
    {
        var status = Assert.IsType<MessageStatusEvent>(await ReadOneAsync(Change("messages", """
            "statuses":[{"id":"wamid.OUT3","status":"failed","timestamp":"1772366401","recipient_user_id":"BR.7712093455123009",
              "errors":[{"code":131062,"title":"Business-scoped User ID recipients are not supported for this message"}]}]
            """)));

        Assert.Equal(MessageDeliveryStatus.Failed, status.Status);
        Assert.Equal(ProviderErrorKind.UserIdNotSupported, status.Error?.Kind);
    }

    [Theory]
    [InlineData("recipient_parent_user_id")]
    [InlineData("parent_recipient_user_id")]
    public async Task A_status_reads_the_parent_user_id_under_either_spelling(string field)
    {
        var status = Assert.IsType<MessageStatusEvent>(await ReadOneAsync(Change("messages", $$$"""
            "statuses":[{"id":"wamid.OUT4","status":"read","timestamp":"1772366401","recipient_id":"5511987654321","recipient_user_id":"BR.7712093455123009","{{{field}}}":"BR.ENT.5531200098871234"}]
            """)));

        Assert.Equal(s_parent, status.Recipient?.ParentUserId);
        Assert.Equal("+5511987654321", status.Recipient?.Phone?.E164);
        Assert.True(status.Recipient?.IsLinked);
    }

    [Fact]
    public async Task A_group_status_names_no_person()
    {
        var status = Assert.IsType<MessageStatusEvent>(await ReadOneAsync(Change("messages", """
            "statuses":[{"id":"wamid.G1","status":"sent","timestamp":"1772366401","recipient_type":"group","recipient_id":"120363025246125486"}]
            """)));

        Assert.Null(status.Recipient);
    }

    [Fact]
    public async Task A_stop_promotions_preference_of_a_user_id_is_a_marketing_stop_whose_event_id_hides_the_id()
    {
        // identities.md §3, user_preferences: key on user_id first; the timestamp is a JSON number here.
        var change = Assert.IsType<MarketingPreferenceEvent>(await ReadOneAsync(Change("user_preferences", """
            "contacts":[{"profile":{"name":"Ana R."},"user_id":"BR.7712093455123009"}],
            "user_preferences":[{"user_id":"BR.7712093455123009","detail":"User requested to stop marketing messages","category":"marketing_messages","value":"stop","timestamp":1772366600}]
            """)));

        Assert.Equal(MarketingPreference.Stop, change.Preference);
        Assert.Equal(s_userId, change.From.UserId);
        Assert.Null(change.From.Phone);
        Assert.StartsWith("preference:", change.EventId, StringComparison.Ordinal);
        Assert.DoesNotContain("7712093455123009", change.EventId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_preference_naming_nobody_is_an_identity_missing_item()
    {
        var item = await MalformedAsync(Change("user_preferences", """
            "user_preferences":[{"category":"marketing_messages","value":"stop","timestamp":1772366600}]
            """));

        Assert.Equal(MalformedItemCodes.IdentityMissing, item.Code);
    }

    private const string UserOnlyContact = """{"profile":{"name":"Ana R.","username":"ana.r"},"user_id":"BR.7712093455123009"}""";

    private static string WithContact(string contact, string valueFields) =>
        Change("messages", $$$"""
            "contacts":[{{{contact}}}],{{{valueFields}}}
            """);
}
