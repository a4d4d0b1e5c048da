using System.Globalization;
using Microsoft.Extensions.Options;
using WaCompliance;
using WaCompliance.Consent;
using WaCompliance.Numbers;
using WaCompliance.Privacy;
using WaCompliance.Storage.Sqlite;

// Usage: dotnet WaCompliance.Storage.Sqlite.Crash.dll <database file> <events per batch> <first person index> [<stop inside batch>]
// Appends batches of consent events (each with personal data) until killed. Before each batch it prints
// "writing <batch>", after its commit "committed <batch> <head sequence>". With <stop inside batch> it stops for good
// halfway through writing that batch, inside its transaction, after printing "inside <batch>": the test kills it there.
//
// Or: dotnet WaCompliance.Storage.Sqlite.Crash.dll send <database file> <step> <provider log>
// Sends one message (key "crash:1") through the messenger on the database, to a "provider" that appends the key and
// reference to the provider log, and stops for good at <step> after printing it: "claimed" (the claim is stored, the
// provider not called), "called" (the provider took the message, no answer returned) or "completing" (the provider
// answered, the outcome not stored). The test kills it there.
if (args is ["send", var sendDatabase, var step, var providerLog])
{
    return await SendCrash.RunAsync(sendDatabase, step, providerLog);
}

if (args.Length is not (3 or 4))
{
    Console.Error.WriteLine("usage: <database file> <events per batch> <first person index> [<stop inside batch>] | send <database file> <step> <provider log>");
    return 2;
}

var path = args[0];
var batchSize = int.Parse(args[1], CultureInfo.InvariantCulture);
var person = int.Parse(args[2], CultureInfo.InvariantCulture);
var stopInside = args.Length == 4 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 0;
const string Pepper = "crash-test-pepper-0123456789abcdef0123456789";

using var database = new SqliteComplianceDatabase(new SqliteStorageOptions { DataSource = path });
var keys = new HmacSubjectKeyProvider(Pepper);
var store = new StoppingConsentStore(new SqliteConsentStore(database, keys), stopInside);
var ledger = new ConsentLedger(
    store,
    keys,
    TimeProvider.System,
    Options.Create(new WhatsAppComplianceOptions { BusinessName = "Crash Test Ltd", Pepper = Pepper }));

var evidence = new ConsentEvidence("I agree to receive offers on WhatsApp", "form-v3")
{
    IpAddress = "203.0.113.7",
    UserAgent = "crash-test/1.0",
    RawInput = "YES 'please' \"now\" 🇳🇿",
};

for (var batch = 1; ; batch++)
{
    var events = new ConsentEvent[batchSize];
    for (var i = 0; i < batchSize; i++, person++)
    {
        var number = WhatsAppNumber.Parse(string.Create(CultureInfo.InvariantCulture, $"+6421{1_000_000 + (person % 8_000_000)}"));
        events[i] = ConsentEvent.OptIn(number, ConsentPurpose.Marketing, ConsentMethod.WebForm, evidence);
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"writing {batch}"));
    await ledger.RecordManyAsync(events);
    var head = await ledger.GetHeadAsync();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"committed {batch} {head.Sequence}"));
}
