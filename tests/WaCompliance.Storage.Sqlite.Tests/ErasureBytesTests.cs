using System.Text;
using Microsoft.Extensions.DependencyInjection;
using WaCompliance.Conformance;
using WaCompliance.Consent;
using WaCompliance.Conversations;
using WaCompliance.Gateways;
using WaCompliance.Identities;
using WaCompliance.Jurisdictions;
using WaCompliance.Messaging;
using WaCompliance.Privacy;
using WaCompliance.Templates;
using WaCompliance.Testing;
using WaCompliance.Webhooks;

namespace WaCompliance.Storage.Sqlite.Tests;

/// <summary>
/// Erasure removes the person from the bytes of the database file and its WAL, not only from what queries return:
/// deleted rows are zeroed (<c>secure_delete</c>), the WAL is truncated after the erasure, send records never held
/// the number (error texts are masked before they are stored), and dead letters quoting the number go with the person.
/// </summary>
public sealed class ErasureBytesTests : IDisposable
{
    // A person with a number and a linked user ID, among a hundred others with their own data.
    private static readonly Numbers.WhatsAppNumber s_person = StoreTestContext.Reported("+5511987654321");
    private static readonly BusinessScopedUserId s_userId = StoreTestContext.UserId(1);

    private readonly TempDatabase _file = new();
    private readonly StoreTestContext _context = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task Erasure_LeavesNoDigitSequenceOfTheNumberInTheDatabaseOrWalBytes()
    {
        var gateway = new RecordingMessageGateway("main", [StoreTestContext.Business()]);
        using var provider = Build(gateway);
        var ledger = provider.GetRequiredService<IConsentLedger>();
        await provider.GetRequiredService<ITemplateCatalog>().UpsertAsync(new MessageTemplate
        {
            Name = "order_shipped",
            Language = "en",
            Category = TemplateCategory.Utility,
            Status = TemplateStatus.Approved,
            Body = "Hi {{1}}, your order {{2}} has shipped. Reply STOP to opt out.",
            BodyExamples = new Dictionary<string, string> { ["1"] = "Aroha", ["2"] = "A-1042" },
            ProviderTemplateId = "HX" + new string('0', 32),
        });
        for (var i = 0; i < 100; i++)
        {
            await RecordPersonAsync(provider, StoreTestContext.Person(i), $"wamid.other{i}");
        }

        await RecordPersonAsync(provider, s_person, "wamid.person");
        await provider.GetRequiredService<IIdentityLinkStore>().LinkAsync(new IdentityLink
        {
            First = s_person,
            Second = s_userId,
            Reason = IdentityLinkReason.SameEvent,
            Source = "360dialog:main",
            EventId = "wamid.person",
            LinkedAt = StoreTestContext.Start,
        });
        await ledger.RecordAsync(ConsentEvent.OptIn(s_userId, ConsentPurpose.Marketing, ConsentMethod.Keyword,
            new ConsentEvidence { MessageId = "wamid.user", RawInput = $"SIM, {s_userId.Value}" }));

        // A gateway whose refusal quotes the number (Meta's 131026 details do), and one accepted send (counted).
        gateway.Then(GatewaySendResult.Refused(new ProviderError(ProviderErrorKind.Unknown, "131000",
            $"Message to {s_person.E164} (wa_id {s_person.Digits}) failed")));
        var messenger = provider.GetRequiredService<IWhatsAppMessenger>();
        var refused = await messenger.SendAsync(Utility() with { IdempotencyKey = "order-1" });
        var sent = await messenger.SendAsync(Utility() with { IdempotencyKey = "order-2" });
        Assert.Equal((SendResultStatus.Failed, SendResultStatus.Sent), (refused.Status, sent.Status));

        // Two dead letters: one that names the person, one too broken to (its raw item still quotes the number).
        var deadLetters = provider.GetRequiredService<IWebhookDeadLetterStore>();
        await deadLetters.AddAsync(DeadLetter("wamid.dl1", $$"""{"from":"{{s_person.Digits}}","timestamp":"soon"}""", s_person));
        await deadLetters.AddAsync(DeadLetter(null, $$"""{"entry":[{"changes":[{"value":{"contacts":[{"wa_id":"{{s_person.Digits}}","user_id":"{{s_userId.Value}}"}]""", null));
        Assert.Contains(s_person.Digits, ReadDatabaseBytes(), StringComparison.Ordinal);

        var erasure = await provider.GetRequiredService<IDataSubjectService>().EraseAsync(s_person, "dsar-44");

        var bytes = ReadDatabaseBytes();
        foreach (var sequence in DigitSequences())
        {
            Assert.False(bytes.Contains(sequence, StringComparison.Ordinal), $"'{sequence}' is still in the database or WAL file after the erasure.");
        }

        Assert.Contains(StoreTestContext.Person(7).Digits, bytes, StringComparison.Ordinal);
        Assert.Equal(2, erasure.DeadLettersRemoved);
        Assert.Equal(ConsentStatus.OptedOut, (await ledger.GetStateAsync(s_person, ConsentPurpose.Utility)).Status);
        Assert.Equal(ConsentStatus.OptedIn, (await ledger.GetStateAsync(StoreTestContext.Person(7), ConsentPurpose.Utility)).Status);
        Assert.True((await ledger.VerifyAsync()).IsValid);
        Assert.Equal(0L, new FileInfo(_file.Path + "-wal").Length);
    }

    [Fact]
    public async Task FailedSend_QuotingTheNumber_IsStoredMasked()
    {
        var gateway = new RecordingMessageGateway("main", [StoreTestContext.Business()]);
        using var provider = Build(gateway);
        await provider.GetRequiredService<ITemplateCatalog>().UpsertAsync(new MessageTemplate
        {
            Name = "order_shipped",
            Language = "en",
            Category = TemplateCategory.Utility,
            Status = TemplateStatus.Approved,
            Body = "Hi {{1}}, your order {{2}} has shipped. Reply STOP to opt out.",
            BodyExamples = new Dictionary<string, string> { ["1"] = "Aroha", ["2"] = "A-1042" },
            ProviderTemplateId = "HX" + new string('0', 32),
        });
        await RecordPersonAsync(provider, s_person, "wamid.person");
        gateway.Then(GatewaySendResult.Refused(new ProviderError(ProviderErrorKind.Unknown, "131000", $"Recipient {s_person.E164} is not a WhatsApp user")));

        await provider.GetRequiredService<IWhatsAppMessenger>().SendAsync(Utility() with { IdempotencyKey = "order-1" });

        var record = await provider.GetRequiredService<Idempotency.IIdempotencyStore>().GetAsync("order-1");
        Assert.Equal("131000: Recipient [number] is not a WhatsApp user", record!.ErrorMessage);
    }

    private ServiceProvider Build(RecordingMessageGateway gateway)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_context.Time);
        services.AddWhatsAppCompliance(options =>
            {
                options.BusinessName = "Acme Ltd";
                options.Pepper = StoreTestContext.Pepper;
                options.Sending.Randomizer = () => 0.5;
            })
            .UseSqlite(_file.ConnectionString)
            .AddRecordingGateway(gateway);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    private static OutboundMessage Utility() =>
        OutboundMessage.Template(s_person, "order_shipped", "en", MessagePurpose.Utility, ["Aroha", "A-1042"]);

    private static async Task RecordPersonAsync(ServiceProvider provider, Numbers.WhatsAppNumber number, string messageId)
    {
        await provider.GetRequiredService<IConsentLedger>().RecordAsync(ConsentEvent.OptIn(number, ConsentPurpose.Utility, ConsentMethod.WebForm,
            new ConsentEvidence("Yes, send me order updates on WhatsApp.", "form-v3")
            {
                IpAddress = "203.0.113.7",
                MessageId = messageId,
                RawInput = $"YES {number.E164}",
            }));
        await provider.GetRequiredService<IConversationWindowStore>().RecordInboundAsync(StoreTestContext.Business(), number, StoreTestContext.Start);
        await provider.GetRequiredService<IJurisdictionOverrideStore>().SetAsync(number, new JurisdictionOverride { RegionCode = number.RegionCode });
    }

    private WebhookDeadLetter DeadLetter(string? eventId, string rawItem, WhatsAppIdentifier? subject) => new()
    {
        Id = Guid.CreateVersion7(_context.Time.GetUtcNow()),
        Source = "360dialog:main",
        Code = MalformedItemCodes.ItemMalformed,
        Message = "entry[0].changes[0].value.messages[0].timestamp is not a number",
        EventId = eventId,
        RawItem = rawItem,
        Subject = subject,
        ReceivedAt = _context.Time.GetUtcNow(),
    };

    /// <summary>Every form of the person's number and user ID a byte search must not find.</summary>
    private static IEnumerable<string> DigitSequences()
    {
        yield return s_person.Digits;        // 5511987654321 (E.164 without the plus)
        yield return "11987654321";          // the national significant number
        yield return "987654321";            // the subscriber number
        yield return s_userId.Value;
        yield return s_userId.Value[3..];    // the user ID's digits
    }

    /// <summary>The database file and its WAL, as bytes read as Latin-1 (SQLite keeps text as UTF-8: digits are ASCII).</summary>
    private string ReadDatabaseBytes()
    {
        var text = new StringBuilder();
        foreach (var path in new[] { _file.Path, _file.Path + "-wal" })
        {
            if (!File.Exists(path))
            {
                continue;
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            text.Append(Encoding.Latin1.GetString(memory.ToArray())).Append('\n');
        }

        return text.ToString();
    }
}
