using WaCompliance.Consent;
using WaCompliance.Gateways;
using WaCompliance.Numbers;
using WaCompliance.Storage.PostgreSql.Tests.Infrastructure;
using WaCompliance.Templates;
using WaCompliance.Webhooks;

namespace WaCompliance.Storage.PostgreSql.Tests;

/// <summary>
/// Issue 11 part 3 over PostgreSQL, whose text columns cannot hold a NUL: what a provider sent never reaches a store
/// in a form it refuses, so no event of a delivery fails for its text or the length of its ids.
/// </summary>
public sealed class WebhookProcessingTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private static readonly WhatsAppNumber s_business = WhatsAppNumber.Parse("+14155550100");
    private AppInstance _app = null!;

    public async Task InitializeAsync()
    {
        _app = AppInstance.Start(database.SeparateConnectionString(), PostgresDatabaseFixture.NewSchema());
        await _app.Get<PostgreSqlMigrator>().MigrateAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_delivery_with_NULs_and_over_long_ids_in_every_event_applies_every_STOP()
    {
        var now = TimeProvider.System.GetUtcNow();
        var people = new[] { "+64211234561", "+64211234562", "+64211234563", "+64211234564" }.Select(p => WhatsAppNumber.Parse(p)).ToArray();
        var longId = "wamid." + new string('L', 3_000);
        WhatsAppEvent[] events =
        [
            new InboundMessageEvent { EventId = "wamid.\0A", MessageId = "wamid.\0A", Source = "360dialog:main", OccurredAt = now, Business = s_business, From = people[0], Text = "STOP\0" },
            new InboundMessageEvent { EventId = longId, MessageId = longId, Source = "360dialog:main", OccurredAt = now.AddYears(50), Business = s_business, From = people[1], Text = "STOP" },
            new MessageStatusEvent
            {
                EventId = longId + "\0:failed", Source = "360dialog:main", OccurredAt = now, ProviderMessageId = longId + "\0", ClientReference = "ref\0",
                Status = MessageDeliveryStatus.Undelivered, Recipient = people[2],
                Error = new ProviderError(ProviderErrorKind.OptedOut, "131050\0", "User stopped\0 marketing"),
            },
            new MessageStatusEvent
            {
                EventId = "wamid.X:failed", Source = "360dialog:main", OccurredAt = now, ProviderMessageId = "wamid.X",
                Status = MessageDeliveryStatus.Undelivered, Recipient = people[3],
                Error = new ProviderError(ProviderErrorKind.RecipientInvalid, "131026\0", "Not on WhatsApp\0"),
            },
            new TemplateStatusEvent { EventId = "template:\0", Source = "360dialog:main", OccurredAt = now, TemplateName = "sale\0", Language = "en", Status = TemplateStatus.Paused, Reason = "r\0" },
            new MarketingPreferenceEvent { EventId = "preference:" + longId, Source = "360dialog:" + new string('s', 300), OccurredAt = DateTimeOffset.MaxValue, From = people[3], Preference = MarketingPreference.Stop },
        ];

        var delivery = await _app.Get<WebhookProcessor>().ProcessAsync(WebhookReadResult.Accepted(events));

        Assert.Empty(delivery.DeadLetters);
        Assert.DoesNotContain(delivery.Events, e => e.Actions.HasFlag(WebhookActions.DeadLettered));
        var ledger = _app.Get<IConsentLedger>();
        foreach (var person in people)
        {
            Assert.Equal(ConsentStatus.OptedOut, (await ledger.GetStateAsync(person, ConsentPurpose.Marketing)).Status);
        }

        var again = await _app.Get<WebhookProcessor>().ProcessAsync(WebhookReadResult.Accepted(events));
        Assert.All(again.Events, e => Assert.True(e.IsDuplicate));
        Assert.True((await ledger.VerifyAsync()).IsValid);
    }
}
