using WaCompliance.Consent;
using WaCompliance.Identities;
using static WaCompliance.Tests.ComplianceHarness;

namespace WaCompliance.Tests.Consent;

/// <summary>
/// Issue 11 part 2: opt-outs cannot be refused by time, and state is ordered by what we received, bounded by the
/// capture time only within the allowed skew (through the ledger's public API, in-memory store).
/// </summary>
public sealed class ConsentTimeOrderingTests
{
    private static readonly ConsentEvidence s_form = new("Yes, send me offers from Acme Ltd on WhatsApp. Reply STOP to opt out.", "form-v3");

    private static ConsentEvent OptIn(WhatsAppIdentifier who, DateTimeOffset? capturedAt, ConsentPurpose? purpose = null) =>
        ConsentEvent.OptIn(who, purpose ?? ConsentPurpose.Marketing, ConsentMethod.WebForm, s_form, capturedAt);

    private static ConsentEvent Stop(WhatsAppIdentifier who, DateTimeOffset? capturedAt, ConsentPurpose? purpose = null) =>
        ConsentEvent.OptOut(who, purpose ?? ConsentPurpose.All, ConsentMethod.Keyword, new ConsentEvidence { MessageId = "wamid.1", RawInput = "STOP" }, capturedAt);

    private static async Task<ConsentStatus> MarketingAsync(ComplianceHarness h) =>
        (await h.Ledger.GetStateAsync(Nz, ConsentPurpose.Marketing)).Status;

    [Fact]
    public async Task AnOptInDatedWithinTheSkewAhead_DoesNotOutlastAStopRecordedAfterIt()
    {
        await using var h = new ComplianceHarness();
        var now = h.Time.GetUtcNow();
        await h.Ledger.RecordAsync(OptIn(Nz, now.AddMinutes(4)));
        h.Time.Advance(TimeSpan.FromMinutes(1));

        await h.Ledger.RecordAsync(Stop(Nz, null));

        Assert.Equal(ConsentStatus.OptedOut, await MarketingAsync(h));
    }

    [Fact]
    public async Task AStopDatedInTheFuture_IsRecordedAsCapturedWhenReceived_WithTheReportedTimeKept()
    {
        await using var h = new ComplianceHarness();
        await h.OptInAsync(Nz, ConsentPurpose.Marketing);
        var now = h.Time.GetUtcNow();

        var record = await h.Ledger.RecordAsync(Stop(Nz, now.AddHours(3)));

        Assert.Equal((now, now.AddHours(3)), (record.CapturedAt, record.ReportedAt));
        Assert.Equal(ConsentStatus.OptedOut, await MarketingAsync(h));
        var stored = Assert.Single(await ToListAsync(h.Ledger.GetHistoryAsync(Nz)), r => r.Action == ConsentAction.OptOut);
        Assert.Equal(now.AddHours(3), stored.ReportedAt);
    }

    [Fact]
    public async Task AStopDatedWithinTheSkewAhead_IsRecordedAsCapturedWhenReceived()
    {
        await using var h = new ComplianceHarness();
        var now = h.Time.GetUtcNow();

        var record = await h.Ledger.RecordAsync(Stop(Nz, now.AddMinutes(2)));

        Assert.Equal((now, now.AddMinutes(2)), (record.CapturedAt, record.ReportedAt));
    }

    public static TheoryData<string> AbsurdTimes => new() { "0001-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "1999-12-31T23:59:59Z", "9999-12-31T23:59:59Z" };

    [Theory]
    [MemberData(nameof(AbsurdTimes))]
    public async Task AStopWithAnAbsurdTime_IsRecordedAsCapturedWhenReceived(string reported)
    {
        await using var h = new ComplianceHarness();
        await h.OptInAsync(Nz, ConsentPurpose.Marketing);
        var at = DateTimeOffset.Parse(reported, System.Globalization.CultureInfo.InvariantCulture);

        var record = await h.Ledger.RecordAsync(Stop(Nz, at));

        Assert.Equal((h.Time.GetUtcNow(), ConsentChain.NormalizeTimestamp(at)), (record.CapturedAt, record.ReportedAt));
        Assert.Equal(ConsentStatus.OptedOut, await MarketingAsync(h));
    }

    [Fact]
    public async Task AStopWithItsOwnPlausiblePastTime_KeepsItAsTheCaptureTime()
    {
        await using var h = new ComplianceHarness();
        var at = h.Time.GetUtcNow().AddHours(-2);

        var record = await h.Ledger.RecordAsync(Stop(Nz, at));

        Assert.Equal(at, record.CapturedAt);
        Assert.Null(record.ReportedAt);
    }

    [Fact]
    public async Task AStopsBatch_WithFutureAndAbsurdTimes_RecordsEveryOne()
    {
        await using var h = new ComplianceHarness();
        var now = h.Time.GetUtcNow();

        var result = await h.Ledger.RecordManyAsync([Stop(Nz, now.AddDays(2)), Stop(Germany, DateTimeOffset.MinValue), Stop(Britain, DateTimeOffset.MaxValue)]);

        Assert.Empty(result.Rejected);
        Assert.All(result.Recorded, r => Assert.Equal(now, r.CapturedAt));
    }

    [Fact]
    public async Task AnOptInDatedBeyondTheSkew_IsStillRefused()
    {
        await using var h = new ComplianceHarness();

        var error = await Assert.ThrowsAsync<ConsentValidationException>(
            () => h.Ledger.RecordAsync(OptIn(Nz, h.Time.GetUtcNow() + ConsentLedger.AllowedClockSkew + TimeSpan.FromSeconds(1))).AsTask());

        Assert.Equal("CONSENT_CAPTURED_IN_FUTURE", error.Code);
    }

    [Fact]
    public async Task AStopWithAnOldProviderTimestamp_BeatsAnOptInRecordedBeforeIt()
    {
        await using var h = new ComplianceHarness();
        var now = h.Time.GetUtcNow();
        await h.Ledger.RecordAsync(OptIn(Nz, now));
        h.Time.Advance(TimeSpan.FromHours(1));

        await h.Ledger.RecordAsync(Stop(Nz, now.AddDays(-1)));

        Assert.Equal(ConsentStatus.OptedOut, await MarketingAsync(h));
    }

    [Fact]
    public async Task AnOptInCapturedBeforeTheStopWasReceived_RecordedAfterIt_DoesNotLiftIt()
    {
        await using var h = new ComplianceHarness();
        var stopReceived = h.Time.GetUtcNow();
        await h.Ledger.RecordAsync(Stop(Nz, null));
        h.Time.Advance(TimeSpan.FromHours(1));

        // A form filled in a minute before the STOP arrived, recorded an hour later.
        await h.Ledger.RecordAsync(OptIn(Nz, stopReceived.AddMinutes(-1)));

        Assert.Equal(ConsentStatus.OptedOut, await MarketingAsync(h));
    }

    [Fact]
    public async Task AHistoricalOptInImportedAfterAStop_DoesNotLiftIt()
    {
        await using var h = new ComplianceHarness();
        var yesterday = h.Time.GetUtcNow();
        await h.Ledger.RecordAsync(Stop(Nz, null));
        h.Time.Advance(TimeSpan.FromDays(1));

        await h.Ledger.RecordAsync(OptIn(Nz, yesterday.AddDays(-365)));

        Assert.Equal(ConsentStatus.OptedOut, await MarketingAsync(h));
    }

    [Fact]
    public async Task AnOptInCapturedAfterTheStopWasReceived_Resubscribes()
    {
        await using var h = new ComplianceHarness();
        await h.Ledger.RecordAsync(Stop(Nz, null));
        h.Time.Advance(TimeSpan.FromMinutes(10));

        await h.Ledger.RecordAsync(OptIn(Nz, h.Time.GetUtcNow().AddMinutes(-1)));

        Assert.Equal(ConsentStatus.OptedIn, await MarketingAsync(h));
    }

    [Fact]
    public async Task AStartAMinuteAfterAStop_ThroughAProviderWhoseClockLagsOurs_Resubscribes()
    {
        await using var h = new ComplianceHarness();
        var provider = h.Time.GetUtcNow().AddMinutes(-2);

        // The STOP says 12:00 and arrives at 12:02 by our clock; the START says 12:01 and arrives at 12:03.
        await h.Ledger.RecordAsync(Stop(Nz, provider));
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.Ledger.RecordAsync(OptIn(Nz, provider.AddMinutes(1)) with { Method = ConsentMethod.Keyword });

        Assert.Equal(ConsentStatus.OptedIn, await MarketingAsync(h));
    }

    [Fact]
    public async Task AnOlderCaptureRecordedLater_DoesNotReplaceTheOptInInForce()
    {
        await using var h = new ComplianceHarness();
        var now = h.Time.GetUtcNow();
        await h.Ledger.RecordAsync(OptIn(Nz, now));
        h.Time.Advance(TimeSpan.FromHours(1));

        // An import of an implied consent from two years ago, long expired, recorded after the express one.
        await h.Ledger.RecordAsync(OptIn(Nz, now.AddYears(-2)) with
        {
            ConsentType = ConsentType.Implied,
            ExpiresAt = now.AddYears(-1),
        });

        Assert.Equal(ConsentStatus.OptedIn, await MarketingAsync(h));
    }

    [Fact]
    public async Task BetweenTwoOptIns_AFutureDatedOneDoesNotStayAheadOfOneExpressedLater()
    {
        await using var h = new ComplianceHarness();
        var now = h.Time.GetUtcNow();
        await h.Ledger.RecordAsync(OptIn(Nz, now.AddMinutes(4)) with { ExpiresAt = now.AddMinutes(30) });
        h.Time.Advance(TimeSpan.FromMinutes(2));

        // Expressed after the first was recorded: it decides, and it does not expire.
        await h.Ledger.RecordAsync(OptIn(Nz, null));
        h.Time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(ConsentStatus.OptedIn, await MarketingAsync(h));
    }

    [Fact]
    public async Task AStopRecordedLaterThanAnotherStop_IsTheOneALaterOptInMustFollow()
    {
        await using var h = new ComplianceHarness();
        var start = h.Time.GetUtcNow();
        await h.Ledger.RecordAsync(Stop(Nz, null));
        h.Time.Advance(TimeSpan.FromHours(2));

        // A second STOP with an old timestamp, then an opt-in captured between the two STOPs' arrivals.
        await h.Ledger.RecordAsync(Stop(Nz, start.AddDays(-3)));
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.Ledger.RecordAsync(OptIn(Nz, start.AddHours(1)));

        Assert.Equal(ConsentStatus.OptedOut, await MarketingAsync(h));
    }

    [Fact]
    public async Task AFutureDatedOptInUnderALinkedIdentifier_DoesNotOutlastAStopUnderAnother()
    {
        await using var h = new ComplianceHarness();
        var userId = BusinessScopedUserId.Parse("NZ.1234567890123456");
        await h.Links.LinkAsync(new IdentityLink
        {
            First = Nz,
            Second = userId,
            Reason = IdentityLinkReason.SameEvent,
            Source = "test",
            LinkedAt = h.Time.GetUtcNow(),
        });
        await h.Ledger.RecordAsync(OptIn(userId, h.Time.GetUtcNow().AddMinutes(4)));
        h.Time.Advance(TimeSpan.FromMinutes(1));

        await h.Ledger.RecordAsync(Stop(Nz, null));

        Assert.Equal(ConsentStatus.OptedOut, (await h.Ledger.GetStateAsync(userId, ConsentPurpose.Marketing)).Status);
        Assert.Equal(ConsentStatus.OptedOut, (await h.Ledger.GetStateAsync(Nz, ConsentPurpose.Marketing)).Status);
    }

    [Fact]
    public void Supersedes_IsAntisymmetricForAnyTwoRecords()
    {
        var t = Start;
        ConsentRecord R(long sequence, ConsentAction action, DateTimeOffset captured, DateTimeOffset recorded) => new()
        {
            Sequence = sequence,
            RecordId = Guid.NewGuid(),
            Subject = default,
            Purpose = ConsentPurpose.Marketing,
            Action = action,
            Method = ConsentMethod.WebForm,
            ConsentType = ConsentType.Express,
            LawfulBasis = LawfulBasis.Consent,
            CapturedAt = captured,
            RecordedAt = recorded,
            PersonalDataDigest = string.Empty,
            PreviousHash = string.Empty,
            Hash = string.Empty,
        };
        var offsets = new[] { -600, -300, -1, 0, 1, 240, 600 };
        var records = new List<ConsentRecord>();
        var sequence = 0L;
        foreach (var action in new[] { ConsentAction.OptIn, ConsentAction.OptOut })
        {
            foreach (var captured in offsets)
            {
                foreach (var recorded in new[] { 0, 60, 3600 })
                {
                    records.Add(R(++sequence, action, t.AddSeconds(recorded + captured), t.AddSeconds(recorded)));
                }
            }
        }

        foreach (var a in records)
        {
            foreach (var b in records.Where(b => b.Sequence != a.Sequence))
            {
                Assert.NotEqual(ConsentSnapshot.Supersedes(a, b), ConsentSnapshot.Supersedes(b, a));
            }
        }
    }

    private static async Task<List<ConsentRecord>> ToListAsync(IAsyncEnumerable<ConsentRecord> records)
    {
        var list = new List<ConsentRecord>();
        await foreach (var record in records)
        {
            list.Add(record);
        }

        return list;
    }
}
