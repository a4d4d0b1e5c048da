using System.Net;
using Microsoft.Extensions.Time.Testing;
using WaCompliance.Gateways;
using WaCompliance.Identities;
using WaCompliance.Numbers;
using WaCompliance.Providers.Twilio.Tests.Infrastructure;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.Twilio.Tests.Webhooks;

/// <summary>
/// Who a webhook names, through a real Kestrel endpoint with signed requests: phone numbers of any line type,
/// business-scoped user IDs (ExternalUserId, ExternalUserIdentifier, whatsapp:&lt;BSUID&gt;), parents, and the malformed
/// item an unreadable person becomes.
/// </summary>
public sealed class TwilioWebhookIdentityTests : IAsyncLifetime
{
    private const string Sid = "SM0123456789abcdef0123456789abcdef";
    private const string UserId = TestHost.RecipientUserId;
    private const string ParentUserId = TestHost.RecipientParentUserId;
    private static readonly DateTimeOffset s_now = new(2026, 7, 1, 9, 30, 0, TimeSpan.Zero);
    private Microsoft.Extensions.DependencyInjection.ServiceProvider _services = null!;
    private WebhookHost _host = null!;

    public async Task InitializeAsync()
    {
        _services = TestHost.Build(null, time: new FakeTimeProvider(s_now));
        _host = await WebhookHost.StartAsync(_services.Reader());
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _services.DisposeAsync();
    }

    [Fact]
    public async Task Stop_from_a_person_known_only_by_user_id_is_an_inbound_event_from_that_user_id()
    {
        var result = await PostAsync(
            ("MessageSid", Sid), ("AccountSid", TwilioStub.AccountSid), ("From", "whatsapp:" + UserId), ("To", "whatsapp:" + TestHost.Sender),
            ("ExternalUserId", UserId), ("Body", "STOP"), ("NumMedia", "0"), ("ProfileName", "Ana R."), ("MessageType", "text"),
            ("SmsStatus", "received"), ("ApiVersion", "2010-04-01"));

        var inbound = Assert.IsType<InboundMessageEvent>(Assert.Single(result.Events));
        Assert.Null(inbound.From.Phone);
        Assert.Equal(UserId, inbound.From.UserId?.Value);
        Assert.Equal(WhatsAppIdentifierKind.UserId, inbound.From.Primary.Kind);
        Assert.Equal("STOP", inbound.Text);
        Assert.Equal(TestHost.Sender, inbound.Business?.E164);
        Assert.Empty(result.MalformedItems);
    }

    [Fact]
    public async Task User_id_address_alone_is_enough_without_ExternalUserId()
    {
        var result = await PostAsync(("MessageSid", Sid), ("From", "whatsapp:" + UserId), ("To", "whatsapp:" + TestHost.Sender), ("Body", "hi"));

        var inbound = Assert.IsType<InboundMessageEvent>(Assert.Single(result.Events));
        Assert.Equal(new WhatsAppIdentity(null, BusinessScopedUserId.Parse(UserId)), inbound.From);
    }

    [Fact]
    public async Task Button_reply_from_a_person_known_only_by_user_id_is_a_button_event_from_that_user_id()
    {
        var result = await PostAsync(
            ("MessageSid", Sid), ("From", "whatsapp:" + UserId), ("To", "whatsapp:" + TestHost.Sender), ("ExternalUserId", UserId),
            ("Body", "Stop promotions"), ("MessageType", "button"), ("ButtonText", "Stop promotions"), ("ButtonPayload", "opt_out"),
            ("OriginalRepliedMessageSid", "SMfedcba9876543210fedcba9876543210"));

        var button = Assert.IsType<ButtonReplyEvent>(Assert.Single(result.Events));
        Assert.Equal(UserId, button.From.UserId?.Value);
        Assert.Null(button.From.Phone);
        Assert.Equal("opt_out", button.Payload);
    }

    [Fact]
    public async Task Status_of_a_message_sent_to_a_user_id_names_the_recipient_by_that_user_id()
    {
        var result = await PostAsync(
            ("MessageSid", Sid), ("MessageStatus", "delivered"), ("SmsStatus", "delivered"), ("From", "whatsapp:" + TestHost.Sender),
            ("To", "whatsapp:" + UserId), ("ExternalUserId", UserId), ("ChannelPrefix", "whatsapp"), ("ApiVersion", "2010-04-01"));

        var status = Assert.IsType<MessageStatusEvent>(Assert.Single(result.Events));
        Assert.Equal(MessageDeliveryStatus.Delivered, status.Status);
        Assert.Equal(new WhatsAppIdentity(null, BusinessScopedUserId.Parse(UserId)), status.Recipient);
        Assert.Equal(TestHost.Sender, status.Business?.E164);
    }

    [Theory]
    [InlineData("ExternalUserId")]
    [InlineData("ExternalUserIdentifier")]
    public async Task Both_names_of_the_user_id_field_are_read(string field)
    {
        var result = await PostAsync(("MessageSid", Sid), ("From", "whatsapp:" + TestHost.Recipient), ("To", "whatsapp:" + TestHost.Sender),
            (field, UserId), ("Body", "hi"));

        var inbound = Assert.IsType<InboundMessageEvent>(Assert.Single(result.Events));
        Assert.Equal(UserId, inbound.From.UserId?.Value);
        Assert.Equal(TestHost.Recipient, inbound.From.Phone?.E164);
    }

    [Theory]
    [InlineData("ExternalUserId", "whatsapp:" + UserId)]
    [InlineData("ExternalUserIdentifier", "whatsapp:" + UserId)]
    public async Task User_id_field_written_as_a_whatsapp_address_is_read_too(string field, string value)
    {
        var result = await PostAsync(("MessageSid", Sid), ("From", "whatsapp:" + UserId), ("To", "whatsapp:" + TestHost.Sender), (field, value), ("Body", "hi"));

        Assert.Equal(UserId, Assert.IsType<InboundMessageEvent>(Assert.Single(result.Events)).From.UserId?.Value);
    }

    [Fact]
    public async Task Request_with_phone_user_id_and_parent_gives_an_identity_with_all_three()
    {
        var result = await PostAsync(
            ("MessageSid", Sid), ("From", "whatsapp:" + TestHost.Recipient), ("To", "whatsapp:" + TestHost.Sender), ("WaId", "64211234567"),
            ("ExternalUserId", UserId), ("ExternalUserIdentifier", UserId), ("ParentExternalUserId", ParentUserId), ("Body", "STOP"));

        var inbound = Assert.IsType<InboundMessageEvent>(Assert.Single(result.Events));
        Assert.Equal(TestHost.Recipient, inbound.From.Phone?.E164);
        Assert.Equal(UserId, inbound.From.UserId?.Value);
        Assert.Equal(ParentUserId, inbound.From.ParentUserId?.Value);
        Assert.True(inbound.From.IsLinked);
        Assert.Equal(WhatsAppIdentifierKind.PhoneNumber, inbound.From.Primary.Kind);
    }

    [Fact]
    public async Task Status_with_a_phone_address_and_ExternalUserId_names_both()
    {
        var result = await PostAsync(("MessageSid", Sid), ("MessageStatus", "read"), ("From", "whatsapp:" + TestHost.Sender),
            ("To", "whatsapp:" + TestHost.Recipient), ("ExternalUserId", UserId));

        var status = Assert.IsType<MessageStatusEvent>(Assert.Single(result.Events));
        Assert.Equal(new WhatsAppIdentity(WhatsAppNumber.Parse(TestHost.Recipient), BusinessScopedUserId.Parse(UserId)), status.Recipient);
    }

    [Fact]
    public async Task Status_without_a_recipient_is_still_read_for_reconciliation()
    {
        var result = await PostAsync(("MessageSid", Sid), ("MessageStatus", "sent"), ("ChannelPrefix", "whatsapp"));

        var status = Assert.IsType<MessageStatusEvent>(Assert.Single(result.Events));
        Assert.Null(status.Recipient);
    }

    [Fact]
    public async Task Failed_21211_status_for_a_user_id_recipient_is_UserIdNotSupported_and_for_a_phone_RecipientInvalid()
    {
        var toUserId = await PostAsync(("MessageSid", Sid), ("MessageStatus", "failed"), ("ErrorCode", "21211"),
            ("ErrorMessage", "Invalid 'To' whatsapp:US.ABC123XYZ"), ("From", "whatsapp:" + TestHost.Sender), ("To", "whatsapp:US.ABC123XYZ"));
        _host.Results.Clear();
        var toPhone = await PostAsync(("MessageSid", Sid), ("MessageStatus", "failed"), ("ErrorCode", "21211"),
            ("From", "whatsapp:" + TestHost.Sender), ("To", "whatsapp:" + TestHost.Recipient), ("ExternalUserId", UserId));

        var error = Assert.IsType<MessageStatusEvent>(Assert.Single(toUserId.Events)).Error!;
        Assert.Equal(ProviderErrorKind.UserIdNotSupported, error.Kind);
        Assert.DoesNotContain("ABC123XYZ", error.Message);
        Assert.Equal(ProviderErrorKind.RecipientInvalid, Assert.IsType<MessageStatusEvent>(Assert.Single(toPhone.Events)).Error!.Kind);
    }

    public static TheoryData<string, string> ReportedNumbers => new()
    {
        { "+6493001234", "New Zealand landline" },
        { "+442079460000", "UK landline" },
        { "+61293744000", "Australian landline" },
        { "+4930123456", "German landline" },
        { "+18005550199", "US toll-free" },
        { "+80012345678", "international freephone" },
        { "+6400000", "New Zealand range not in libphonenumber's metadata" },
    };

    [Theory]
    [MemberData(nameof(ReportedNumbers))]
    public async Task Person_writing_from_a_number_of_any_line_type_is_read_like_a_mobile(string number, string what)
    {
        var result = await PostAsync(("MessageSid", Sid), ("From", "whatsapp:" + number), ("To", "whatsapp:" + TestHost.Sender), ("Body", "STOP"));

        var inbound = Assert.IsType<InboundMessageEvent>(Assert.Single(result.Events));
        Assert.True(number == inbound.From.Phone?.E164, what);
        Assert.Empty(result.MalformedItems);
    }

    [Theory]
    [MemberData(nameof(ReportedNumbers))]
    public async Task Business_number_of_any_line_type_is_read_from_To_and_From(string number, string what)
    {
        var inbound = await PostAsync(("MessageSid", Sid), ("From", "whatsapp:" + TestHost.Recipient), ("To", "whatsapp:" + number), ("Body", "hi"));
        _host.Results.Clear();
        var status = await PostAsync(("MessageSid", Sid), ("MessageStatus", "sent"), ("From", "whatsapp:" + number), ("To", "whatsapp:" + TestHost.Recipient));

        Assert.True(number == Assert.Single(inbound.Events).Business?.E164, what);
        Assert.True(number == Assert.Single(status.Events).Business?.E164, what);
    }

    [Fact]
    public async Task Status_to_a_landline_recipient_names_it()
    {
        var result = await PostAsync(("MessageSid", Sid), ("MessageStatus", "delivered"), ("From", "whatsapp:" + TestHost.Sender), ("To", "whatsapp:+6493001234"));

        Assert.Equal("+6493001234", Assert.IsType<MessageStatusEvent>(Assert.Single(result.Events)).Recipient?.Phone?.E164);
    }

    public static TheoryData<string, string, string, string[]> UnreadablePeople => new()
    {
        // why, code, field the message names, fields
        { "From is a number that is too short", MalformedItemCodes.IdentityInvalid, "From", ["From", "whatsapp:+1"] },
        { "From is text", MalformedItemCodes.IdentityInvalid, "From", ["From", "whatsapp:hello there"] },
        { "From has nothing after the prefix", MalformedItemCodes.IdentityInvalid, "From", ["From", "whatsapp:"] },
        // BSUID-shaped, so never read as the number +1234 5678.
        { "From is a user ID with a bad character", MalformedItemCodes.IdentityInvalid, "From", ["From", "whatsapp:US.1234-5678"] },
        { "ExternalUserId is not a user ID", MalformedItemCodes.IdentityInvalid, "ExternalUserId", ["From", "whatsapp:" + TestHost.Recipient, "ExternalUserId", "us.lower-case"] },
        { "ExternalUserIdentifier is not a user ID", MalformedItemCodes.IdentityInvalid, "ExternalUserIdentifier", ["From", "whatsapp:" + UserId, "ExternalUserIdentifier", "13491208655302741918"] },
        { "ParentExternalUserId is no parent", MalformedItemCodes.IdentityInvalid, "ParentExternalUserId", ["From", "whatsapp:" + UserId, "ParentExternalUserId", UserId] },
        { "From and ExternalUserId disagree", MalformedItemCodes.IdentityInvalid, "ExternalUserId", ["From", "whatsapp:" + UserId, "ExternalUserId", "US.99999999999999999999"] },
        { "ExternalUserId and ExternalUserIdentifier disagree", MalformedItemCodes.IdentityInvalid, "ExternalUserIdentifier", ["From", "whatsapp:" + TestHost.Recipient, "ExternalUserId", UserId, "ExternalUserIdentifier", "US.99999999999999999999"] },
        { "no person at all", MalformedItemCodes.IdentityMissing, "From", ["To", "whatsapp:" + TestHost.Sender] },
    };

    [Theory]
    [MemberData(nameof(UnreadablePeople))]
    public async Task Signed_message_whose_person_cannot_be_read_is_acknowledged_with_a_malformed_item_not_refused(string why, string code, string field, string[] fields)
    {
        var pairs = new List<(string, string)> { ("MessageSid", Sid), ("Body", "STOP") };
        pairs.AddRange(Enumerable.Range(0, fields.Length / 2).Select(i => (fields[2 * i], fields[(2 * i) + 1])));

        var result = await PostAsync([.. pairs]);

        Assert.True(result.IsAccepted, why);
        Assert.Empty(result.Events);
        var item = Assert.Single(result.MalformedItems);
        Assert.Equal(code, item.Code);
        Assert.Equal("twilio:main", item.Source);
        Assert.Equal(Sid, item.EventId);
        Assert.Contains(field, item.Message);
        foreach (var value in fields.Where((_, i) => i % 2 == 1))
        {
            var bare = value.StartsWith("whatsapp:", StringComparison.Ordinal) ? value["whatsapp:".Length..] : value;
            if (bare.Length >= 4)
            {
                Assert.DoesNotContain(bare, item.Message);
            }
        }

        Assert.DoesNotContain("13491208655302741918", item.Message);
        Assert.DoesNotContain("64211234567", item.Message);
        var again = await _services.Reader().ReadItemAsync(item.RawItem);
        Assert.Equal(code, Assert.Single(again.MalformedItems).Code);
        Assert.Empty(again.Events);
    }

    [Fact]
    public async Task Malformed_item_keeps_a_readable_identifier_as_its_subject_so_erasure_finds_it()
    {
        var result = await PostAsync(("MessageSid", Sid), ("From", "whatsapp:" + TestHost.Recipient), ("To", "whatsapp:" + TestHost.Sender),
            ("ExternalUserId", "not-an-id"), ("Body", "STOP"));

        var item = Assert.Single(result.MalformedItems);
        Assert.Equal(MalformedItemCodes.IdentityInvalid, item.Code);
        Assert.Equal(WhatsAppNumber.Parse(TestHost.Recipient), item.Subject?.PhoneNumber);
    }

    [Fact]
    public async Task Status_whose_recipient_cannot_be_read_is_a_malformed_item()
    {
        var result = await PostAsync(("MessageSid", Sid), ("MessageStatus", "failed"), ("ErrorCode", "63003"),
            ("From", "whatsapp:" + TestHost.Sender), ("To", "whatsapp:+1"));

        Assert.Empty(result.Events);
        var item = Assert.Single(result.MalformedItems);
        Assert.Equal(MalformedItemCodes.IdentityInvalid, item.Code);
        Assert.Contains("To", item.Message);
    }

    [Fact]
    public async Task ReadItemAsync_reads_a_raw_item_back_without_a_signature()
    {
        var raw = Signer.Form([new("MessageSid", Sid), new("From", "whatsapp:" + UserId), new("To", "whatsapp:" + TestHost.Sender), new("Body", "STOP")]);

        var result = await _services.Reader().ReadItemAsync(raw);

        var inbound = Assert.IsType<InboundMessageEvent>(Assert.Single(result.Events));
        Assert.Equal(UserId, inbound.From.UserId?.Value);
        Assert.Equal(Sid, inbound.EventId);
        Assert.Equal(s_now, inbound.OccurredAt);
    }

    [Fact]
    public async Task ReadItemAsync_reads_a_json_item_back()
    {
        var raw = $$"""{"MessageSid":"{{Sid}}","From":"whatsapp:{{UserId}}","To":"whatsapp:{{TestHost.Sender}}","Body":"STOP"}""";

        var result = await _services.Reader().ReadItemAsync(raw);

        Assert.Equal(UserId, Assert.IsType<InboundMessageEvent>(Assert.Single(result.Events)).From.UserId?.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("MessageSid=SM1&From=%ZZ")]
    [InlineData("[1,2]")]
    public async Task ReadItemAsync_of_text_that_is_no_Twilio_item_is_a_malformed_item_again(string raw)
    {
        var result = await _services.Reader().ReadItemAsync(raw);

        Assert.True(result.IsAccepted);
        Assert.Empty(result.Events);
        Assert.Equal(MalformedItemCodes.BodyUnreadable, Assert.Single(result.MalformedItems).Code);
    }

    private async Task<WebhookReadResult> PostAsync(params (string Name, string Value)[] fields)
    {
        var url = new Uri(_host.BaseUrl, "/twilio/whatsapp").ToString();
        using var response = await _host.Client.SendAsync(Signer.SignedPost(url, fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))));
        var result = Assert.Single(_host.Results);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {result.Rejection?.Code} {result.Rejection?.Message}");
        return result;
    }
}
