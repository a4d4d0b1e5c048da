using System.Globalization;
using System.Text;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.MessageBird.Tests.Infrastructure;

/// <summary>
/// Webhook bodies shaped as Bird and MessageBird send them (providers.md §5a/§5b; identities.md §5 for the
/// business-scoped user ID fields), and posting them signed to a <see cref="WebhookHost"/>.
/// </summary>
public static class Deliveries
{
    public const string UserId = "US.13491208655302741918";
    public const string OtherUserId = "BR.7712093455123009";
    public const string ParentUserId = "US.ENT.11815799212886844830";
    public const string Username = "ana.r";
    public const string PhoneContact = """{"id":"c-1","identifierKey":"phonenumber","identifierValue":"+31687654321"}""";
    public const string UserIdContact = """{"id":"c-2","identifierKey":"whatsappbsuid","identifierValue":"US.13491208655302741918"}""";
    public const string UsernameContact = """{"id":"c-3","identifierKey":"whatsappusername","identifierValue":"ana.r"}""";
    public const string Stop = """{"type":"text","text":{"text":"STOP"}}""";

    /// <summary>A <c>whatsapp.inbound</c> event from the given sender contact, with optional <c>meta.extraInformation</c> entries.</summary>
    public static string ChannelsInbound(string contact, string body = Stop, string? extraInformation = null, string id = "b6f5c1e8-4d2a-4f3b-9a8c-1e2d3c4b5a69",
        string business = "+31612345678", string extra = "") => ("""
        {"service":"channels","event":"whatsapp.inbound","payload":{
          "id":"@@id@@","channelId":"@@channel@@",
          "sender":{"contact":@@contact@@},
          "receiver":{"connector":{"id":"k-1","identifierValue":"@@business@@"}},
          "body":@@body@@,"status":"delivered","direction":"incoming",
          "createdAt":"2026-03-01T11:59:58.123Z","updatedAt":"2026-03-01T11:59:58.123Z"@@meta@@@@extra@@}}
        """).Replace("@@id@@", id).Replace("@@channel@@", BirdStub.ChannelId).Replace("@@contact@@", contact).Replace("@@business@@", business)
        .Replace("@@body@@", body).Replace("@@meta@@", extraInformation is null ? "" : ",\"meta\":{\"extraInformation\":{" + extraInformation + "}}")
        .Replace("@@extra@@", extra);

    /// <summary>A <c>whatsapp.outbound</c> status of a message sent to the given receiver contact.</summary>
    public static string ChannelsOutbound(string contact, string status = "delivered", string id = "7c1f2a3b-0000-4000-8000-000000000001", string extra = "") => ("""
        {"service":"channels","event":"whatsapp.outbound","payload":{
          "id":"@@id@@","channelId":"@@channel@@",
          "sender":{"connector":{"id":"k-1","identifierValue":"+31612345678"}},
          "receiver":{"contacts":[@@contact@@]},
          "body":{"type":"text","text":{"text":"hi"}},"status":"@@status@@","direction":"outgoing",
          "createdAt":"2026-03-01T11:58:00Z","updatedAt":"2026-03-01T11:59:00Z"@@extra@@}}
        """).Replace("@@id@@", id).Replace("@@channel@@", BirdStub.ChannelId).Replace("@@contact@@", contact).Replace("@@status@@", status).Replace("@@extra@@", extra);

    /// <summary>A legacy <c>message.created</c> of a received message.</summary>
    public static string LegacyReceived(string from = "\"+31687654321\"", string msisdn = "31687654321", string content = """{"text":"STOP"}""",
        string to = "+31612345678", string id = "6d4fd3fbd9164c2c8b8d1aa7a0e40f2b") => ("""
        {"type":"message.created",
         "contact":{"id":"9354647c5c144a2b4c99f2n4","msisdn":@@msisdn@@},
         "conversation":{"id":"2e15efafec384e1c82e9842075e87beb","status":"active"},
         "message":{"id":"@@id@@","conversationId":"2e15efafec384e1c82e9842075e87beb","channelId":"@@channel@@",
           "platform":"whatsapp","to":"@@to@@","from":@@from@@,"direction":"received","status":"received","type":"text",
           "content":@@content@@,"createdDatetime":"2026-03-01T11:59:57Z","updatedDatetime":"2026-03-01T11:59:57Z"}}
        """).Replace("@@msisdn@@", msisdn).Replace("@@id@@", id).Replace("@@channel@@", BirdStub.LegacyChannelId).Replace("@@to@@", to)
        .Replace("@@from@@", from).Replace("@@content@@", content);

    /// <summary>A legacy <c>message.updated</c> status of a sent message.</summary>
    public static string LegacySent(string to, string status = "delivered", string from = "+31612345678") => ("""
        {"type":"message.updated","contact":{"id":"c","msisdn":31687654321},
         "message":{"id":"0a1b2c3d4e5f60718293a4b5c6d7e8f9","conversationId":"2e15","channelId":"@@channel@@","platform":"whatsapp",
           "to":"@@to@@","from":"@@from@@","direction":"sent","status":"@@status@@","type":"text","content":{"text":"hi"},
           "createdDatetime":"2026-03-01T11:58:00Z","updatedDatetime":"2026-03-01T11:59:00Z"}}
        """).Replace("@@channel@@", BirdStub.LegacyChannelId).Replace("@@to@@", to).Replace("@@from@@", from).Replace("@@status@@", status);

    /// <summary>Posts a body with a Bird Channels signature made now (or at <paramref name="signedAt"/>).</summary>
    public static Task<(int Status, WebhookReadResult Result)> PostChannelsAsync(this WebhookHost host, TimeProvider time, string json,
        DateTimeOffset? signedAt = null) => host.PostChannelsAsync(time, Encoding.UTF8.GetBytes(json), signedAt);

    /// <summary>Posts raw bytes with a Bird Channels signature.</summary>
    public static Task<(int Status, WebhookReadResult Result)> PostChannelsAsync(this WebhookHost host, TimeProvider time, byte[] body,
        DateTimeOffset? signedAt = null)
    {
        var timestamp = (signedAt ?? time.GetUtcNow()).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = TestSigner.BirdSignature(TestRegistration.SigningKey, timestamp, host.Url.ToString(), body);
        return host.PostAsync(body, [("messagebird-signature", signature), ("messagebird-request-timestamp", timestamp)]);
    }

    /// <summary>Posts a body with a MessageBird-Signature-JWT made now.</summary>
    public static Task<(int Status, WebhookReadResult Result)> PostLegacyAsync(this WebhookHost host, TimeProvider time, string json) =>
        host.PostLegacyAsync(time, Encoding.UTF8.GetBytes(json));

    /// <summary>Posts raw bytes with a MessageBird-Signature-JWT made now.</summary>
    public static Task<(int Status, WebhookReadResult Result)> PostLegacyAsync(this WebhookHost host, TimeProvider time, byte[] body)
    {
        var token = TestSigner.MessageBirdJwt(TestRegistration.SigningKey, host.Url.ToString(), body, time.GetUtcNow());
        return host.PostAsync(body, [("MessageBird-Signature-JWT", token)]);
    }

    /// <summary>The single event of an accepted delivery with no malformed items.</summary>
    public static T Single<T>(WebhookReadResult result)
        where T : WhatsAppEvent
    {
        Assert.True(result.IsAccepted, result.Rejection?.Message);
        Assert.Empty(result.MalformedItems);
        return Assert.IsType<T>(Assert.Single(result.Events));
    }

    /// <summary>The single malformed item of an accepted delivery with no events.</summary>
    public static MalformedWebhookItem SingleMalformed((int Status, WebhookReadResult Result) response)
    {
        Assert.Equal(200, response.Status);
        Assert.True(response.Result.IsAccepted, response.Result.Rejection?.Message);
        Assert.Empty(response.Result.Events);
        var item = Assert.Single(response.Result.MalformedItems);
        Assert.Equal(TestRegistration.GatewayName, item.Source);
        return item;
    }
}
