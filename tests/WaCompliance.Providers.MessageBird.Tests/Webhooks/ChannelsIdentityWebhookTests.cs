using WaCompliance.Gateways;
using WaCompliance.Identities;
using WaCompliance.Numbers;
using WaCompliance.Providers.MessageBird.Tests.Infrastructure;
using WaCompliance.Webhooks;
using static WaCompliance.Providers.MessageBird.Tests.Infrastructure.Deliveries;

namespace WaCompliance.Providers.MessageBird.Tests.Webhooks;

/// <summary>
/// Who a Bird Channels webhook names (identities.md §5): phone numbers of every line type, business-scoped user IDs
/// under the <c>whatsappbsuid</c> key or in <c>meta.extraInformation</c>, usernames for display only. Real HTTP.
/// </summary>
public sealed class ChannelsIdentityWebhookTests : IAsyncLifetime
{
    private TestRegistration _registration = null!;
    private WebhookHost _host = null!;

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

    private Task<(int Status, WebhookReadResult Result)> PostAsync(string json) => _host.PostChannelsAsync(_registration.Time, json);

    private static BusinessScopedUserId Bsuid(string text) => BusinessScopedUserId.Parse(text);

    [Fact]
    public async Task A_STOP_from_a_sender_known_only_by_a_business_scoped_user_id_is_an_inbound_message_from_that_id()
    {
        var (status, result) = await PostAsync(ChannelsInbound(UserIdContact, extraInformation: $"\"whatsappbsuid\":\"{UserId}\",\"whatsappusername\":\"{Username}\""));

        Assert.Equal(200, status);
        var inbound = Single<InboundMessageEvent>(result);
        Assert.Equal("STOP", inbound.Text);
        Assert.Null(inbound.From.Phone);
        Assert.Equal(Bsuid(UserId), inbound.From.UserId);
        Assert.Equal(Username, inbound.From.Username);
        Assert.Equal(WhatsAppIdentifierKind.UserId, inbound.From.Primary.Kind);
        Assert.Equal(WhatsAppNumber.Parse(TestRegistration.Sender), inbound.Business);
    }

    [Fact]
    public async Task A_sender_keyed_by_username_is_identified_by_the_business_scoped_user_id_in_extra_information()
    {
        var (_, result) = await PostAsync(ChannelsInbound(UsernameContact, extraInformation: $"\"whatsappbsuid\":\"{UserId}\""));

        var inbound = Single<InboundMessageEvent>(result);
        Assert.Equal(new WhatsAppIdentity(null, Bsuid(UserId)), inbound.From);
        Assert.Equal(Username, inbound.From.Username);
    }

    [Fact]
    public async Task A_sender_keyed_by_username_alone_is_a_malformed_item_because_a_username_never_identifies_a_person()
    {
        var item = SingleMalformed(await PostAsync(ChannelsInbound(UsernameContact, extraInformation: $"\"whatsappusername\":\"{Username}\"")));

        Assert.Equal(MalformedItemCodes.IdentityMissing, item.Code);
        Assert.Equal("b6f5c1e8-4d2a-4f3b-9a8c-1e2d3c4b5a69", item.EventId);
        Assert.Contains("username", item.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Username, item.Message, StringComparison.Ordinal);
        Assert.Null(item.Subject);
    }

    [Fact]
    public async Task A_button_reply_from_a_business_scoped_user_id_is_a_button_reply_from_that_id()
    {
        var (_, result) = await PostAsync(ChannelsInbound(UserIdContact,
            """{"type":"text","text":{"text":"Stop promotions","actions":[{"type":"postback","postback":{"text":"Stop promotions","payload":"OPT_OUT"}}]}}""",
            extra: ""","replyTo":{"id":"tmpl-msg-1","type":"message"}"""));

        var reply = Single<ButtonReplyEvent>(result);
        Assert.Equal("OPT_OUT", reply.Payload);
        Assert.Equal(new WhatsAppIdentity(null, Bsuid(UserId)), reply.From);
        Assert.Equal("tmpl-msg-1", reply.ReplyToMessageId);
    }

    [Fact]
    public async Task A_status_of_a_message_sent_to_a_business_scoped_user_id_names_that_id_as_the_recipient()
    {
        var (_, result) = await PostAsync(ChannelsOutbound(UserIdContact, "delivered"));

        var status = Single<MessageStatusEvent>(result);
        Assert.Equal(MessageDeliveryStatus.Delivered, status.Status);
        Assert.Equal(new WhatsAppIdentity(null, Bsuid(UserId)), status.Recipient);
    }

    [Fact]
    public async Task A_failed_status_of_a_message_sent_to_a_business_scoped_user_id_keeps_the_id_and_maps_131062()
    {
        var (_, result) = await PostAsync(ChannelsOutbound(UserIdContact, "sending_failed",
            extra: ""","reason":"code: 131062","failure":{"code":15010,"source":{"name":"whatsapp","code":"131062"}}"""));

        var status = Single<MessageStatusEvent>(result);
        Assert.Equal(ProviderErrorKind.UserIdNotSupported, status.Error!.Kind);
        Assert.Equal(Bsuid(UserId), status.Recipient!.Value.UserId);
    }

    [Fact]
    public async Task A_sender_with_a_phone_number_and_a_business_scoped_user_id_is_one_identity_carrying_both()
    {
        var (_, result) = await PostAsync(ChannelsInbound(PhoneContact, extraInformation: $"\"whatsappbsuid\":\"{UserId}\",\"whatsappusername\":\"{Username}\""));

        var inbound = Single<InboundMessageEvent>(result);
        Assert.Equal(WhatsAppNumber.Parse("+31687654321"), inbound.From.Phone);
        Assert.Equal(Bsuid(UserId), inbound.From.UserId);
        Assert.True(inbound.From.IsLinked);
        Assert.Equal(WhatsAppIdentifierKind.PhoneNumber, inbound.From.Primary.Kind);
    }

    [Fact]
    public async Task A_status_whose_contact_is_a_phone_and_extra_information_a_user_id_names_both()
    {
        var (_, result) = await PostAsync(ChannelsOutbound(PhoneContact, "read", extra: $",\"meta\":{{\"extraInformation\":{{\"whatsappbsuid\":\"{UserId}\"}}}}"));

        var status = Single<MessageStatusEvent>(result);
        Assert.Equal(MessageDeliveryStatus.Read, status.Status);
        Assert.Equal(new WhatsAppIdentity(WhatsAppNumber.Parse("+31687654321"), Bsuid(UserId)), status.Recipient);
    }

    [Fact]
    public async Task A_parent_business_scoped_user_id_is_read_as_the_parent_id_beside_the_user_id()
    {
        var (_, result) = await PostAsync(ChannelsInbound(UserIdContact, extraInformation: $"\"whatsappbsuid\":\"{ParentUserId}\""));

        var from = Single<InboundMessageEvent>(result).From;
        Assert.Equal(Bsuid(UserId), from.UserId);
        Assert.Equal(Bsuid(ParentUserId), from.ParentUserId);
    }

    [Fact]
    public async Task A_business_scoped_user_id_under_the_phonenumber_key_is_read_as_a_user_id_and_never_as_a_number()
    {
        var (_, result) = await PostAsync(ChannelsInbound($$"""{"identifierKey":"phonenumber","identifierValue":"{{UserId}}"}"""));

        Assert.Equal(new WhatsAppIdentity(null, Bsuid(UserId)), Single<InboundMessageEvent>(result).From);
    }

    [Theory]
    [InlineData("US.1234-5678")]
    [InlineData("US.")]
    [InlineData("NZ.6493001234!")]
    public async Task A_malformed_business_scoped_user_id_is_an_invalid_identity_and_is_never_normalized_as_a_number(string value)
    {
        var item = SingleMalformed(await PostAsync(ChannelsInbound($$"""{"identifierKey":"phonenumber","identifierValue":"{{value}}"}""")));

        Assert.Equal(MalformedItemCodes.IdentityInvalid, item.Code);
        Assert.Contains("payload.sender.contact.identifierValue", item.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, item.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_user_id_beside_a_readable_phone_number_does_not_hold_back_the_message()
    {
        var (_, result) = await PostAsync(ChannelsInbound(PhoneContact, extraInformation: "\"whatsappbsuid\":\"not an id\""));

        var inbound = Single<InboundMessageEvent>(result);
        Assert.Equal(new WhatsAppIdentity(WhatsAppNumber.Parse("+31687654321")), inbound.From);
        Assert.Equal("STOP", inbound.Text);
    }

    [Fact]
    public async Task A_user_id_that_is_not_a_string_in_extra_information_is_an_invalid_identity_when_nothing_else_names_the_person()
    {
        var item = SingleMalformed(await PostAsync(ChannelsInbound(UsernameContact, extraInformation: "\"whatsappbsuid\":12345")));

        Assert.Equal(MalformedItemCodes.IdentityInvalid, item.Code);
        Assert.Contains("payload.meta.extraInformation.whatsappbsuid", item.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("+6493001234", WhatsAppNumberType.FixedLine)]
    [InlineData("+442079460000", WhatsAppNumberType.FixedLine)]
    [InlineData("+61293744000", WhatsAppNumberType.FixedLine)]
    [InlineData("+4930123456", WhatsAppNumberType.FixedLine)]
    [InlineData("+18005550199", WhatsAppNumberType.TollFree)]
    [InlineData("+2125551234", WhatsAppNumberType.Unknown)]
    [InlineData("+31970123456", WhatsAppNumberType.Unknown)]
    [InlineData("6493001234", WhatsAppNumberType.FixedLine)]
    public async Task Fixed_line_toll_free_and_metadata_unknown_numbers_are_read_like_mobiles_for_people_and_business_numbers(string number, WhatsAppNumberType type)
    {
        var contact = $$"""{"identifierKey":"phonenumber","identifierValue":"{{number}}"}""";

        var inbound = Single<InboundMessageEvent>((await PostAsync(ChannelsInbound(contact, business: number))).Result);
        var status = Single<MessageStatusEvent>((await PostAsync(ChannelsOutbound(contact))).Result);

        var expected = number.StartsWith('+') ? number : "+" + number;
        Assert.Equal(expected, inbound.From.Phone!.Value.E164);
        Assert.Equal(type, inbound.From.Phone!.Value.Type);
        Assert.Equal(expected, inbound.Business!.Value.E164);
        Assert.Equal(expected, status.Recipient!.Value.Phone!.Value.E164);
    }
}
