using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using WaCompliance.Conformance;
using WaCompliance.Consent;
using WaCompliance.Conversations;
using WaCompliance.Counters;
using WaCompliance.Decisions;
using WaCompliance.Idempotency;
using WaCompliance.Jurisdictions;
using WaCompliance.Privacy;
using WaCompliance.Templates;

namespace WaCompliance.Storage.Sqlite.Tests;

/// <summary>Values with quotes, SQL fragments and Unicode come back exactly, also after a restart.</summary>
public sealed class RoundTripTests : IDisposable
{
    private const string Tricky = "O'Brien \"quoted\" '); DROP TABLE templates; -- \\ % _ 🇳🇿 Māori ⁠ 中文 \t end";

    private readonly TempDatabase _file = new();
    private readonly StoreTestContext _context = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task Template_WithTrickyTextInEveryComponent_RoundTripsAfterARestart()
    {
        var template = new MessageTemplate
        {
            Name = "spring_sale",
            Language = "mi-NZ",
            Category = TemplateCategory.Authentication,
            Status = TemplateStatus.InAppeal,
            Quality = TemplateQuality.Yellow,
            ParameterFormat = TemplateParameterFormat.Named,
            Header = new TemplateHeader(TemplateHeaderFormat.Text, Tricky) { Example = Tricky },
            Body = Tricky + " {{first_name}}",
            Footer = Tricky,
            Buttons =
            [
                new TemplateButton(TemplateButtonType.Otp, Tricky) { OtpType = OtpButtonType.ZeroTap, Example = Tricky },
                new TemplateButton(TemplateButtonType.Url, "Shop") { Url = "https://acme.example/'?q=\"1\"&x=🇳🇿" },
            ],
            BodyExamples = new Dictionary<string, string> { ["first_name"] = Tricky, [Tricky] = "x" },
            CodeExpirationMinutes = 10,
            AddSecurityRecommendation = true,
            ProviderTemplateId = Tricky,
            StatusReason = Tricky,
        };
        var stored = await new SqliteTemplateCatalog(_file.Open(_context.Time), _context.Time).UpsertAsync(template);

        SqliteConnection.ClearAllPools();
        var read = await new SqliteTemplateCatalog(_file.Open(_context.Time), _context.Time).GetAsync(new TemplateKey("spring_sale", "mi_NZ"));

        Assert.NotNull(read);
        Assert.Equal(stored.Buttons, read.Buttons);
        Assert.Equal(stored.BodyExamples!.OrderBy(p => p.Key, StringComparer.Ordinal), read.BodyExamples!.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(stored with { Buttons = read.Buttons, BodyExamples = read.BodyExamples }, read);
    }

    [Fact]
    public async Task Decision_WithTrickyTextAndManyViolations_RoundTrips()
    {
        var log = new SqliteDecisionLog(_file.Open(_context.Time));
        var record = new DecisionRecord
        {
            DecisionId = Guid.CreateVersion7(StoreTestContext.Start),
            DecidedAt = StoreTestContext.Start.AddTicks(1_234_567),
            Subject = _context.Keys.GetKey(StoreTestContext.Person(1)),
            Purpose = ConsentPurpose.Parse("order_updates"),
            Outcome = DecisionOutcome.Blocked,
            ViolationCodes = ["OPTED_OUT", Tricky, ""],
            IdempotencyKey = Tricky,
            CampaignId = Tricky,
            MessageKind = "template",
            TemplateName = Tricky,
        };

        await log.AppendAsync([record]);
        var read = await log.GetAsync(record.DecisionId);
        var byCampaign = new List<DecisionRecord>();
        await foreach (var found in log.QueryAsync(new DecisionQuery { CampaignId = Tricky }))
        {
            byCampaign.Add(found);
        }

        var normalized = DecisionRecords.Normalize(record);
        Assert.Equal(normalized.ViolationCodes, read!.ViolationCodes);
        Assert.Equal(normalized with { ViolationCodes = read.ViolationCodes }, read);
        Assert.Equal(record.DecisionId, Assert.Single(byCampaign).DecisionId);
    }

    [Fact]
    public async Task IdempotencyOutcome_WithTrickyTexts_RoundTripsAndIsFoundByItsProviderId()
    {
        var store = new SqliteIdempotencyStore(_file.Open(_context.Time));
        var key = Tricky.Replace('\t', ' '); // keys may not hold control characters
        await store.TryClaimAsync(key, StoreTestContext.Start);

        var completed = await store.CompleteAsync(key, new SendOutcome(SendStatus.Failed, StoreTestContext.Start.AddSeconds(1))
        {
            Gateway = Tricky,
            ProviderMessageId = Tricky,
            ErrorCode = Tricky,
            ErrorMessage = Tricky,
        });

        Assert.Equal(completed, await store.GetAsync(key));
        Assert.Equal(completed, await store.FindByProviderMessageIdAsync(Tricky));
    }

    [Fact]
    public async Task CounterTopic_WithTrickyUnicode_CountsIgnoringCaseLikeTheSharedRule()
    {
        var store = new SqliteMessageCounterStore(_file.Open(_context.Time), _context.Keys, _context.Time, _context.Options);
        var person = StoreTestContext.Person(1);
        await store.RecordAsync(new MessageCountEntry
        {
            Sender = StoreTestContext.Business(),
            Recipient = person,
            Purpose = ConsentPurpose.Marketing,
            SentAt = StoreTestContext.Start,
            Topic = "ÉTÉ 'sale'; --",
            ContentFingerprint = "sha256:" + new string('f', 64),
        });

        Assert.Equal(1, await store.CountAsync(person, StoreTestContext.Start, topic: "été 'SALE'; --"));
        Assert.Equal("ÉTÉ 'sale'; --", Assert.Single(await store.GetRecentAsync(person, StoreTestContext.Start)).Topic);
    }

    [Fact]
    public async Task WebhookEvent_WithTrickyIdentity_IsDeduplicatedExactly()
    {
        var store = new SqliteWebhookEventStore(_file.Open(_context.Time));

        Assert.True(await store.TryRecordAsync(Tricky, Tricky, StoreTestContext.Start));
        Assert.False(await store.TryRecordAsync(Tricky, Tricky, StoreTestContext.Start));
        Assert.True(await store.TryRecordAsync(Tricky, Tricky.ToUpperInvariant(), StoreTestContext.Start));
    }

    [Fact]
    public async Task Window_ForABusinessLandline_ReadsBackWithThatNumber()
    {
        var store = new SqliteConversationWindowStore(_file.Open(_context.Time), _context.Keys, _context.Options);
        var landline = new Numbers.WhatsAppNumberParser(null, [Numbers.WhatsAppNumberType.FixedLine]).Parse("+6495551234").Number;
        await store.RecordInboundAsync(landline, StoreTestContext.Person(1), StoreTestContext.Start);

        var windows = await store.GetByUserAsync(StoreTestContext.Person(1));

        Assert.Equal(landline, Assert.Single(windows).Business);
    }

    [Fact]
    public async Task Erasure_LeavesThePersonsNumberNowhereInTheDatabase()
    {
        var person = StoreTestContext.Person(1);
        var other = StoreTestContext.Person(2);
        using var provider = TwoInstances.Build(_file, _context.Time);
        await provider.GetRequiredService<IConsentLedger>().RecordAsync(ConsentEvent.OptIn(person, ConsentPurpose.Marketing, ConsentMethod.WebForm,
            new ConsentEvidence("I agree", "v1") { IpAddress = "203.0.113.7", RawInput = "YES" }));
        await provider.GetRequiredService<IConsentLedger>().RecordAsync(ConsentEvent.OptIn(other, ConsentPurpose.Marketing, ConsentMethod.WebForm));
        await provider.GetRequiredService<IConversationWindowStore>().RecordInboundAsync(StoreTestContext.Business(), person, StoreTestContext.Start);
        await provider.GetRequiredService<IMessageCounterStore>().RecordAsync(new MessageCountEntry
        {
            Sender = StoreTestContext.Business(),
            Recipient = person,
            Purpose = ConsentPurpose.Marketing,
            SentAt = StoreTestContext.Start,
        });
        await provider.GetRequiredService<IJurisdictionOverrideStore>().SetAsync(person, new JurisdictionOverride { RegionCode = "NZ" });
        Assert.Contains(person.Digits, DumpAllText());

        await provider.GetRequiredService<IDataSubjectService>().EraseAsync(person, "dsar-42");

        var dump = DumpAllText();
        Assert.DoesNotContain(person.Digits, dump);
        Assert.DoesNotContain("203.0.113.7", dump);
        Assert.Contains(other.Digits, dump);
        Assert.Equal(ConsentStatus.OptedOut, (await provider.GetRequiredService<IConsentLedger>().GetStateAsync(person, ConsentPurpose.Marketing)).Status);
        Assert.True((await provider.GetRequiredService<IConsentLedger>().VerifyAsync()).IsValid);
    }

    /// <summary>Every text value of every table, as one string.</summary>
    private string DumpAllText()
    {
        using var raw = _file.OpenRaw();
        var tables = new List<string>();
        using (var list = raw.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table';";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var text = new System.Text.StringBuilder();
        foreach (var table in tables)
        {
            using var select = raw.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\";";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(reader.IsDBNull(i) ? string.Empty : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
                }
            }
        }

        return text.ToString();
    }
}
