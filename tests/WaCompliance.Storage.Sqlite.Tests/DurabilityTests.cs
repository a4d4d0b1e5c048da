using System.Globalization;
using Microsoft.Data.Sqlite;
using WaCompliance.Conformance;
using WaCompliance.Consent;
using WaCompliance.Counters;
using WaCompliance.Decisions;
using WaCompliance.Identities;
using WaCompliance.Idempotency;
using WaCompliance.Jurisdictions;
using WaCompliance.Policy;
using WaCompliance.Storage.Sqlite.Internal;
using WaCompliance.Suppression;
using WaCompliance.Templates;
using WaCompliance.Webhooks;

namespace WaCompliance.Storage.Sqlite.Tests;

/// <summary>
/// Durable means durable: every write of every store commits with <c>synchronous = FULL</c> (a power loss can only be
/// tested by its setting: what the connection has in force while the write runs), consent and opt-out writes stay
/// FULL when the operational stores are relaxed, and a database file deleted or replaced under a running instance makes
/// it fail closed instead of acknowledging writes that are gone at the next start.
/// </summary>
public sealed class DurabilityTests : IDisposable
{
    private readonly TempDatabase _file = new();
    private readonly StoreTestContext _context = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task EveryWriteOfEveryStore_CommitsWithSynchronousFullAndSecureDelete_AndEveryReadConnectionHasThemToo()
    {
        var database = _file.Open(_context.Time);
        var writes = Observe(database, out var reads);

        await RunEveryWriteAsync(database);

        Assert.Equal(ExpectedWrites, writes.Select(w => w.Store).Distinct().Order(StringComparer.Ordinal));
        Assert.All(writes, w => Assert.True(w.Synchronous == 2 && w.SecureDelete == 1,
            $"{w.Store} ({w.Kind}) committed with synchronous = {w.Synchronous}, secure_delete = {w.SecureDelete}."));
        Assert.NotEmpty(reads);
        Assert.All(reads, r => Assert.Equal((2L, 1L), r));
    }

    [Fact]
    public async Task OperationalSynchronousNormal_RelaxesOnlyTheOperationalStores()
    {
        var database = _file.Open(_context.Time, options => options.OperationalSynchronous = SqliteSynchronousMode.Normal);
        var writes = Observe(database, out _);

        await RunEveryWriteAsync(database);

        string[] alwaysFull = ["consent", "consent erase", "suppression", "identity links", "identity links erase", "dead letters", "dead letters erase",
            "windows erase", "counters erase", "overrides erase"];
        Assert.All(writes.Where(w => alwaysFull.Contains(w.Store)), w => Assert.True(w.Synchronous == 2, $"{w.Store} committed with synchronous = {w.Synchronous}."));
        Assert.All(writes.Where(w => !alwaysFull.Contains(w.Store)), w => Assert.True(w.Synchronous == 1, $"{w.Store} committed with synchronous = {w.Synchronous}."));
        Assert.Contains(writes, w => w.Synchronous == 1);
        Assert.Equal(ExpectedWrites, writes.Select(w => w.Store).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AConnectionThatWasRelaxed_IsBackAtFullForTheNextConsentWrite()
    {
        var database = _file.Open(_context.Time, options => options.OperationalSynchronous = SqliteSynchronousMode.Normal);
        var writes = Observe(database, out _);
        var ledger = Ledger(database);
        var windows = new SqliteConversationWindowStore(database, _context.Keys, _context.Options);

        await As("windows", async () => await windows.RecordInboundAsync(StoreTestContext.Business(), StoreTestContext.Person(1), StoreTestContext.Start));
        await As("consent", async () => await ledger.RecordAsync(ConsentEvent.OptOut(StoreTestContext.Person(1), ConsentPurpose.All, ConsentMethod.Keyword)));
        await As("windows", async () => await windows.RecordInboundAsync(StoreTestContext.Business(), StoreTestContext.Person(2), StoreTestContext.Start));
        await As("consent", async () => await ledger.RecordAsync(ConsentEvent.OptOut(StoreTestContext.Person(2), ConsentPurpose.All, ConsentMethod.Keyword)));

        Assert.Equal([("windows", 1L), ("consent", 2L), ("windows", 1L), ("consent", 2L)], writes.Select(w => (w.Store, w.Synchronous)));
    }

    [Fact]
    public async Task DatabaseFileDeletedUnderARunningInstance_TheNextWriteFailsClosedAndIsNotAcknowledged()
    {
        var database = _file.Open(_context.Time);
        var ledger = Ledger(database);
        await ledger.RecordAsync(ConsentEvent.OptIn(StoreTestContext.Person(1), ConsentPurpose.Marketing, ConsentMethod.Keyword));

        DeleteDatabaseFiles();
        var write = await Assert.ThrowsAsync<ComplianceStateUnavailableException>(() =>
            ledger.RecordAsync(ConsentEvent.OptOut(StoreTestContext.Person(1), ConsentPurpose.All, ConsentMethod.Keyword)).AsTask());

        AssertNamesTheFileProblem(write);
        // Fails closed from now on: reads too, whatever store.
        var read = await Assert.ThrowsAsync<ComplianceStateUnavailableException>(() =>
            new SqliteSuppressionList(database, _context.Keys, _context.Time).FindAsync(StoreTestContext.Person(1), ConsentPurpose.Marketing, StoreTestContext.Start).AsTask());
        AssertNamesTheFileProblem(read);
        await Assert.ThrowsAsync<ComplianceStateUnavailableException>(() =>
            new SqliteIdempotencyStore(database).TryClaimAsync("k1", StoreTestContext.Start).AsTask());
    }

    [Fact]
    public async Task DatabaseFileDeletedUnderARunningInstance_TheNextReadFailsClosed()
    {
        var database = _file.Open(_context.Time);
        var ledger = Ledger(database);
        await ledger.RecordAsync(ConsentEvent.OptIn(StoreTestContext.Person(1), ConsentPurpose.Marketing, ConsentMethod.Keyword));
        Assert.Equal(ConsentStatus.OptedIn, (await ledger.GetStateAsync(StoreTestContext.Person(1), ConsentPurpose.Marketing)).Status);

        DeleteDatabaseFiles();

        var error = await Assert.ThrowsAsync<ComplianceStateUnavailableException>(() =>
            ledger.GetStateAsync(StoreTestContext.Person(1), ConsentPurpose.Marketing).AsTask());
        AssertNamesTheFileProblem(error);
    }

    [Fact]
    public async Task DatabaseFileReplacedByAnotherFileUnderARunningInstance_FailsClosed()
    {
        var database = _file.Open(_context.Time);
        var ledger = Ledger(database);
        await ledger.RecordAsync(ConsentEvent.OptIn(StoreTestContext.Person(1), ConsentPurpose.Marketing, ConsentMethod.Keyword));
        using var other = new TempDatabase();
        using (var restored = other.Open(_context.Time))
        {
            await restored.MigrateAsync();
        }

        // As a restore from a backup does it: another file renamed over the path.
        File.Move(other.Path, _file.Path, overwrite: true);

        var error = await Assert.ThrowsAsync<ComplianceStateUnavailableException>(() =>
            ledger.RecordAsync(ConsentEvent.OptOut(StoreTestContext.Person(1), ConsentPurpose.All, ConsentMethod.Keyword)).AsTask());
        AssertNamesTheFileProblem(error);
    }

    [Fact]
    public async Task WalFileDeletedUnderARunningInstance_TheNextWriteFailsClosed()
    {
        var database = _file.Open(_context.Time);
        var ledger = Ledger(database);
        await ledger.RecordAsync(ConsentEvent.OptIn(StoreTestContext.Person(1), ConsentPurpose.Marketing, ConsentMethod.Keyword));

        File.Delete(_file.Path + "-wal");

        var error = await Assert.ThrowsAsync<ComplianceStateUnavailableException>(() =>
            ledger.RecordAsync(ConsentEvent.OptOut(StoreTestContext.Person(1), ConsentPurpose.All, ConsentMethod.Keyword)).AsTask());
        Assert.Contains("WAL file", error.Message, StringComparison.Ordinal);
        Assert.Contains(_file.Path, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(StoreTestContext.Person(1).Digits, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DatabaseFileInPlace_IsNeverReportedMissing()
    {
        // The check has no false alarm across reopened connections, checkpoints and a restart of the instance.
        var database = _file.Open(_context.Time);
        var ledger = Ledger(database);
        await ledger.RecordAsync(ConsentEvent.OptIn(StoreTestContext.Person(1), ConsentPurpose.Marketing, ConsentMethod.Keyword));
        using (var raw = _file.OpenRaw())
        using (var checkpoint = raw.CreateCommand())
        {
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            checkpoint.ExecuteNonQuery();
        }

        await ledger.RecordAsync(ConsentEvent.OptOut(StoreTestContext.Person(1), ConsentPurpose.All, ConsentMethod.Keyword));
        database.Dispose();
        SqliteConnection.ClearAllPools();
        var reopened = Ledger(_file.Open(_context.Time));

        Assert.Equal(ConsentStatus.OptedOut, (await reopened.GetStateAsync(StoreTestContext.Person(1), ConsentPurpose.Marketing)).Status);
        await reopened.RecordAsync(ConsentEvent.OptIn(StoreTestContext.Person(2), ConsentPurpose.Marketing, ConsentMethod.Keyword));
        Assert.True((await reopened.VerifyAsync()).IsValid);
    }

    private static readonly string[] ExpectedWrites =
    [
        "consent", "consent erase", "counters", "counters erase", "dead letters", "dead letters erase", "decisions", "idempotency",
        "identity links", "identity links erase", "overrides", "overrides erase", "suppression", "templates", "webhook events", "windows", "windows erase",
    ];

    private ConsentLedger Ledger(SqliteComplianceDatabase database) =>
        new(new SqliteConsentStore(database, _context.Keys), _context.Keys, _context.Time, _context.Options);

    /// <summary>Records what each write's connection has in force inside its transaction, labelled by the store that wrote.</summary>
    private static List<(string Store, SqliteWrite Kind, long Synchronous, long SecureDelete)> Observe(SqliteComplianceDatabase database, out List<(long, long)> reads)
    {
        var writes = new List<(string, SqliteWrite, long, long)>();
        var readSettings = new List<(long, long)>();
        reads = readSettings;
        database.WriteObserver = (connection, kind) => writes.Add((s_current.Value ?? "?", kind, Pragma(connection, "synchronous"), Pragma(connection, "secure_delete")));
        database.ReadObserver = connection => readSettings.Add((Pragma(connection, "synchronous"), Pragma(connection, "secure_delete")));
        return writes;
    }

    private static readonly AsyncLocal<string?> s_current = new();

    private async Task RunEveryWriteAsync(SqliteComplianceDatabase database)
    {
        var person = StoreTestContext.Person(1);
        var business = StoreTestContext.Business();
        var at = StoreTestContext.Start;
        var ledger = Ledger(database);
        var consent = new SqliteConsentStore(database, _context.Keys);
        var suppressions = new SqliteSuppressionList(database, _context.Keys, _context.Time);
        var windows = new SqliteConversationWindowStore(database, _context.Keys, _context.Options);
        var counters = new SqliteMessageCounterStore(database, _context.Keys, _context.Time, _context.Options);
        var overrides = new SqliteJurisdictionOverrideStore(database, _context.Keys);
        var links = new SqliteIdentityLinkStore(database);
        var deadLetters = new SqliteWebhookDeadLetterStore(database);
        var sends = new SqliteIdempotencyStore(database);
        var decisions = new SqliteDecisionLog(database);
        var events = new SqliteWebhookEventStore(database);
        var templates = new SqliteTemplateCatalog(database, _context.Time);

        await As("consent", async () => await ledger.RecordAsync(ConsentEvent.OptIn(person, ConsentPurpose.Marketing, ConsentMethod.Keyword)));
        await As("suppression", async () => await suppressions.AddAsync(person, ConsentPurpose.Marketing, SuppressionReason.OptedOut, "test"));
        await As("suppression", async () => await suppressions.RemoveAsync(person, ConsentPurpose.Marketing, SuppressionReason.OptedOut));
        await As("windows", async () => await windows.RecordInboundAsync(business, person, at));
        await As("windows", async () => await windows.RecordBusinessReplyAsync(business, person, at.AddMinutes(1)));
        await As("counters", async () => await counters.RecordAsync(new MessageCountEntry { Sender = business, Recipient = person, Purpose = ConsentPurpose.Marketing, SentAt = at }));
        await As("overrides", async () => await overrides.SetAsync(person, new JurisdictionOverride { RegionCode = "NZ" }));
        await As("identity links", async () => await links.LinkAsync(new IdentityLink
        {
            First = person,
            Second = StoreTestContext.UserId(1),
            Reason = IdentityLinkReason.SameEvent,
            Source = "test",
            LinkedAt = at,
        }));
        await As("dead letters", async () => await deadLetters.AddAsync(new WebhookDeadLetter
        {
            Id = Guid.CreateVersion7(at),
            Source = "test",
            Code = MalformedItemCodes.ItemMalformed,
            Message = "m",
            RawItem = "{}",
            Subject = person,
            ReceivedAt = at,
        }));
        await As("idempotency", async () => await sends.TryClaimAsync("k1", at));
        await As("idempotency", async () => await sends.CompleteAsync("k1", new Idempotency.SendOutcome(Idempotency.SendStatus.Sent, at) { ProviderMessageId = "p1" }));
        await As("decisions", async () => await decisions.AppendAsync([new DecisionRecord
        {
            DecisionId = Guid.CreateVersion7(at),
            DecidedAt = at,
            Subject = _context.Keys.GetKey(person),
            Purpose = ConsentPurpose.Marketing,
            Outcome = DecisionOutcome.Allowed,
        }]));
        await As("webhook events", async () => await events.TryRecordAsync("test", "e1", at));
        await As("templates", async () => await templates.UpsertAsync(new MessageTemplate
        {
            Name = "t1",
            Language = "en",
            Category = TemplateCategory.Utility,
            Status = TemplateStatus.Approved,
            Quality = TemplateQuality.Green,
            ParameterFormat = TemplateParameterFormat.Positional,
            Body = "Hi",
        }));

        // Reads of every store, then the erasures.
        await ledger.GetStateAsync(person, ConsentPurpose.Marketing);
        await windows.GetByUserAsync(person);
        await counters.CountAsync(person, at);
        await As("consent erase", async () => await consent.ErasePersonalDataAsync(_context.Keys.GetKey(person)));
        await As("windows erase", async () => await windows.RemoveUserAsync(person));
        await As("counters erase", async () => await counters.RemoveRecipientAsync(person));
        await As("overrides erase", async () => await overrides.RemoveAsync(person));
        await As("dead letters erase", async () => await deadLetters.EraseAsync(person));
        await As("identity links erase", async () => await links.EraseAsync(person));
    }

    private static async Task As(string store, Func<Task> write)
    {
        s_current.Value = store;
        try
        {
            await write();
        }
        finally
        {
            s_current.Value = null;
        }
    }

    private void DeleteDatabaseFiles()
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_file.Path + suffix);
        }
    }

    private void AssertNamesTheFileProblem(Exception error)
    {
        Assert.Contains("deleted, moved or replaced", error.Message, StringComparison.Ordinal);
        Assert.Contains(_file.Path, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(StoreTestContext.Person(1).Digits, error.ToString(), StringComparison.Ordinal);
    }

    private static long Pragma(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
