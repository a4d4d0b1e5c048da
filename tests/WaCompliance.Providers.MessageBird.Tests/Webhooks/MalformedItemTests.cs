using System.Text;
using WaCompliance.Identities;
using WaCompliance.Providers.MessageBird.Tests.Infrastructure;
using WaCompliance.Providers.MessageBird.Webhooks;
using WaCompliance.Webhooks;
using static WaCompliance.Providers.MessageBird.Tests.Infrastructure.Deliveries;

namespace WaCompliance.Providers.MessageBird.Tests.Webhooks;

/// <summary>
/// Items that cannot be read: each becomes a <see cref="MalformedWebhookItem"/> (never a refusal, never an
/// exception) while the good items beside it are still read, and <see cref="IWebhookReader.ReadItemAsync"/> reads a
/// kept raw item back. Real HTTP for deliveries.
/// </summary>
public sealed class MalformedItemTests : IAsyncLifetime
{
    private TestRegistration _channels = null!;
    private TestRegistration _legacy = null!;
    private WebhookHost _channelsHost = null!;
    private WebhookHost _legacyHost = null!;

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

    private static string Batch(params string[] items) => "[" + string.Join(",", items) + "]";

    [Fact]
    public async Task A_malformed_item_between_good_items_is_one_malformed_item_and_the_good_items_are_still_events()
    {
        var good1 = ChannelsInbound(PhoneContact, id: "11111111-0000-4000-8000-000000000001");
        var bad = ChannelsInbound(UsernameContact, id: "22222222-0000-4000-8000-000000000002");
        var good2 = ChannelsOutbound(UserIdContact, "delivered", id: "33333333-0000-4000-8000-000000000003");

        var (status, result) = await _channelsHost.PostChannelsAsync(_channels.Time, Batch(good1, bad, good2));

        Assert.Equal(200, status);
        Assert.True(result.IsAccepted);
        Assert.Equal(["11111111-0000-4000-8000-000000000001", "33333333-0000-4000-8000-000000000003:delivered"], result.Events.Select(e => e.EventId).ToArray());
        var item = Assert.Single(result.MalformedItems);
        Assert.Equal(MalformedItemCodes.IdentityMissing, item.Code);
        Assert.Equal("22222222-0000-4000-8000-000000000002", item.EventId);
        Assert.StartsWith("Item 2 of 3: ", item.Message, StringComparison.Ordinal);
        Assert.Equal(RawItems.ChannelsName + "\n" + bad, item.RawItem);
    }

    [Fact]
    public async Task A_malformed_item_keeps_the_person_it_names_as_its_subject_so_erasure_finds_it()
    {
        var bad = ChannelsInbound(UserIdContact).Replace("\"id\":\"b6f5c1e8-4d2a-4f3b-9a8c-1e2d3c4b5a69\",", "");

        var item = SingleMalformed(await _channelsHost.PostChannelsAsync(_channels.Time, bad));

        Assert.Equal(MalformedItemCodes.FieldMissing, item.Code);
        Assert.Equal(WhatsAppIdentifier.Parse(UserId), item.Subject);
    }

    [Fact]
    public async Task A_legacy_delivery_with_a_malformed_item_next_to_a_good_one_gives_the_good_event_and_one_malformed_item()
    {
        var good = LegacyReceived();
        var bad = LegacyReceived(from: "\"a channel\"", msisdn: "null", id: "7d4fd3fbd9164c2c8b8d1aa7a0e40f2c");

        var (status, result) = await _legacyHost.PostLegacyAsync(_legacy.Time, Batch(good, bad));

        Assert.Equal(200, status);
        Assert.Equal("6d4fd3fbd9164c2c8b8d1aa7a0e40f2b", Assert.Single(result.Events).EventId);
        var item = Assert.Single(result.MalformedItems);
        Assert.Equal(MalformedItemCodes.IdentityInvalid, item.Code);
        Assert.Equal("7d4fd3fbd9164c2c8b8d1aa7a0e40f2c", item.EventId);
        Assert.Equal(RawItems.LegacyName + "\n" + bad, item.RawItem);
    }

    [Fact]
    public async Task Reading_a_malformed_raw_item_back_gives_the_same_malformed_item_without_any_signature()
    {
        var (_, result) = await _channelsHost.PostChannelsAsync(_channels.Time, Batch(ChannelsInbound(PhoneContact), ChannelsInbound(UsernameContact, id: "x-2")));
        var item = Assert.Single(result.MalformedItems);

        var again = await _channels.Reader.ReadItemAsync(item.RawItem);

        Assert.True(again.IsAccepted);
        Assert.Empty(again.Events);
        var reread = Assert.Single(again.MalformedItems);
        Assert.Equal((item.Code, item.EventId, item.RawItem), (reread.Code, reread.EventId, reread.RawItem));
    }

    [Fact]
    public async Task A_raw_item_fixed_by_hand_is_read_back_as_its_event()
    {
        var item = SingleMalformed(await _channelsHost.PostChannelsAsync(_channels.Time, ChannelsInbound(UsernameContact)));

        var fixedItem = item.RawItem.Replace(UsernameContact, UserIdContact, StringComparison.Ordinal);
        var again = await _channels.Reader.ReadItemAsync(fixedItem);

        var inbound = Single<InboundMessageEvent>(again);
        Assert.Equal(BusinessScopedUserId.Parse(UserId), inbound.From.UserId);
        Assert.Equal("STOP", inbound.Text);
    }

    [Fact]
    public async Task A_legacy_raw_item_is_read_back_with_the_legacy_reader_rules()
    {
        var item = Assert.Single((await _legacyHost.PostLegacyAsync(_legacy.Time, Batch(LegacyReceived(from: "\"a channel\"", msisdn: "null")))).Result.MalformedItems);

        var again = await _legacy.Reader.ReadItemAsync(item.RawItem.Replace("\"a channel\"", "\"+6493001234\"", StringComparison.Ordinal));

        Assert.Equal("+6493001234", Single<InboundMessageEvent>(again).From.Phone!.Value.E164);
    }

    [Fact]
    public async Task A_body_that_is_not_utf8_is_kept_whole_in_base64_and_reads_back_as_the_same_unreadable_body()
    {
        byte[] body = [0x7B, 0xFF, 0xFE, 0x00, 0x7D];

        var item = SingleMalformed(await _channelsHost.PostChannelsAsync(_channels.Time, body));

        Assert.Equal(MalformedItemCodes.BodyUnreadable, item.Code);
        Assert.Equal(RawItems.ChannelsName + ";base64\n" + Convert.ToBase64String(body), item.RawItem);
        Assert.True(RawItems.TryDecode(item.RawItem, out var api, out var bytes));
        Assert.Equal(WebhookApi.Channels, api);
        Assert.Equal(body, bytes);
        var again = Assert.Single((await _channels.Reader.ReadItemAsync(item.RawItem)).MalformedItems);
        Assert.Equal(item.RawItem, again.RawItem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("bird-channels")]
    [InlineData("sms\n{}")]
    [InlineData("bird-channels;base64\n!!!not base64!!!")]
    [InlineData("bird-channels\n\u0000\uD800")]
    public async Task A_raw_item_this_reader_did_not_write_is_given_back_as_malformed_and_never_throws(string raw)
    {
        var result = await _channels.Reader.ReadItemAsync(raw);

        Assert.True(result.IsAccepted);
        Assert.Empty(result.Events);
        var item = Assert.Single(result.MalformedItems);
        Assert.Equal(MalformedItemCodes.BodyUnreadable, item.Code);
        Assert.Equal(TestRegistration.GatewayName, item.Source);
    }

    [Fact]
    public async Task A_signed_array_of_more_items_than_any_delivery_holds_is_kept_whole_as_one_unreadable_body()
    {
        var body = "[" + string.Join(",", Enumerable.Repeat("1", WebhookItems.MaxItems + 1)) + "]";

        var item = SingleMalformed(await _channelsHost.PostChannelsAsync(_channels.Time, body));

        Assert.Equal(MalformedItemCodes.BodyUnreadable, item.Code);
        Assert.Equal(RawItems.ChannelsName + "\n" + body, item.RawItem);
    }

    [Fact]
    public async Task An_empty_batch_is_acknowledged_with_nothing_in_it()
    {
        var (status, result) = await _channelsHost.PostChannelsAsync(_channels.Time, "[]");

        Assert.Equal(200, status);
        Assert.Empty(result.Events);
        Assert.Empty(result.MalformedItems);
    }

    [Fact]
    public async Task Events_of_kinds_this_sdk_does_not_act_on_inside_a_batch_are_neither_events_nor_malformed()
    {
        var (_, result) = await _channelsHost.PostChannelsAsync(_channels.Time,
            Batch("""{"service":"channels","event":"channel.created","payload":{"id":5}}""", ChannelsInbound(PhoneContact)));

        Assert.Single(result.Events);
        Assert.Empty(result.MalformedItems);
    }

    [Fact]
    public async Task A_malformed_item_message_names_fields_but_never_a_number_a_user_id_or_text()
    {
        var bad = ChannelsInbound(PhoneContact, """{"type":"text","text":{"text":["STOP secret"]}}""", extraInformation: $"\"whatsappbsuid\":\"{UserId}\"");

        var item = SingleMalformed(await _channelsHost.PostChannelsAsync(_channels.Time, Encoding.UTF8.GetBytes(bad)));

        Assert.Equal(MalformedItemCodes.ItemMalformed, item.Code);
        Assert.Contains("payload.body.text.text", item.Message, StringComparison.Ordinal);
        foreach (var secret in new[] { "31687654321", UserId, "STOP secret" })
        {
            Assert.DoesNotContain(secret, item.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, item.ToString(), StringComparison.Ordinal);
        }
    }
}
