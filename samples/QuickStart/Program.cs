// QuickStart: parse what people type into WhatsApp numbers, record consent in the tamper-evident ledger, read the
// resulting states, and verify the ledger. Runs in the Development environment (set DOTNET_ENVIRONMENT to change it),
// where a public development pepper stands in for the secret one. All data lives in memory.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WaCompliance;
using WaCompliance.Consent;
using WaCompliance.Numbers;

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
    EnvironmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Development,
});
builder.Services.AddWhatsAppCompliance(builder.Configuration.GetSection(WhatsAppComplianceOptions.SectionName));
using var host = builder.Build();
await host.StartAsync();

var parser = host.Services.GetRequiredService<IWhatsAppNumberParser>();
var ledger = host.Services.GetRequiredService<IConsentLedger>();

Console.WriteLine("1. Numbers as people type them (default region NZ)");
string[] messy =
[
    "021 123 4567", "+64 (0)21-123.4567", "whatsapp:+6421234567", "0064 22 987 6543", "＋６４ ２１ ５５５ ０１２３",
    "+1 (305) 555-0123", "+1 907 555 0100", "+44 7400 123456", "+49 151 23456789",
    "", "call me", "+64 2", "+999 123456", "021 123 4567 ext. 2", "0800 838 383", "+44 7700 900123",
];
foreach (var input in messy)
{
    var result = parser.Parse(input);
    var shown = $"\"{input}\"";
    if (result.IsValid)
    {
        var j = result.Number.Jurisdiction;
        Console.WriteLine($"   {shown,-30} {result.Number.E164,-15} {result.Number.Type,-18} {j.Subdivision ?? j.RegionCode,-6} {string.Join(", ", j.TimeZoneIds)}");
    }
    else
    {
        Console.WriteLine($"   {shown,-30} rejected {result.Code}: {result.Message}");
    }
}

Console.WriteLine();
Console.WriteLine("2. Consent recorded in the ledger");
var aroha = parser.Parse("021 123 4567").Number;
var miami = parser.Parse("+1 305 555 0123").Number;
var signup = new ConsentEvidence("Yes, send me offers from Acme Outdoor on WhatsApp. Reply STOP any time.", "signup-form-v3")
{
    CollectionPoint = "https://acme-outdoor.example/signup",
    IpAddress = "203.0.113.7",
};
await ledger.RecordAsync(ConsentEvent.OptIn(aroha, ConsentPurpose.Marketing, ConsentMethod.WebForm, signup) with { Source = "web:signup", Language = "en" });
await ledger.RecordAsync(ConsentEvent.OptIn(aroha, ConsentPurpose.Utility, ConsentMethod.Checkbox, signup) with { Source = "web:checkout" });
await ledger.RecordAsync(ConsentEvent.OptIn(miami, ConsentPurpose.Marketing, ConsentMethod.WebForm, signup) with { ConsentType = ConsentType.ExpressWritten });
await ledger.RecordAsync(ConsentEvent.OptOut(miami, ConsentPurpose.All, ConsentMethod.Keyword,
    new ConsentEvidence { MessageId = "wamid.HBgLMTMwNTU1NTAxMjMVAgASGBQz", RawInput = "STOP" }) with { Source = "inbound:whatsapp" });
var import = await ledger.RecordManyAsync(
[
    ConsentEvent.OptIn(miami, ConsentPurpose.Marketing, ConsentMethod.Import) with { Source = "import:crm-2026-11" },
    ConsentEvent.OptIn(aroha, ConsentPurpose.Marketing, ConsentMethod.Import) with { CapturedAt = host.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(3) },
]);
Console.WriteLine($"   import: {import.Recorded.Count} recorded, {import.Rejected.Count} refused ({string.Join(", ", import.Rejected.Select(r => $"row {r.Index}: {r.Code}"))})");

Console.WriteLine();
Console.WriteLine("3. Current states");
foreach (var (name, number) in new[] { ("Aroha (NZ)", aroha), ("Miami (US-FL)", miami) })
{
    foreach (var purpose in new[] { ConsentPurpose.Marketing, ConsentPurpose.Utility })
    {
        var state = await ledger.GetStateAsync(number, purpose);
        var why = state.Record is { } r ? $"record {r.Sequence}: {ConsentNames.Of(r.Action)} by {ConsentNames.Of(r.Method)}" : "nothing recorded";
        Console.WriteLine($"   {name,-14} {purpose,-10} {state.Status,-10} ({why})");
    }
}

var snapshot = await ledger.GetSnapshotAsync(miami);
Console.WriteLine($"   Miami: {snapshot.IgnoredOptIns.Count} imported opt-in ignored because it came after a STOP and was not explicit");

Console.WriteLine();
Console.WriteLine("4. Tamper-evident ledger");
var head = await ledger.GetHeadAsync();
var verification = await ledger.VerifyAsync(head);
Console.WriteLine($"   {verification.RecordsChecked} records, head {head.Sequence} {head.Hash[..16]}..., intact: {verification.IsValid}");

await host.StopAsync();
