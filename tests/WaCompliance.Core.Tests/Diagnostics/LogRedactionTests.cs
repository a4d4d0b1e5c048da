using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WaCompliance.Consent;
using WaCompliance.Numbers;
using WaCompliance.Privacy;
using WaCompliance.Suppression;

namespace WaCompliance.Tests.Diagnostics;

public sealed class LogRedactionTests
{
    [Fact]
    public async Task EveryLogLineOfAConsentScenario_HoldsNoRawNumber()
    {
        var capture = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(capture));
        services.AddWhatsAppCompliance(o =>
        {
            o.BusinessName = "Acme Ltd";
            o.DefaultRegion = "NZ";
            o.Pepper = "log-redaction-pepper-0123456789abcdef";
        }).UseInMemoryStores();
        await using var provider = services.BuildServiceProvider();
        var parser = provider.GetRequiredService<IWhatsAppNumberParser>();
        var ledger = provider.GetRequiredService<IConsentLedger>();
        var person = parser.Parse("021 123 4567").Number;
        var other = parser.Parse("+64 22 987 6543").Number;

        await ledger.RecordAsync(ConsentEvent.OptIn(person, ConsentPurpose.Marketing, ConsentMethod.WebForm,
            new ConsentEvidence("I agree", "v1") { IpAddress = "203.0.113.7", MessageId = "wamid.SECRET" }));
        await ledger.RecordAsync(ConsentEvent.OptOut(person, ConsentPurpose.All, ConsentMethod.Keyword,
            new ConsentEvidence { RawInput = "STOP 021 123 4567" }) with { EventId = "evt-1" });
        await ledger.RecordAsync(ConsentEvent.OptOut(person, ConsentPurpose.All, ConsentMethod.Keyword) with { EventId = "evt-1" });
        await ledger.RecordManyAsync([
            ConsentEvent.OptIn(other, ConsentPurpose.Utility, ConsentMethod.Api),
            ConsentEvent.OptIn(other, ConsentPurpose.Utility, ConsentMethod.Api) with { Source = new string('x', 300) },
        ]);
        await provider.GetRequiredService<ISuppressionList>().AddAsync(other, ConsentPurpose.Marketing, SuppressionReason.Manual);
        await provider.GetRequiredService<IDataSubjectService>().ExportAsync(person);
        await provider.GetRequiredService<IDataSubjectService>().EraseAsync(person);
        await ledger.VerifyAsync();

        var lines = capture.Lines.ToArray();
        Assert.True(lines.Length >= 6, $"the scenario should log, got {lines.Length} lines");
        foreach (var forbidden in new[] { "+64211234567", "64211234567", "211234567", "1234567", "+64229876543", "229876543", "9876543", "203.0.113.7", "wamid.SECRET" })
        {
            Assert.DoesNotContain(lines, line => line.Contains(forbidden, StringComparison.Ordinal));
        }

        var key = provider.GetRequiredService<ISubjectKeyProvider>().GetKey(person).ToShortString();
        Assert.Contains(lines, line => line.Contains(key, StringComparison.Ordinal));
    }
}
