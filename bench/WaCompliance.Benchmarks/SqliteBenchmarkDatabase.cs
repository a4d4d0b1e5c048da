using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using WaCompliance.Consent;
using WaCompliance.Numbers;
using WaCompliance.Privacy;
using WaCompliance.Storage.Sqlite;

namespace WaCompliance.Benchmarks;

/// <summary>A consent ledger over a fresh SQLite file in the temporary folder, deleted afterwards.</summary>
internal sealed class SqliteBenchmarkDatabase : IDisposable
{
    private const string Pepper = "benchmark-pepper-0123456789abcdef0123";

    public SqliteBenchmarkDatabase()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"wacompliance-bench-{Guid.NewGuid():N}.db");
        Database = new SqliteComplianceDatabase(new SqliteStorageOptions { DataSource = Path });
        Database.MigrateAsync().GetAwaiter().GetResult();
        var keys = new HmacSubjectKeyProvider(Pepper);
        Keys = keys;
        Store = new SqliteConsentStore(Database, keys);
        Ledger = new ConsentLedger(Store, keys, TimeProvider.System,
            Options.Create(new WhatsAppComplianceOptions { BusinessName = "Acme Ltd", Pepper = Pepper }));
    }

    public string Path { get; }

    public SqliteComplianceDatabase Database { get; }

    public SqliteConsentStore Store { get; }

    public ConsentLedger Ledger { get; }

    public ISubjectKeyProvider Keys { get; }

    /// <summary>Distinct New Zealand mobile numbers.</summary>
    public static WhatsAppNumber[] Numbers(int count) =>
        Enumerable.Range(0, count)
            .Select(i => WhatsAppNumber.Parse(string.Create(CultureInfo.InvariantCulture, $"+6421{1_000_000 + i}")))
            .ToArray();

    /// <summary>A web-form opt-in with the evidence a real one carries (personal data included).</summary>
    public static ConsentEvent OptIn(WhatsAppNumber number) =>
        ConsentEvent.OptIn(number, ConsentPurpose.Marketing, ConsentMethod.WebForm,
            new ConsentEvidence("I agree to receive offers from Acme Ltd on WhatsApp. Reply STOP to opt out.", "form-v3")
            {
                CollectionPoint = "https://acme.example/signup",
                IpAddress = "203.0.113.7",
                UserAgent = "Mozilla/5.0 (X11; Linux x86_64)",
            });

    /// <summary>
    /// The validated, keyed record the ledger would hand the store for <see cref="OptIn"/> (personal data, salt and
    /// digest included), for benchmarks of the store alone.
    /// </summary>
    public static PendingConsentRecord Pending(WhatsAppNumber number, ISubjectKeyProvider keys)
    {
        var now = ConsentChain.NormalizeTimestamp(DateTimeOffset.UnixEpoch.AddYears(56));
        var personal = new ConsentPersonalData
        {
            Identifier = number.E164,
            IpAddress = "203.0.113.7",
            UserAgent = "Mozilla/5.0 (X11; Linux x86_64)",
            Salt = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)),
        };
        var draft = new ConsentRecord
        {
            Sequence = 0,
            RecordId = Guid.CreateVersion7(now),
            Subject = keys.GetKey(number),
            Purpose = ConsentPurpose.Marketing,
            Action = ConsentAction.OptIn,
            Method = ConsentMethod.WebForm,
            ConsentType = ConsentType.Express,
            LawfulBasis = LawfulBasis.Consent,
            CapturedAt = now,
            RecordedAt = now,
            BusinessName = "Acme Ltd",
            Jurisdiction = "NZ",
            Wording = "I agree to receive offers from Acme Ltd on WhatsApp. Reply STOP to opt out.",
            WordingVersion = "form-v3",
            CollectionPoint = "https://acme.example/signup",
            PersonalData = personal,
            PersonalDataDigest = ConsentChain.ComputePersonalDataDigest(personal),
            PreviousHash = string.Empty,
            Hash = string.Empty,
        };
        return new PendingConsentRecord(draft, number);
    }

    public void Dispose()
    {
        Database.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(Path + suffix);
        }
    }
}
