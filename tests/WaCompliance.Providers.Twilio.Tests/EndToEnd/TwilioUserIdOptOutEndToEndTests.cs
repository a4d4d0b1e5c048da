using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WaCompliance.Consent;
using WaCompliance.Identities;
using WaCompliance.Jurisdictions;
using WaCompliance.Messaging;
using WaCompliance.Numbers;
using WaCompliance.Policy;
using WaCompliance.Providers.Twilio.Tests.Infrastructure;
using WaCompliance.Templates;
using WaCompliance.Webhooks;

namespace WaCompliance.Providers.Twilio.Tests.EndToEnd;

/// <summary>
/// The engine as an application builds it (<c>AddWhatsAppCompliance</c> + <c>AddTwilio</c>, in-memory stores), a
/// Kestrel endpoint that reads signed Twilio webhooks and processes them before acknowledging, and sends through the
/// Twilio stub checked by Prism: an opt-out Twilio reports under a business-scoped user ID stops marketing to that
/// user ID, and, once a webhook names the phone beside it, to the phone too.
/// </summary>
[Collection(TwilioHttpCollection.Name)]
public sealed class TwilioUserIdOptOutEndToEndTests : IAsyncLifetime
{
    private const string ContentSid = "HXabcdefabcdefabcdefabcdefabcdef12";
    private const string StopSid = "SM00000000000000000000000000000001";
    private static readonly BusinessScopedUserId s_userId = BusinessScopedUserId.Parse(TestHost.RecipientUserId);
    private static readonly WhatsAppNumber s_phone = WhatsAppNumber.Parse(TestHost.Recipient);

    private readonly PrismFixture _prism;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 7, 1, 0, 30, 0, TimeSpan.Zero));
    private TwilioStub _stub = null!;
    private ServiceProvider _services = null!;
    private WebhookHost _host = null!;

    public TwilioUserIdOptOutEndToEndTests(PrismFixture prism)
    {
        _prism = prism;
    }

    private ICompliancePolicy Policy => _services.GetRequiredService<ICompliancePolicy>();

    public async Task InitializeAsync()
    {
        _stub = await TwilioStub.StartAsync(_prism);
        _services = TestHost.Build(_stub, time: _time);
        _host = await WebhookHost.StartAsync(_services.Reader(), _services.GetRequiredService<WebhookProcessor>());
        await _services.GetRequiredService<ITemplateCatalog>().UpsertAsync(new MessageTemplate
        {
            Name = "spring_sale",
            Language = "en",
            Category = TemplateCategory.Marketing,
            Status = TemplateStatus.Approved,
            Body = "Hi {{1}}, the spring sale at Acme Ltd starts today. Reply STOP to opt out.",
            ProviderTemplateId = ContentSid,
        });
        // A user ID says nothing about where the person is: the application tells the engine.
        await _services.GetRequiredService<IJurisdictionOverrideStore>().SetAsync(s_userId,
            new JurisdictionOverride { RegionCode = "NZ", TimeZoneIds = ["Pacific/Auckland"] });
        var ledger = _services.GetRequiredService<IConsentLedger>();
        foreach (WhatsAppIdentifier person in (WhatsAppIdentifier[])[s_userId, s_phone])
        {
            await ledger.RecordAsync(ConsentEvent.OptIn(person, ConsentPurpose.Marketing, ConsentMethod.WebForm,
                new ConsentEvidence("Send me offers from Acme Ltd on WhatsApp. Reply STOP to opt out.", "v1") { CollectionPoint = "checkout" }, _time.GetUtcNow().AddDays(-10)));
        }
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _services.DisposeAsync();
        await _stub.DisposeAsync();
    }

    [Fact]
    public async Task Stop_from_a_user_id_only_person_refuses_a_later_marketing_template_to_that_user_id()
    {
        var before = await Policy.EvaluateAsync(SpringSale(s_userId));
        Assert.True(before.IsAllowed, before.ToString());

        var delivery = await PostAsync(
            ("MessageSid", StopSid), ("AccountSid", TwilioStub.AccountSid), ("From", "whatsapp:" + TestHost.RecipientUserId),
            ("To", "whatsapp:" + TestHost.Sender), ("ExternalUserId", TestHost.RecipientUserId), ("Body", "STOP"), ("NumMedia", "0"));
        Assert.True(Assert.Single(delivery.Events).Actions.HasFlag(WebhookActions.OptedOut));

        _time.Advance(TimeSpan.FromHours(1));
        var after = await Policy.EvaluateAsync(SpringSale(s_userId));
        var sent = await _services.GetRequiredService<IWhatsAppMessenger>().SendAsync(SpringSale(s_userId));

        Assert.False(after.IsAllowed);
        Assert.True(after.Has(ViolationCodes.OptedOut), after.ToString());
        Assert.Equal(SendResultStatus.Blocked, sent.Status);
        Assert.True(sent.Decision!.Has(ViolationCodes.OptedOut));
        Assert.Empty(_stub.MessageRequests);
        _stub.AssertNoViolations();
    }

    [Fact]
    public async Task After_a_webhook_naming_phone_and_user_id_a_marketing_send_to_the_phone_is_refused_too()
    {
        await PostAsync(("MessageSid", StopSid), ("From", "whatsapp:" + TestHost.RecipientUserId), ("To", "whatsapp:" + TestHost.Sender), ("Body", "STOP"));
        var phoneBeforeLink = await Policy.EvaluateAsync(SpringSale(s_phone));
        Assert.True(phoneBeforeLink.IsAllowed, "nothing ties the phone to the user ID yet: " + phoneBeforeLink);

        // Later Twilio reports the phone beside the user ID (a status callback of another message to the phone).
        var delivery = await PostAsync(("MessageSid", "SM00000000000000000000000000000002"), ("MessageStatus", "delivered"),
            ("From", "whatsapp:" + TestHost.Sender), ("To", "whatsapp:" + TestHost.Recipient), ("ExternalUserId", TestHost.RecipientUserId));
        Assert.True(Assert.Single(delivery.Events).Actions.HasFlag(WebhookActions.IdentitiesLinked));

        var toPhone = await Policy.EvaluateAsync(SpringSale(s_phone));
        var sent = await _services.GetRequiredService<IWhatsAppMessenger>().SendAsync(SpringSale(s_phone));

        Assert.True(toPhone.Has(ViolationCodes.OptedOut), toPhone.ToString());
        Assert.Equal(SendResultStatus.Blocked, sent.Status);
        Assert.Empty(_stub.MessageRequests);
    }

    [Fact]
    public async Task Marketing_to_an_opted_in_user_id_goes_out_to_whatsapp_and_the_user_id()
    {
        var sent = await _services.GetRequiredService<IWhatsAppMessenger>().SendAsync(SpringSale(s_userId));

        Assert.True(sent.IsSent, sent.Decision?.ToString() ?? sent.Error?.Message);
        Assert.Equal("whatsapp:" + TestHost.RecipientUserId, Assert.Single(_stub.MessageRequests).Field("To"));
        _stub.AssertNoViolations();
    }

    [Fact]
    public async Task Stop_whose_person_cannot_be_read_is_acknowledged_and_kept_as_a_dead_letter_that_reprocessing_reads_again()
    {
        var delivery = await PostAsync(("MessageSid", StopSid), ("From", "whatsapp:" + TestHost.RecipientUserId),
            ("ExternalUserId", "US.99999999999999999999"), ("To", "whatsapp:" + TestHost.Sender), ("Body", "STOP"));

        Assert.Empty(delivery.Events);
        var letter = Assert.Single(delivery.DeadLetters);
        Assert.Equal(MalformedItemCodes.IdentityInvalid, letter.Code);
        Assert.Equal(StopSid, letter.EventId);
        Assert.Equal("twilio:main", letter.Source);

        var outcomes = new List<DeadLetterOutcome>();
        await foreach (var outcome in _services.GetRequiredService<WebhookDeadLetters>().ReprocessAsync(_services.Reader()))
        {
            outcomes.Add(outcome);
        }

        var again = Assert.Single(outcomes);
        Assert.False(again.IsResolved);
        Assert.Equal(MalformedItemCodes.IdentityInvalid, again.Code);
    }

    private static OutboundMessage SpringSale(MessageRecipient to) =>
        OutboundMessage.Template(to, "spring_sale", "en", MessagePurpose.Marketing, ["Sam"]);

    private async Task<WebhookDeliveryResult> PostAsync(params (string Name, string Value)[] fields)
    {
        _host.Deliveries.Clear();
        var url = new Uri(_host.BaseUrl, "/twilio/whatsapp").ToString();
        using var response = await _host.Client.SendAsync(Signer.SignedPost(url, fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single(_host.Deliveries);
    }
}
