using WaCompliance.Identities;
using WaCompliance.Webhooks;
using static WaCompliance.Providers.Dialog360.Tests.Infrastructure.MetaWebhooks;

namespace WaCompliance.Providers.Dialog360.Tests.Webhooks;

/// <summary>
/// The three signals that one person's identifiers changed or were shared (identities.md §3, §4): system messages
/// <c>user_changed_number</c> and <c>user_changed_user_id</c> (and their legacy names), the <c>user_id_update</c>
/// field, and a contact card shared on request. Each becomes an <see cref="IdentityLinkEvent"/> with a stable id.
/// </summary>
public sealed class WebhookIdentitySignalTests : WebhookTestBase
{
    private const string OldPhone = "5511987654321";
    private const string NewPhone = "5511912345678";
    private const string NewUserId = "BR.9034511782230012";
    private const string NewParent = "BR.ENT.6620019834457701";

    protected override void Configure(Dialog360WebhookOptions options)
    {
        options.AppSecret = AppSecret;
    }

    private async Task<IReadOnlyList<WhatsAppEvent>> ReadAsync(string body)
    {
        var answer = await SignedAsync(body);
        Assert.Equal(200, answer.Status);
        Assert.Empty(answer.Result.MalformedItems);
        return answer.Result.Events;
    }

    [Fact]
    public async Task User_changed_number_links_the_old_number_to_the_new_number_and_its_new_user_id()
    {
        // identities.md §3, system messages: from = old number, system.wa_id = new, system.user_id = the new user ID.
        var events = await ReadAsync(Change("messages", $$$"""
            "messages":[{"from":"{{{OldPhone}}}","id":"wamid.SYS1","timestamp":"1772366400","type":"system",
              "system":{"body":"User Ana R. changed from {{{OldPhone}}} to {{{NewPhone}}}","wa_id":"{{{NewPhone}}}","user_id":"{{{NewUserId}}}","type":"user_changed_number"}}]
            """));

        var change = Assert.IsType<IdentityLinkEvent>(Assert.Single(events));
        Assert.Equal(IdentityLinkReason.NumberChanged, change.Reason);
        Assert.Equal("wamid.SYS1", change.EventId);
        Assert.Equal("+" + OldPhone, change.Previous.Phone?.E164);
        Assert.Null(change.Previous.UserId);
        Assert.Equal("+" + NewPhone, change.Current.Phone?.E164);
        Assert.Equal(NewUserId, change.Current.UserId?.Value);
        Assert.Equal("+" + BusinessDigits, change.Business?.E164);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1772366400), change.OccurredAt);
    }

    [Fact]
    public async Task User_changed_number_reads_the_old_user_id_and_the_new_parent_too()
    {
        var events = await ReadAsync(Change("messages", $$$"""
            "messages":[{"from":"{{{OldPhone}}}","from_user_id":"{{{UserId}}}","from_parent_user_id":"{{{ParentUserId}}}","id":"wamid.SYS2","timestamp":"1772366400","type":"system",
              "system":{"body":"changed","wa_id":"{{{NewPhone}}}","user_id":"{{{NewUserId}}}","parent_user_id":"{{{NewParent}}}","type":"user_changed_number"}}]
            """));

        var change = Assert.IsType<IdentityLinkEvent>(Assert.Single(events));
        Assert.Equal(new WhatsAppIdentity(Number(OldPhone), BusinessScopedUserId.Parse(UserId), BusinessScopedUserId.Parse(ParentUserId)), change.Previous);
        Assert.Equal(new WhatsAppIdentity(Number(NewPhone), BusinessScopedUserId.Parse(NewUserId), BusinessScopedUserId.Parse(NewParent)), change.Current);
    }

    [Fact]
    public async Task The_legacy_customer_changed_number_with_new_wa_id_is_a_number_change()
    {
        var events = await ReadAsync(Change("messages", $$$"""
            "messages":[{"from":"{{{OldPhone}}}","id":"wamid.SYS3","timestamp":"1772366400","type":"system",
              "system":{"body":"User A changed from {{{OldPhone}}} to {{{NewPhone}}}","new_wa_id":"{{{NewPhone}}}","type":"customer_changed_number"}}]
            """));

        var change = Assert.IsType<IdentityLinkEvent>(Assert.Single(events));
        Assert.Equal(IdentityLinkReason.NumberChanged, change.Reason);
        Assert.Equal("+" + NewPhone, change.Current.Phone?.E164);
    }

    [Fact]
    public async Task User_changed_user_id_links_the_old_user_id_to_the_new_one_without_a_phone()
    {
        var events = await ReadAsync(Change("messages", $$$"""
            "messages":[{"from_user_id":"{{{UserId}}}","id":"wamid.SYS4","timestamp":"1772366400","type":"system",
              "system":{"body":"User id changed","user_id":"{{{NewUserId}}}","parent_user_id":"{{{NewParent}}}","type":"user_changed_user_id"}}]
            """));

        var change = Assert.IsType<IdentityLinkEvent>(Assert.Single(events));
        Assert.Equal(IdentityLinkReason.UserIdChanged, change.Reason);
        Assert.Equal(BusinessScopedUserId.Parse(UserId), change.Previous.UserId);
        Assert.Null(change.Previous.Phone);
        Assert.Equal(new WhatsAppIdentity(null, BusinessScopedUserId.Parse(NewUserId), BusinessScopedUserId.Parse(NewParent)), change.Current);
    }

    [Fact]
    public async Task The_legacy_customer_identity_changed_is_a_user_id_change_of_the_customer()
    {
        var events = await ReadAsync(Change("messages", $$$"""
            "messages":[{"from":"{{{OldPhone}}}","id":"wamid.SYS5","timestamp":"1772366400","type":"system",
              "system":{"body":"identity changed","customer":"{{{OldPhone}}}","identity":"b1+Lw1Vf","type":"customer_identity_changed"}}]
            """));

        var change = Assert.IsType<IdentityLinkEvent>(Assert.Single(events));
        Assert.Equal(IdentityLinkReason.UserIdChanged, change.Reason);
        Assert.Equal("+" + OldPhone, change.Current.Phone?.E164);
    }

    [Fact]
    public async Task A_number_change_without_the_new_identity_is_an_identity_missing_item()
    {
        var answer = await SignedAsync(Change("messages", $$$"""
            "messages":[{"from":"{{{OldPhone}}}","id":"wamid.SYS6","timestamp":"1772366400","type":"system","system":{"body":"changed number","type":"user_changed_number"}}]
            """));

        Assert.Empty(answer.Result.Events);
        var item = Assert.Single(answer.Result.MalformedItems);
        Assert.Equal(MalformedItemCodes.IdentityMissing, item.Code);
        Assert.Equal("entry[0].changes[0].value.messages[0].system names no one: no wa_id, user_id or parent_user_id.", item.Message);
        Assert.Equal("wamid.SYS6", item.EventId);
        Assert.Equal("+" + OldPhone, item.Subject?.Value);
    }

    [Fact]
    public async Task The_user_id_update_field_links_previous_and_current_user_ids_and_parents_with_the_number()
    {
        // identities.md §3, user_id_update.
        var events = await ReadAsync(Change("user_id_update", $$$"""
            "user_id_update":[{"wa_id":"{{{OldPhone}}}","detail":"User id for Ana R. has been updated.",
              "user_id":{"previous":"{{{UserId}}}","current":"{{{NewUserId}}}"},
              "parent_user_id":{"previous":"{{{ParentUserId}}}","current":"{{{NewParent}}}"},"timestamp":"1772366500"}]
            """));

        var change = Assert.IsType<IdentityLinkEvent>(Assert.Single(events));
        Assert.Equal(IdentityLinkReason.UserIdChanged, change.Reason);
        Assert.Equal(new WhatsAppIdentity(Number(OldPhone), BusinessScopedUserId.Parse(UserId), BusinessScopedUserId.Parse(ParentUserId)), change.Previous);
        Assert.Equal(new WhatsAppIdentity(Number(OldPhone), BusinessScopedUserId.Parse(NewUserId), BusinessScopedUserId.Parse(NewParent)), change.Current);
        Assert.StartsWith("user-id-update:", change.EventId, StringComparison.Ordinal);
        Assert.DoesNotContain("7712093455123009", change.EventId, StringComparison.Ordinal);
        Assert.DoesNotContain(OldPhone, change.EventId, StringComparison.Ordinal);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1772366500), change.OccurredAt);
    }

    [Fact]
    public async Task A_user_id_update_without_a_number_links_the_user_ids_alone()
    {
        var events = await ReadAsync(Change("user_id_update", $$$"""
            "user_id_update":[{"user_id":{"previous":"{{{UserId}}}","current":"{{{NewUserId}}}"},"timestamp":"1772366500"}]
            """));

        var change = Assert.IsType<IdentityLinkEvent>(Assert.Single(events));
        Assert.Equal(new WhatsAppIdentity(null, BusinessScopedUserId.Parse(UserId)), change.Previous);
        Assert.Equal(new WhatsAppIdentity(null, BusinessScopedUserId.Parse(NewUserId)), change.Current);
    }

    [Theory]
    [InlineData("""{"user_id":{"current":"BR.9034511782230012"},"timestamp":"1772366500"}""", MalformedItemCodes.IdentityMissing)]
    [InlineData("""{"user_id":{"previous":"BR.7712093455123009"},"timestamp":"1772366500"}""", MalformedItemCodes.IdentityMissing)]
    [InlineData("""{"user_id":{"previous":"BR.7712093455123009","current":"not an id"},"timestamp":"1772366500"}""", MalformedItemCodes.IdentityInvalid)]
    [InlineData("""{"user_id":"BR.7712093455123009","timestamp":"1772366500"}""", MalformedItemCodes.ItemMalformed)]
    public async Task A_user_id_update_without_both_sides_is_malformed(string item, string code)
    {
        var answer = await SignedAsync(Change("user_id_update", $$$"""
            "user_id_update":[{{{item}}}]
            """));

        Assert.Empty(answer.Result.Events);
        Assert.Equal(code, Assert.Single(answer.Result.MalformedItems).Code);
    }

    [Fact]
    public async Task Redelivered_signals_keep_their_event_ids()
    {
        var body = Change("user_id_update", $$$"""
            "user_id_update":[{"user_id":{"previous":"{{{UserId}}}","current":"{{{NewUserId}}}"},"timestamp":"1772366500"}]
            """);

        var first = await ReadAsync(body);
        var again = await ReadAsync(body);

        Assert.Equal(first.Single().EventId, again.Single().EventId);
    }

    [Fact]
    public async Task A_contact_card_shared_on_request_links_the_senders_user_id_to_the_shared_number()
    {
        // identities.md §4, REQUEST_CONTACT_INFO: the reply is a contacts message with origin contact_request.
        var events = await ReadAsync(Change("messages", $$$"""
            "contacts":[{"profile":{"name":"Ana R.","username":"ana.r"},"user_id":"{{{UserId}}}"}],
            "messages":[{"from_user_id":"{{{UserId}}}","id":"wamid.CARD1","timestamp":"1772366400","type":"contacts",
              "contacts":[{"origin":"contact_request","name":{"formatted_name":"Ana R.","first_name":"Ana"},
                "phones":[{"phone":"+55 11 98765-4321","wa_id":"{{{OldPhone}}}","type":"MOBILE"}]}]}]
            """));

        Assert.Equal(2, events.Count);
        var inbound = Assert.IsType<InboundMessageEvent>(events[0]);
        Assert.Equal("contacts", inbound.MessageType);
        Assert.Equal("wamid.CARD1", inbound.EventId);
        var shared = Assert.IsType<IdentityLinkEvent>(events[1]);
        Assert.Equal(IdentityLinkReason.ContactShared, shared.Reason);
        Assert.Equal("wamid.CARD1:contact-shared", shared.EventId);
        Assert.Equal(new WhatsAppIdentity(null, BusinessScopedUserId.Parse(UserId)), shared.Previous);
        Assert.Equal(new WhatsAppIdentity(Number(OldPhone), BusinessScopedUserId.Parse(UserId)), shared.Current);
    }

    [Theory]
    [InlineData("""{"origin":"other","phones":[{"wa_id":"5511987654321"}]}""")]
    [InlineData("""{"phones":[{"wa_id":"5511987654321"}]}""")]
    [InlineData("""{"origin":"contact_request","phones":[{"phone":"+55 11 98765-4321"}]}""")]
    [InlineData("""{"origin":"contact_request","phones":[{"wa_id":"5511987654321"},{"wa_id":"5511912345678"}]}""")]
    [InlineData("""{"origin":"contact_request","phones":[{"wa_id":"not a number"}]}""")]
    public async Task A_contact_card_that_is_not_one_number_shared_on_request_is_just_an_inbound_message(string card)
    {
        var events = await ReadAsync(Change("messages", $$$"""
            "messages":[{"from_user_id":"{{{UserId}}}","id":"wamid.CARD2","timestamp":"1772366400","type":"contacts","contacts":[{{{card}}}]}]
            """));

        Assert.IsType<InboundMessageEvent>(Assert.Single(events));
    }

    private static Numbers.WhatsAppNumber Number(string digits) => Numbers.WhatsAppNumberParser.Default.ParseReported(digits).Number;
}
