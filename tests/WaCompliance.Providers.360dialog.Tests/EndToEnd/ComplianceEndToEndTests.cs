using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WaCompliance.Consent;
using WaCompliance.Identities;
using WaCompliance.Messaging;
using WaCompliance.Numbers;
using WaCompliance.Policy;
using WaCompliance.Providers.Dialog360.Tests.Infrastructure;
using WaCompliance.Providers.Dialog360.Tests.Webhooks;
using WaCompliance.Templates;
using WaCompliance.Webhooks;
using static WaCompliance.Providers.Dialog360.Tests.Infrastructure.MetaWebhooks;

namespace WaCompliance.Providers.Dialog360.Tests.EndToEnd;

/// <summary>
/// The engine as an application builds it (<c>AddWhatsAppCompliance</c> + <c>Add360dialog</c>, in-memory stores): real
/// HTTP webhook deliveries are read by the 360dialog reader, applied by <see cref="WebhookProcessor"/> and
/// acknowledged; later sends are decided by the policy (and sent through the stub by the messenger).
/// </summary>
public sealed class ComplianceEndToEndTests : IAsyncLifetime
{
    private const string AppSecret = "test_app_secret";
    private static readonly BusinessScopedUserId s_userId = BusinessScopedUserId.Parse(UserId);
    private static readonly WhatsAppNumber s_phone = WhatsAppNumber.Parse("+5511987654321");

    private readonly FakeTimeProvider _clock = new(TestServices.Now);
    private readonly HttpClient _client = new();
    private CloudApiStub _stub = null!;
    private ServiceProvider _services = null!;
    private WebhookHost _host = null!;

    private ICompliancePolicy Policy => _services.GetRequiredService<ICompliancePolicy>();

    private IConsentLedger Ledger => _services.GetRequiredService<IConsentLedger>();

    public async Task InitializeAsync()
    {
        _stub = await CloudApiStub.StartAsync();
        _services = TestServices.Build(_stub.BaseUrl, o => o.Webhook = new Dialog360WebhookOptions { AppSecret = AppSecret }, _clock);
        _host = await WebhookHost.StartAsync(_services.Reader(), _services.GetRequiredService<WebhookProcessor>());
        await _services.GetRequiredService<ITemplateCatalog>().UpsertAsync(new MessageTemplate
        {
            Name = "spring_sale",
            Language = "en",
            Category = TemplateCategory.Marketing,
            Status = TemplateStatus.Approved,
            Body = "Hi {{1}}, 20% off this week. Reply STOP to opt out.",
            BodyExamples = new Dictionary<string, string> { ["1"] = "Ana" },
        });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
        await _stub.DisposeAsync();
        await _services.DisposeAsync();
    }

    private static OutboundMessage Marketing(MessageRecipient to) =>
        OutboundMessage.Template(to, "spring_sale", "en", MessagePurpose.Marketing, ["Ana"]);

    private async Task<WebhookDeliveryResult> DeliverAsync(string body, string? signature = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _host.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", signature ?? Sign(AppSecret, body));
        using var response = await _client.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        return _host.Deliveries[^1];
    }

    private static string UserIdOnlyStop(string id = "wamid.STOP1") => Change("messages", $$$"""
        "contacts":[{"profile":{"name":"Ana R.","username":"ana.r"},"user_id":"{{{UserId}}}"}],
        "messages":[{"from_user_id":"{{{UserId}}}","id":"{{{id}}}","timestamp":"1772366400","type":"text","text":{"body":"STOP"}}]
        """);

    [Fact]
    public async Task A_utility_template_to_a_consenting_user_id_goes_to_360dialog_in_recipient_and_its_delivered_status_is_applied()
    {
        await _services.GetRequiredService<ITemplateCatalog>().UpsertAsync(new MessageTemplate
        {
            Name = "order_update",
            Language = "en",
            Category = TemplateCategory.Utility,
            Status = TemplateStatus.Approved,
            Body = "Hi {{1}}, your order has shipped.",
            BodyExamples = new Dictionary<string, string> { ["1"] = "Ana" },
        });
        await Ledger.RecordAsync(ConsentEvent.OptIn(s_userId, ConsentPurpose.Utility, ConsentMethod.WebForm,
            new ConsentEvidence("Yes, send me order updates on WhatsApp. Reply STOP to opt out.", "form-v1"), _clock.GetUtcNow().AddDays(-1)));

        var sent = await _services.GetRequiredService<IWhatsAppMessenger>().SendAsync(
            OutboundMessage.Template(s_userId, "order_update", "en", MessagePurpose.Utility, ["Ana"]));

        Assert.True(sent.Status == SendResultStatus.Sent, string.Join(", ", sent.Decision?.Codes() ?? []) + sent.FailureReason);
        _stub.AssertNoViolations();
        Assert.Contains("\"recipient\":\"BR.7712093455123009\"", Assert.Single(_stub.Requests).Body, StringComparison.Ordinal);
        var delivered = Change("messages", $$$"""
            "contacts":[{"profile":{"name":"Ana R.","username":"ana.r"},"user_id":"{{{UserId}}}"}],
            "statuses":[{"id":"{{{sent.ProviderMessageId}}}","status":"delivered","timestamp":"1772366500","recipient_user_id":"{{{UserId}}}"}]
            """);
        var first = Assert.Single((await DeliverAsync(delivered)).Events);
        var again = Assert.Single((await DeliverAsync(delivered)).Events);
        Assert.Equal(sent.ProviderMessageId + ":delivered", first.Event.EventId);
        Assert.False(first.IsDuplicate);
        Assert.True(again.IsDuplicate);
    }

    [Fact]
    public async Task A_STOP_from_a_user_id_only_makes_a_later_marketing_send_to_that_user_id_refused_as_OPTED_OUT()
    {
        Assert.False((await Policy.EvaluateAsync(Marketing(s_userId))).Has(ViolationCodes.OptedOut));

        var delivery = await DeliverAsync(UserIdOnlyStop());

        Assert.True(Assert.Single(delivery.Events).Actions.HasFlag(WebhookActions.OptedOut));
        var decision = await Policy.EvaluateAsync(Marketing(s_userId));
        Assert.False(decision.IsAllowed);
        Assert.True(decision.Has(ViolationCodes.OptedOut));
    }

    [Fact]
    public async Task After_the_STOP_the_messenger_blocks_the_marketing_send_and_nothing_reaches_360dialog()
    {
        await DeliverAsync(UserIdOnlyStop());

        var result = await _services.GetRequiredService<IWhatsAppMessenger>().SendAsync(Marketing(s_userId));

        Assert.Equal(SendResultStatus.Blocked, result.Status);
        Assert.True(result.Decision!.Has(ViolationCodes.OptedOut));
        Assert.Empty(_stub.Requests);
    }

    public static TheoryData<string, string> LinkingDeliveries => new()
    {
        {
            "an inbound message",
            Change("messages", $$$"""
                "contacts":[{"profile":{"name":"Ana R."},"wa_id":"5511987654321","user_id":"{{{UserId}}}"}],
                "messages":[{"from":"5511987654321","from_user_id":"{{{UserId}}}","id":"wamid.HELLO","timestamp":"1772366500","type":"text","text":{"body":"hello again"}}]
                """)
        },
        {
            "a delivered status",
            Change("messages", $$$"""
                "contacts":[{"profile":{"name":"Ana R."},"wa_id":"5511987654321","user_id":"{{{UserId}}}"}],
                "statuses":[{"id":"wamid.OUT9","status":"delivered","timestamp":"1772366500","recipient_id":"5511987654321","recipient_user_id":"{{{UserId}}}"}]
                """)
        },
    };

    [Theory]
    [MemberData(nameof(LinkingDeliveries))]
    public async Task After_a_webhook_naming_both_the_number_and_the_user_id_a_send_to_the_number_is_refused_too(string what, string linking)
    {
        await DeliverAsync(UserIdOnlyStop());
        Assert.False((await Policy.EvaluateAsync(Marketing(s_phone))).Has(ViolationCodes.OptedOut));

        var delivery = await DeliverAsync(linking);

        Assert.True(Assert.Single(delivery.Events).Actions.HasFlag(WebhookActions.IdentitiesLinked), what);
        Assert.True((await Policy.EvaluateAsync(Marketing(s_phone))).Has(ViolationCodes.OptedOut), what);
    }

    [Fact]
    public async Task After_user_changed_number_the_new_number_and_its_new_user_id_inherit_the_opt_out()
    {
        var newPhone = WhatsAppNumber.Parse("+5511912345678");
        var newUserId = BusinessScopedUserId.Parse("BR.9034511782230012");
        await DeliverAsync(Change("messages", """
            "contacts":[{"profile":{"name":"Ana R."},"wa_id":"5511987654321"}],
            "messages":[{"from":"5511987654321","id":"wamid.STOP2","timestamp":"1772366400","type":"text","text":{"body":"STOP"}}]
            """));
        Assert.False((await Policy.EvaluateAsync(Marketing(newPhone))).Has(ViolationCodes.OptedOut));

        var delivery = await DeliverAsync(Change("messages", """
            "messages":[{"from":"5511987654321","id":"wamid.SYS1","timestamp":"1772366600","type":"system",
              "system":{"body":"User Ana R. changed from 5511987654321 to 5511912345678","wa_id":"5511912345678","user_id":"BR.9034511782230012","type":"user_changed_number"}}]
            """));

        Assert.True(Assert.Single(delivery.Events).Actions.HasFlag(WebhookActions.IdentitiesLinked));
        Assert.True((await Policy.EvaluateAsync(Marketing(newPhone))).Has(ViolationCodes.OptedOut));
        Assert.True((await Policy.EvaluateAsync(Marketing(newUserId))).Has(ViolationCodes.OptedOut));
    }

    [Fact]
    public async Task After_a_user_id_update_the_new_user_id_inherits_the_opt_out()
    {
        var newUserId = BusinessScopedUserId.Parse("BR.9034511782230012");
        await DeliverAsync(UserIdOnlyStop());

        await DeliverAsync(Change("user_id_update", $$$"""
            "user_id_update":[{"user_id":{"previous":"{{{UserId}}}","current":"BR.9034511782230012"},"timestamp":"1772366500"}]
            """));

        Assert.True((await Policy.EvaluateAsync(Marketing(newUserId))).Has(ViolationCodes.OptedOut));
    }

    [Fact]
    public async Task A_stop_promotions_preference_of_a_user_id_makes_marketing_to_it_refused()
    {
        var delivery = await DeliverAsync(Change("user_preferences", $$$"""
            "contacts":[{"profile":{"name":"Ana R."},"user_id":"{{{UserId}}}"}],
            "user_preferences":[{"user_id":"{{{UserId}}}","detail":"User requested to stop marketing messages","category":"marketing_messages","value":"stop","timestamp":1772366400}]
            """));

        Assert.True(Assert.Single(delivery.Events).Actions.HasFlag(WebhookActions.OptedOut));
        Assert.True((await Policy.EvaluateAsync(Marketing(s_userId))).Has(ViolationCodes.OptedOut));
    }

    [Fact]
    public async Task A_stop_button_tap_from_a_user_id_makes_marketing_to_it_refused()
    {
        await DeliverAsync(Change("messages", $$$"""
            "messages":[{"context":{"id":"wamid.TPL1"},"from_user_id":"{{{UserId}}}","id":"wamid.TAP1","timestamp":"1772366400","type":"button","button":{"payload":"STOP_PROMOS","text":"Stop"}}]
            """));

        Assert.True((await Policy.EvaluateAsync(Marketing(s_userId))).Has(ViolationCodes.OptedOut));
    }

    [Fact]
    public async Task A_failed_status_of_a_user_id_saying_it_stopped_marketing_makes_marketing_to_it_refused()
    {
        var delivery = await DeliverAsync(Change("messages", $$$"""
            "statuses":[{"id":"wamid.OUT2","status":"failed","timestamp":"1772366401","recipient_user_id":"{{{UserId}}}",
              "errors":[{"code":131050,"title":"Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business."}]}]
            """));

        Assert.True(Assert.Single(delivery.Events).Actions.HasFlag(WebhookActions.OptedOut));
        Assert.True((await Policy.EvaluateAsync(Marketing(s_userId))).Has(ViolationCodes.OptedOut));
    }

    [Fact]
    public async Task The_batch_of_three_good_STOPs_and_one_malformed_item_records_three_opt_outs_and_one_dead_letter()
    {
        var delivery = await DeliverAsync(MalformedItemTests.ThreeStopsAndOneBadItem);

        Assert.Equal(3, delivery.Events.Count(e => e.Actions.HasFlag(WebhookActions.OptedOut)));
        var letter = Assert.Single(delivery.DeadLetters);
        Assert.Equal((MalformedItemCodes.ItemMalformed, "wamid.BAD1", "360dialog:test"), (letter.Code, letter.EventId, letter.Source));
        Assert.Equal("+61412345678", letter.Subject?.Value);
        var stored = new List<WebhookDeadLetter>();
        await foreach (var kept in _services.GetRequiredService<WebhookDeadLetters>().ListAsync())
        {
            stored.Add(kept);
        }

        Assert.Equal(letter.Id, Assert.Single(stored).Id);
        foreach (var person in new WhatsAppIdentity[] { s_userId, WhatsAppNumber.Parse("+64211234567"), WhatsAppNumberParser.Default.ParseReported("442079460000").Number })
        {
            Assert.Equal(ConsentStatus.OptedOut, (await Ledger.GetStateAsync(person, ConsentPurpose.Marketing)).Status);
        }

        Assert.NotEqual(ConsentStatus.OptedOut, (await Ledger.GetStateAsync(WhatsAppNumber.Parse("+61412345678"), ConsentPurpose.Marketing)).Status);
    }

    [Fact]
    public async Task A_dead_letter_repaired_and_reprocessed_applies_the_STOP_it_carried()
    {
        var letter = Assert.Single((await DeliverAsync(MalformedItemTests.ThreeStopsAndOneBadItem)).DeadLetters);
        var store = _services.GetRequiredService<IWebhookDeadLetterStore>();
        var reader = _services.Reader();

        // Re-processing as it is fails again and keeps the letter; once the item is repaired it is applied.
        var again = new List<DeadLetterOutcome>();
        await foreach (var outcome in _services.GetRequiredService<WebhookDeadLetters>().ReprocessAsync(reader))
        {
            again.Add(outcome);
        }

        var repaired = await reader.ReadItemAsync(letter.RawItem.Replace("""{"nested":"not text"}""", "\"STOP\"", StringComparison.Ordinal));
        await _services.GetRequiredService<WebhookProcessor>().ProcessAsync(repaired);

        Assert.False(Assert.Single(again).IsResolved);
        Assert.True(await store.RecordAttemptAsync(letter.Id, _clock.GetUtcNow()));
        Assert.Equal(ConsentStatus.OptedOut, (await Ledger.GetStateAsync(WhatsAppNumber.Parse("+61412345678"), ConsentPurpose.Marketing)).Status);
    }

    [Fact]
    public async Task A_replay_with_the_signature_re_encoded_is_still_a_replay_and_changes_nothing()
    {
        // The signature is compared as bytes: "SHA256=" and upper-case hex are the same signature, and the event ids
        // come from the body alone, so the processor absorbs the replay as a duplicate.
        var body = UserIdOnlyStop("wamid.REPLAY");
        var signature = Sign(AppSecret, body);
        var reEncoded = "SHA256=" + signature["sha256=".Length..].ToUpperInvariant();

        var first = await DeliverAsync(body, signature);
        var replay = await DeliverAsync(body, reEncoded);

        Assert.False(Assert.Single(first.Events).IsDuplicate);
        var again = Assert.Single(replay.Events);
        Assert.True(again.IsDuplicate);
        Assert.Equal(first.Events[0].Event.EventId, again.Event.EventId);
        Assert.Equal(first.Events[0].ConsentRecord?.RecordId, again.ConsentRecord?.RecordId);
        var export = await Ledger.ExportAsync(s_userId);
        Assert.Single(export.Records);
    }

    [Fact]
    public async Task An_unreadable_signed_body_is_acknowledged_and_kept_as_one_dead_letter_while_a_bad_signature_is_refused()
    {
        const string body = """{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[""";

        var kept = await DeliverAsync(body);
        using var forged = new HttpRequestMessage(HttpMethod.Post, _host.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        forged.Headers.TryAddWithoutValidation("X-Hub-Signature-256", Sign("another_secret", body));
        using var refused = await _client.SendAsync(forged);

        Assert.Equal(MalformedItemCodes.BodyUnreadable, Assert.Single(kept.DeadLetters).Code);
        Assert.Equal(body, kept.DeadLetters[0].RawItem);
        Assert.Equal(401, (int)refused.StatusCode);
        Assert.Single(_host.Deliveries);
    }
}
