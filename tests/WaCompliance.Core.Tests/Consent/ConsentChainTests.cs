using WaCompliance.Consent;
using WaCompliance.Privacy;

namespace WaCompliance.Tests.Consent;

public sealed class ConsentChainTests
{
    private static ConsentRecord Fixed() => new()
    {
        Sequence = 7,
        RecordId = Guid.Parse("0192f0a1-2b3c-7d4e-8f90-a1b2c3d4e5f6"),
        Subject = SubjectKey.Parse(new string('a', 64)),
        Purpose = ConsentPurpose.Marketing,
        Action = ConsentAction.OptIn,
        Method = ConsentMethod.WebForm,
        ConsentType = ConsentType.Express,
        LawfulBasis = LawfulBasis.Consent,
        CapturedAt = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero),
        RecordedAt = new DateTimeOffset(2026, 11, 2, 9, 0, 1, TimeSpan.Zero),
        Source = "web:signup",
        BusinessName = "Acme Ltd",
        Jurisdiction = "NZ",
        Language = "en",
        ExpiresAt = null,
        EventId = null,
        Wording = "I agree to receive offers from Acme Ltd on WhatsApp.",
        WordingVersion = "form-v3",
        CollectionPoint = null,
        PersonalData = null,
        PersonalDataDigest = string.Empty,
        PreviousHash = new string('b', 64),
        Hash = string.Empty,
    };

    [Fact]
    public void ComputeHash_FormatVersion1_IsFrozen()
    {
        // If this fails, the canonical encoding changed: every existing ledger would stop verifying.
        Assert.Equal("0ecd5801e2fa32bec56856c0a7a8b6cb80a6c7466d03d0ba4a540040373a6bab", ConsentChain.ComputeHash(Fixed()));
    }

    [Fact]
    public void ComputeHash_IgnoresTheHashFieldAndThePersonalDataButCoversItsDigest()
    {
        var record = Fixed();
        var withPersonal = record with
        {
            Hash = "whatever",
            PersonalData = new ConsentPersonalData { Identifier = "+64211234567", Salt = new string('0', 32) },
        };

        Assert.Equal(ConsentChain.ComputeHash(record), ConsentChain.ComputeHash(withPersonal));
        Assert.NotEqual(ConsentChain.ComputeHash(record), ConsentChain.ComputeHash(record with { PersonalDataDigest = "x" }));
    }

    [Theory]
    [MemberData(nameof(EveryChainedField))]
    public void ComputeHash_ChangingAnyChainedField_ChangesTheHash(string field, Func<ConsentRecord, ConsentRecord> change)
    {
        var record = Fixed();

        Assert.True(ConsentChain.ComputeHash(record) != ConsentChain.ComputeHash(change(record)), field);
    }

    public static TheoryData<string, Func<ConsentRecord, ConsentRecord>> EveryChainedField() => new()
    {
        { "Sequence", r => r with { Sequence = 8 } },
        { "RecordId", r => r with { RecordId = Guid.Empty } },
        { "Subject", r => r with { Subject = SubjectKey.Parse(new string('c', 64)) } },
        { "Purpose", r => r with { Purpose = ConsentPurpose.Utility } },
        { "Action", r => r with { Action = ConsentAction.OptOut } },
        { "Method", r => r with { Method = ConsentMethod.Checkbox } },
        { "ConsentType", r => r with { ConsentType = ConsentType.Implied } },
        { "LawfulBasis", r => r with { LawfulBasis = LawfulBasis.SoftOptIn } },
        { "CapturedAt", r => r with { CapturedAt = r.CapturedAt.AddTicks(10) } },
        { "RecordedAt", r => r with { RecordedAt = r.RecordedAt.AddSeconds(1) } },
        { "Source", r => r with { Source = "web:other" } },
        { "Source null vs empty", r => r with { Source = null } },
        { "BusinessName", r => r with { BusinessName = "Acme" } },
        { "Jurisdiction", r => r with { Jurisdiction = "AU" } },
        { "Language", r => r with { Language = "mi" } },
        { "ExpiresAt", r => r with { ExpiresAt = r.CapturedAt.AddYears(2) } },
        { "EventId", r => r with { EventId = "e1" } },
        { "Wording", r => r with { Wording = "I agree." } },
        { "WordingVersion", r => r with { WordingVersion = "form-v4" } },
        { "CollectionPoint", r => r with { CollectionPoint = "https://acme.example" } },
        { "PreviousHash", r => r with { PreviousHash = new string('d', 64) } },
    };

    [Fact]
    public void NormalizeTimestamp_TruncatesToMicrosecondsInUtc()
    {
        var local = new DateTimeOffset(2026, 11, 2, 22, 0, 0, TimeSpan.FromHours(13)).AddTicks(19);

        var normalized = ConsentChain.NormalizeTimestamp(local);

        Assert.Equal(TimeSpan.Zero, normalized.Offset);
        Assert.Equal(local.UtcTicks - 9, normalized.UtcTicks);
    }

    [Fact]
    public void PersonalDataDigest_DependsOnTheSalt()
    {
        var data = new ConsentPersonalData { Identifier = "+64211234567", Salt = new string('0', 32) };

        Assert.NotEqual(ConsentChain.ComputePersonalDataDigest(data), ConsentChain.ComputePersonalDataDigest(data with { Salt = new string('1', 32) }));
        Assert.Equal(string.Empty, ConsentChain.ComputePersonalDataDigest(null));
    }
}
