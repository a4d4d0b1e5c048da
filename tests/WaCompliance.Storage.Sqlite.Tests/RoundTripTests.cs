using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using WaCompliance.Conformance;
using WaCompliance.Consent;
using WaCompliance.Conversations;
using WaCompliance.Counters;
using WaCompliance.Decisions;
using WaCompliance.Idempotency;
using WaCompliance.Identities;
using WaCompliance.Jurisdictions;
using WaCompliance.Privacy;
using WaCompliance.Templates;
using WaCompliance.Webhooks;

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

    [Fact]
    public async Task Erasure_OfAPersonKnownByNumberAndUserId_LeavesNeitherAnywhereInTheDatabase()
    {
        var number = StoreTestContext.Person(1);
        var userId = StoreTestContext.UserId(1);
        var other = StoreTestContext.UserId(2);
        using var provider = TwoInstances.Build(_file, _context.Time);
        var ledger = provider.GetRequiredService<IConsentLedger>();
        await provider.GetRequiredService<IIdentityLinkStore>().LinkAsync(new IdentityLink
        {
            First = number,
            Second = userId,
            Reason = IdentityLinkReason.SameEvent,
            Source = "360dialog:main",
            EventId = "wamid.AAA1",
            LinkedAt = StoreTestContext.Start,
        });
        await ledger.RecordAsync(ConsentEvent.OptIn(number, ConsentPurpose.Marketing, ConsentMethod.WebForm, new ConsentEvidence("I agree", "v1") { RawInput = "YES" }));
        await ledger.RecordAsync(ConsentEvent.OptIn(userId, ConsentPurpose.Utility, ConsentMethod.Keyword));
        await ledger.RecordAsync(ConsentEvent.OptIn(other, ConsentPurpose.Utility, ConsentMethod.Keyword));
        await provider.GetRequiredService<IConversationWindowStore>().RecordInboundAsync(StoreTestContext.Business(), userId, StoreTestContext.Start);
        await provider.GetRequiredService<IMessageCounterStore>().RecordAsync(new MessageCountEntry
        {
            Sender = StoreTestContext.Business(),
            Recipient = userId,
            Purpose = ConsentPurpose.Utility,
            SentAt = StoreTestContext.Start,
        });
        await provider.GetRequiredService<IJurisdictionOverrideStore>().SetAsync(userId, new JurisdictionOverride { RegionCode = "BR" });
        await provider.GetRequiredService<IWebhookDeadLetterStore>().AddAsync(new WebhookDeadLetter
        {
            Id = Guid.CreateVersion7(StoreTestContext.Start),
            Source = "360dialog:main",
            Code = MalformedItemCodes.ItemMalformed,
            Message = "messages[0].timestamp is not a number",
            EventId = "wamid.AAA2",
            RawItem = $$"""{"from":"{{number.Digits}}","from_user_id":"{{userId.Value}}","timestamp":"soon"}""",
            Subject = userId,
            ReceivedAt = StoreTestContext.Start,
        });
        Assert.Contains(userId.Value, DumpAllText());
        Assert.Contains(number.Digits, DumpAllText());

        var erasure = await provider.GetRequiredService<IDataSubjectService>().EraseAsync(number, "dsar-43");

        var dump = DumpAllText();
        Assert.DoesNotContain(number.Digits, dump);
        Assert.DoesNotContain(userId.Value, dump);
        Assert.Contains(other.Value, dump);
        Assert.Equal((1, 1, 1, 1), (erasure.LinksRemoved, erasure.DeadLettersRemoved, erasure.WindowsRemoved, erasure.CounterEntriesRemoved));
        Assert.True(erasure.OverrideRemoved);
        Assert.Equal(ConsentStatus.OptedOut, (await ledger.GetStateAsync(userId, ConsentPurpose.Utility)).Status);
        Assert.Equal(ConsentStatus.OptedOut, (await ledger.GetStateAsync(number, ConsentPurpose.Marketing)).Status);
        Assert.True((await ledger.VerifyAsync()).IsValid);
    }

    [Fact]
    public async Task Text_IsStoredAsUtf8ByBothBindingPaths_ByteOrderMarkIncluded()
    {
        // The ledger's batch statement (SqliteRawStatement) once bound UTF-16 and lost the mark; Microsoft.Data.Sqlite's
        // parameters (every other store) bind UTF-8. Both must store the bytes of the text as it is.
        var database = _file.Open(_context.Time);
        var ledger = new ConsentLedger(new SqliteConsentStore(database, _context.Keys), _context.Keys, _context.Time, _context.Options);
        await ledger.RecordAsync(ConsentEvent.OptOut(StoreTestContext.Person(1), ConsentPurpose.All, ConsentMethod.Keyword) with
        {
            Evidence = new ConsentEvidence("\uFFFEwording") { RawInput = "\uFEFFSTOP" },
        });
        await new SqliteSuppressionList(database, _context.Keys, _context.Time).AddAsync(StoreTestContext.Person(1), ConsentPurpose.All, Suppression.SuppressionReason.OptedOut, "\uFEFFsource");

        using var raw = _file.OpenRaw();
        Assert.Equal("EFBBBF53544F50", Hex(raw, "SELECT hex(raw_input) FROM consent_personal_data;"));
        Assert.Equal("EFBFBE", Hex(raw, "SELECT hex(substr(wording, 1, 1)) FROM consent_records;"));
        Assert.Equal("EFBBBF", Hex(raw, "SELECT hex(substr(source, 1, 1)) FROM suppressions;"));
        Assert.True((await ledger.VerifyAsync()).IsValid);
    }

    private static string? Hex(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() as string;
    }

    [Fact]
    public async Task IdentityLink_AlteredToTextThatIsNoIdentifier_FailsLoudlyWithoutTheTextInTheMessage()
    {
        var store = new SqliteIdentityLinkStore(_file.Open(_context.Time));
        await store.LinkAsync(new IdentityLink
        {
            First = StoreTestContext.Person(1),
            Second = StoreTestContext.UserId(1),
            Reason = IdentityLinkReason.SameEvent,
            Source = "360dialog:main",
            LinkedAt = StoreTestContext.Start,
        });
        using (var raw = _file.OpenRaw())
        using (var update = raw.CreateCommand())
        {
            update.CommandText = "UPDATE identity_links SET second_identifier = 'br.7712093455123009';";
            update.ExecuteNonQuery();
        }

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => store.GetLinksAsync(StoreTestContext.Person(1)).AsTask());

        Assert.DoesNotContain("7712093455123009", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("+64211000001", error.ToString(), StringComparison.Ordinal);
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
