using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using WaCompliance;
using WaCompliance.Consent;
using WaCompliance.Numbers;

// Usage: dotnet WaCompliance.Storage.PostgreSql.Crash.dll <connection string> <schema> <pepper> <batch size>
// Appends consent batches (each event with personal data) through the public API until killed, printing
// "committed <n>" after each batch is stored.
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: WaCompliance.Storage.PostgreSql.Crash <connection string> <schema> <pepper> <batch size>");
    return 2;
}

var batchSize = int.Parse(args[3], CultureInfo.InvariantCulture);
var services = new ServiceCollection();
services.AddWhatsAppCompliance(o =>
{
    o.BusinessName = "Acme Ltd";
    o.Pepper = args[2];
}).UsePostgreSql(args[0], o => o.Schema = args[1]);
await using var provider = services.BuildServiceProvider();
var ledger = provider.GetRequiredService<IConsentLedger>();

var evidence = new ConsentEvidence("I agree to receive offers from Acme Ltd on WhatsApp.", "form-v3")
{
    IpAddress = "203.0.113.7",
    UserAgent = "crash-test",
};
for (var batch = 0; ; batch++)
{
    var events = Enumerable.Range(0, batchSize)
        .Select(i => ConsentEvent.OptIn(
            WhatsAppNumber.Parse(string.Create(CultureInfo.InvariantCulture, $"+6421{1_000_000 + ((batch * batchSize) + i) % 8_000_000}")),
            ConsentPurpose.Marketing,
            ConsentMethod.WebForm,
            evidence))
        .ToArray();
    var result = await ledger.RecordManyAsync(events);
    if (!result.AllRecorded)
    {
        Console.Error.WriteLine("a crash-test event was refused: " + result.Rejected[0].Code);
        return 1;
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"committed {batch + 1}"));
}
