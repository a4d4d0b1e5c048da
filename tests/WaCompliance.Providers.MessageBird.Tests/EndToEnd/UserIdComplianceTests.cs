using Microsoft.Extensions.DependencyInjection;
using WaCompliance.Consent;
using WaCompliance.Identities;
using WaCompliance.Messaging;
using WaCompliance.Numbers;
using WaCompliance.Policy;
using WaCompliance.Providers.MessageBird.Tests.Infrastructure;
using WaCompliance.Templates;
using WaCompliance.Webhooks;
using static WaCompliance.Providers.MessageBird.Tests.Infrastructure.Deliveries;

namespace WaCompliance.Providers.MessageBird.Tests.EndToEnd;

/// <summary>
/// The reader and Core together, as an application wires them (<c>AddWhatsAppCompliance().AddMessageBird()</c>, in-memory
/// stores): Bird posts a signed webhook over real HTTP, the endpoint reads it and processes it with
/// <see cref="WebhookProcessor.ProcessAsync(WebhookReadResult, CancellationToken)"/> before acknowledging it, and the
/// policy then decides later sends.
/// </summary>
public sealed class UserIdComplianceTests : IAsyncLifetime
{
    private const string Template = "spring_sale";
    private static readonly BusinessScopedUserId s_userId = BusinessScopedUserId.Parse(UserId);
    private static readonly WhatsAppNumber s_phone = WhatsAppNumber.Parse(TestRegistration.Recipient);

    private TestRegistration _registration = null!;
    private WebhookHost _host = null!;

    private ICompliancePolicy Policy => _registration.Services.GetRequiredService<ICompliancePolicy>();

    public async Task InitializeAsync()
    {
        _registration = TestRegistration.Channels(null);
        _host = await WebhookHost.StartAsync(_registration.Reader, _registration.Services.GetRequiredService<WebhookProcessor>());
        await _registration.Services.GetRequiredService<ITemplateCatalog>().UpsertAsync(new MessageTemplate
        {
            Name = Template,
            Language = "en",
            Category = TemplateCategory.Marketing,
            Status = TemplateStatus.Approved,
            Body = "Hi {{1}}, our spring sale starts today. Reply STOP to opt out.",
        });

        // Both identifiers opted in to marketing yesterday: only the STOP can make a marketing send OPTED_OUT.
        var ledger = _registration.Services.GetRequiredService<IConsentLedger>();
        foreach (WhatsAppIdentifier identifier in new WhatsAppIdentifier[] { s_userId, s_phone })
        {
            await ledger.RecordAsync(ConsentEvent.OptIn(identifier, ConsentPurpose.Marketing, ConsentMethod.WebForm,
                new ConsentEvidence("Yes, send me offers from Acme on WhatsApp. Reply STOP to opt out.", "form-v3"), _registration.Time.GetUtcNow().AddDays(-1)));
        }
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _registration.Dispose();
    }

    private Task<ComplianceDecision> MarketingTo(MessageRecipient to) =>
        Policy.EvaluateAsync(OutboundMessage.Template(to, Template, "en", MessagePurpose.Marketing, ["Ana"])).AsTask();

    [Fact]
    public async Task A_STOP_from_a_user_id_read_and_processed_makes_a_later_marketing_template_to_that_user_id_opted_out()
    {
        Assert.False((await MarketingTo(s_userId)).Has(ViolationCodes.OptedOut));

        var (status, _) = await _host.PostChannelsAsync(_registration.Time, ChannelsInbound(UserIdContact, extraInformation: $"\"whatsappusername\":\"{Username}\""));

        Assert.Equal(200, status);
        Assert.True(_host.LastDelivery!.Events.Single().Actions.HasFlag(WebhookActions.OptedOut));
        var decision = await MarketingTo(s_userId);
        Assert.False(decision.IsAllowed);
        Assert.True(decision.Has(ViolationCodes.OptedOut), decision.ToString());
    }

    [Fact]
    public async Task After_a_webhook_naming_both_the_phone_and_the_opted_out_user_id_a_marketing_send_to_the_phone_is_opted_out_too()
    {
        await _host.PostChannelsAsync(_registration.Time, ChannelsInbound(UserIdContact, id: "11111111-0000-4000-8000-000000000001"));
        Assert.False((await MarketingTo(s_phone)).Has(ViolationCodes.OptedOut));

        var (status, _) = await _host.PostChannelsAsync(_registration.Time, ChannelsInbound(PhoneContact, """{"type":"text","text":{"text":"When does the sale end?"}}""",
            extraInformation: $"\"whatsappbsuid\":\"{UserId}\"", id: "22222222-0000-4000-8000-000000000002"));

        Assert.Equal(200, status);
        Assert.True(_host.LastDelivery!.Events.Single().Actions.HasFlag(WebhookActions.IdentitiesLinked));
        var decision = await MarketingTo(s_phone);
        Assert.True(decision.Has(ViolationCodes.OptedOut), decision.ToString());
    }

    [Fact]
    public async Task A_STOP_with_both_phone_and_user_id_opts_out_a_later_send_to_either()
    {
        await _host.PostChannelsAsync(_registration.Time, ChannelsInbound(PhoneContact, extraInformation: $"\"whatsappbsuid\":\"{UserId}\""));

        Assert.True((await MarketingTo(s_phone)).Has(ViolationCodes.OptedOut));
        Assert.True((await MarketingTo(s_userId)).Has(ViolationCodes.OptedOut));
    }

    [Fact]
    public async Task A_STOP_written_with_a_NUL_character_is_still_processed_and_applied_rather_than_failing_the_delivery()
    {
        var (status, _) = await _host.PostChannelsAsync(_registration.Time, ChannelsInbound(UserIdContact, """{"type":"text","text":{"text":"STOP\u0000"}}"""));

        Assert.Equal(200, status);
        var processed = _host.LastDelivery!.Events.Single();
        Assert.Equal("STOP", ((InboundMessageEvent)processed.Event).Text);
        Assert.True((await MarketingTo(s_userId)).Has(ViolationCodes.OptedOut));
    }

    [Fact]
    public async Task A_delivery_with_a_malformed_item_is_acknowledged_after_its_good_STOP_is_applied_and_the_bad_item_is_kept_as_a_dead_letter()
    {
        var batch = "[" + ChannelsInbound(UsernameContact, id: "33333333-0000-4000-8000-000000000003") + "," + ChannelsInbound(UserIdContact) + "]";

        var (status, _) = await _host.PostChannelsAsync(_registration.Time, batch);

        Assert.Equal(200, status);
        var letter = Assert.Single(_host.LastDelivery!.DeadLetters);
        Assert.Equal((MalformedItemCodes.IdentityMissing, "33333333-0000-4000-8000-000000000003"), (letter.Code, letter.EventId));
        var stored = new List<WebhookDeadLetter>();
        await foreach (var kept in _registration.Services.GetRequiredService<WebhookDeadLetters>().ListAsync(TestRegistration.GatewayName))
        {
            stored.Add(kept);
        }

        Assert.Equal(letter.Id, Assert.Single(stored).Id);
        Assert.True((await MarketingTo(s_userId)).Has(ViolationCodes.OptedOut));
    }
}
