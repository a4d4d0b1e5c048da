// QuickStart: the engine end to end on the embedded SQLite store, with a recording gateway instead of a provider.
//   1. numbers as people type them     2. consent recorded in the ledger    3. current states
//   4. sends: allowed, blocked, deferred, and a dry run    5. an inbound STOP and what it changes
//   6. a person WhatsApp names by a business-scoped user ID: linked to their number, a STOP through either applies to both
//   7. ledger verified
// Runs in the Development environment (set DOTNET_ENVIRONMENT to change it), where a public development pepper stands
// in for the secret one. Pass "--db <file>" to keep the database; by default a new one is made and removed.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WaCompliance;
using WaCompliance.Consent;
using WaCompliance.Gateways;
using WaCompliance.Identities;
using WaCompliance.Messaging;
using WaCompliance.Numbers;
using WaCompliance.Policy;
using WaCompliance.Templates;
using WaCompliance.Testing;
using WaCompliance.Webhooks;

var keep = args.SkipWhile(a => a != "--db").Skip(1).FirstOrDefault();
var database = keep ?? Path.Combine(Path.GetTempPath(), $"wacompliance-quickstart-{Guid.NewGuid():N}.db");

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
    EnvironmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Development,
});
builder.Services
    .AddWhatsAppCompliance(builder.Configuration.GetSection(WhatsAppComplianceOptions.SectionName))
    .UseSqlite($"Data Source={database}")
    .AddRecordingGateway("demo", "+64 21 555 0100");

using (var host = builder.Build())
{
    await host.StartAsync();
    await RunAsync(host.Services);
    await host.StopAsync();
}

if (keep is null)
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    foreach (var file in new[] { database, database + "-wal", database + "-shm" })
    {
        File.Delete(file);
    }
}

static async Task RunAsync(IServiceProvider services)
{
    var parser = services.GetRequiredService<IWhatsAppNumberParser>();
    var ledger = services.GetRequiredService<IConsentLedger>();
    var messenger = services.GetRequiredService<IWhatsAppMessenger>();
    var policy = services.GetRequiredService<ICompliancePolicy>();
    var webhooks = services.GetRequiredService<WebhookProcessor>();
    var clock = services.GetRequiredService<TimeProvider>();
    var gateway = (RecordingMessageGateway)services.GetRequiredKeyedService<IMessageGateway>("demo");
    var sender = gateway.Senders[0];

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
    var signup = new ConsentEvidence("Yes, send me order updates and offers from Acme Outdoor on WhatsApp. Reply STOP any time.", "signup-form-v3")
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
        ConsentEvent.OptIn(aroha, ConsentPurpose.Marketing, ConsentMethod.Import) with { CapturedAt = clock.GetUtcNow().AddDays(3) },
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

    Console.WriteLine($"   Miami: {(await ledger.GetSnapshotAsync(miami)).IgnoredOptIns.Count} imported opt-in ignored: it came after a STOP and was not explicit");

    Console.WriteLine();
    Console.WriteLine("4. Sends through the recording gateway (nothing leaves this machine)");
    await services.GetRequiredService<ITemplateCatalog>().UpsertAsync(new MessageTemplate
    {
        Name = "order_shipped",
        Language = "en",
        Category = TemplateCategory.Utility,
        Status = TemplateStatus.Approved,
        Body = "Hi {{1}}, your order {{2}} has shipped and arrives tomorrow.",
        BodyExamples = new Dictionary<string, string> { ["1"] = "Aroha", ["2"] = "A-1042" },
    });
    Show("utility template to Aroha", await messenger.SendAsync(
        OutboundMessage.Template(aroha, "order_shipped", "en", MessagePurpose.Utility, ["Aroha", "A-1042"], idempotencyKey: "order-A-1042")));
    Show("the same order again", await messenger.SendAsync(
        OutboundMessage.Template(aroha, "order_shipped", "en", MessagePurpose.Utility, ["Aroha", "A-1042"], idempotencyKey: "order-A-1042")));
    Show("second order straight after", await messenger.SendAsync(
        OutboundMessage.Template(aroha, "order_shipped", "en", MessagePurpose.Utility, ["Aroha", "A-1043"], idempotencyKey: "order-A-1043")));
    Show("free text to Miami", await messenger.SendAsync(OutboundMessage.Text(miami, "Hi! Our sale starts today.")));
    await services.GetRequiredService<ITemplateCatalog>().UpsertAsync(new MessageTemplate
    {
        Name = "spring_sale",
        Language = "pt_BR",
        Category = TemplateCategory.Marketing,
        Status = TemplateStatus.Approved,
        Body = "Olá {{1}}, a liquidação de primavera começa hoje: 25% de desconto. Responda PARAR para sair.",
        BodyExamples = new Dictionary<string, string> { ["1"] = "Ana" },
    });
    var saoPaulo = parser.Parse("+55 11 91234 5678").Number;
    await ledger.RecordAsync(ConsentEvent.OptIn(saoPaulo, ConsentPurpose.Marketing, ConsentMethod.WebForm, signup));
    var brasilia = TimeSpan.FromHours(-3);
    var localNow = clock.GetUtcNow().ToOffset(brasilia);
    var at2105 = new DateTimeOffset(localNow.Date.AddHours(21).AddMinutes(5), brasilia);
    at2105 = at2105 > localNow ? at2105 : at2105.AddDays(1);
    var dryRun = await policy.EvaluateAsync(OutboundMessage.Template(saoPaulo, "spring_sale", "pt_BR", MessagePurpose.Marketing, ["Ana"]), at2105);
    Console.WriteLine($"   {"dry run: sale at 21:05 in São Paulo",-34} {dryRun.Outcome,-9} {string.Join(", ", dryRun.Codes())} not before {dryRun.NotBefore?.ToOffset(brasilia):yyyy-MM-dd HH:mm zzz}");

    Console.WriteLine();
    Console.WriteLine("5. Tama writes STOP");
    var tama = parser.Parse("022 987 6543").Number;
    await ledger.RecordAsync(ConsentEvent.OptIn(tama, ConsentPurpose.Utility, ConsentMethod.Checkbox, signup));
    var stop = await webhooks.ProcessAsync(new InboundMessageEvent
    {
        EventId = "wamid.STOP1",
        MessageId = "wamid.STOP1",
        Source = "demo",
        OccurredAt = clock.GetUtcNow(),
        Business = sender,
        From = tama,
        Text = "Stop",
    });
    Console.WriteLine($"   processed: {stop.Actions}; keyword '{stop.Keyword.Keyword}' -> opt-out of {stop.ConsentRecord!.Purpose}, record {stop.ConsentRecord.Sequence}");
    Show("the one confirmation", await messenger.SendAsync(
        OutboundMessage.Text(tama, "You will get no more WhatsApp messages from Acme Outdoor. Reply START to resume.") with { IsOptOutConfirmation = true }));
    Show("utility template after STOP", await messenger.SendAsync(
        OutboundMessage.Template(tama, "order_shipped", "en", MessagePurpose.Utility, ["Tama", "B-2001"], idempotencyKey: "order-B-2001")));
    Console.WriteLine($"   the gateway received {gateway.CallCount} message(s)");

    Console.WriteLine();
    Console.WriteLine("6. Ana, known to WhatsApp by a business-scoped user ID");
    var ana = BusinessScopedUserId.Parse("BR.7712093455123009");
    await webhooks.ProcessAsync(new InboundMessageEvent
    {
        EventId = "wamid.ANA1",
        MessageId = "wamid.ANA1",
        Source = "demo",
        OccurredAt = clock.GetUtcNow(),
        Business = sender,
        From = new WhatsAppIdentity(saoPaulo, ana, username: "ana.r"), // one webhook named both: they are linked
        Text = "Oi! Meu pedido chegou?",
    });
    Show("reply to her user ID in the window", await messenger.SendAsync(OutboundMessage.Text(ana, "Chegou sim, obrigado!")));
    var parar = await webhooks.ProcessAsync(new InboundMessageEvent
    {
        EventId = "wamid.ANA2",
        MessageId = "wamid.ANA2",
        Source = "demo",
        OccurredAt = clock.GetUtcNow(),
        Business = sender,
        From = ana, // a username user: no phone number in the webhook
        Text = "PARAR",
    });
    Console.WriteLine($"   'PARAR' through the user ID only: {parar.Actions}");
    Show("marketing to her phone number", await messenger.SendAsync(
        OutboundMessage.Template(saoPaulo, "spring_sale", "pt_BR", MessagePurpose.Marketing, ["Ana"], idempotencyKey: "sale-ana")));

    Console.WriteLine();
    Console.WriteLine("7. Tamper-evident ledger");
    var head = await ledger.GetHeadAsync();
    var verification = await ledger.VerifyAsync(head);
    Console.WriteLine($"   {verification.RecordsChecked} records, head {head.Sequence} {head.Hash[..16]}..., intact: {verification.IsValid}");

    static void Show(string what, SendResult result)
    {
        var detail = result.Status switch
        {
            SendResultStatus.Sent => $"provider id {result.ProviderMessageId}",
            SendResultStatus.Duplicate => $"key used before; first outcome {result.ExistingRecord!.Status} ({result.ExistingRecord.ProviderMessageId})",
            SendResultStatus.Deferred => $"{string.Join(", ", result.Decision!.Codes())} not before {result.NotBefore:HH:mm:ss}",
            _ => string.Join(", ", result.Decision?.Codes() ?? []),
        };
        Console.WriteLine($"   {what,-34} {result.Status,-9} {detail}");
    }
}
