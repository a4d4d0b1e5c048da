using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WaCompliance.Consent;
using WaCompliance.Conversations;
using WaCompliance.Counters;
using WaCompliance.Jurisdictions;
using WaCompliance.Numbers;
using WaCompliance.Privacy;
using WaCompliance.Suppression;

namespace WaCompliance.Tests.Privacy;

public sealed class DataSubjectServiceTests : IDisposable
{
    private static readonly WhatsAppNumber s_person = WhatsAppNumber.Parse("+64 21 123 4567");
    private static readonly WhatsAppNumber s_business = WhatsAppNumber.Parse("+1 415 555 0100");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _services;

    public DataSubjectServiceTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddWhatsAppCompliance(o => { o.BusinessName = "Acme Ltd"; o.Pepper = "dsar-test-pepper-0123456789abcdef0123"; }).UseInMemoryStores();
        _services = services.BuildServiceProvider();
    }

    public void Dispose() => _services.Dispose();

    private T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    [Fact]
    public async Task Export_CollectsEveryStore()
    {
        await SeedAsync();

        var export = await Get<IDataSubjectService>().ExportAsync(s_person);
        using var json = JsonDocument.Parse(export.ToJson());
        var root = json.RootElement;

        Assert.Single(export.Consent.Records);
        Assert.Single(export.Suppressions);
        Assert.Single(export.Windows);
        Assert.Single(export.Messages);
        Assert.Equal("US-TX", export.JurisdictionOverride!.Subdivision);
        Assert.Equal("do_not_contact_list", root.GetProperty("suppressions")[0].GetProperty("reason").GetString());
        Assert.Equal(s_business.E164, root.GetProperty("conversationWindows")[0].GetProperty("business").GetString());
        Assert.Equal("US-TX", root.GetProperty("jurisdictionOverride").GetProperty("subdivision").GetString());
        Assert.Equal(1, root.GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public async Task Erase_RemovesPersonalDataEverywhereAndKeepsThePersonSuppressed()
    {
        await SeedAsync();

        var erasure = await Get<IDataSubjectService>().EraseAsync(s_person, "ticket-9");

        Assert.Equal(1, erasure.ConsentRecordsScrubbed);
        Assert.Equal(1, erasure.WindowsRemoved);
        Assert.Equal(1, erasure.CounterEntriesRemoved);
        Assert.True(erasure.OverrideRemoved);
        var blocking = await Get<ISuppressionList>().FindAsync(s_person, ConsentPurpose.Utility, _time.GetUtcNow());
        Assert.Equal(SuppressionReason.Erased, blocking!.Reason);
        Assert.Null(await Get<IConversationWindowStore>().GetAsync(s_business, s_person));
        Assert.Null(await Get<IJurisdictionOverrideStore>().GetAsync(s_person));
        Assert.Equal(ConsentStatus.OptedOut, (await Get<IConsentLedger>().GetStateAsync(s_person, ConsentPurpose.Marketing)).Status);
        Assert.True((await Get<IConsentLedger>().VerifyAsync()).IsValid);

        var after = (await Get<IDataSubjectService>().ExportAsync(s_person)).ToJson();
        Assert.DoesNotContain("203.0.113.7", after, StringComparison.Ordinal);
    }

    private async Task SeedAsync()
    {
        await Get<IConsentLedger>().RecordAsync(ConsentEvent.OptIn(s_person, ConsentPurpose.Marketing, ConsentMethod.WebForm,
            new ConsentEvidence("Yes, WhatsApp offers from Acme Ltd", "v1") { IpAddress = "203.0.113.7" }));
        await Get<ISuppressionList>().AddAsync(s_person, ConsentPurpose.Marketing, SuppressionReason.DoNotContactList, "dnc-2026-11");
        await Get<IConversationWindowStore>().RecordInboundAsync(s_business, s_person, _time.GetUtcNow());
        await Get<IMessageCounterStore>().RecordAsync(new MessageCountEntry
        {
            Sender = s_business,
            Recipient = s_person,
            Purpose = ConsentPurpose.Utility,
            SentAt = _time.GetUtcNow(),
        });
        await Get<IJurisdictionOverrideStore>().SetAsync(s_person, new JurisdictionOverride { Subdivision = "US-TX" });
    }
}
