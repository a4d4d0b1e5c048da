using WaCompliance.Idempotency;

namespace WaCompliance.Conformance;

/// <summary>The contract of <see cref="IIdempotencyStore"/>.</summary>
public abstract class IdempotencyStoreConformanceTests : StoreConformanceBase<IIdempotencyStore>
{
    [Fact]
    public async Task Claim_NewKey_IsNewAndInProgress()
    {
        var claim = await Store.TryClaimAsync("campaign-42:row-17", StoreTestContext.Start);

        Assert.True(claim.IsNew);
        Assert.Equal(SendStatus.InProgress, claim.Record.Status);
        Assert.Equal(StoreTestContext.Start, claim.Record.ClaimedAt);
    }

    [Fact]
    public async Task Claim_SameKeyAgain_IsNotNewAndReturnsTheFirstClaim()
    {
        await Store.TryClaimAsync("k1", StoreTestContext.Start);

        var second = await Store.TryClaimAsync("k1", StoreTestContext.Start.AddMinutes(1));

        Assert.False(second.IsNew);
        Assert.Equal(StoreTestContext.Start, second.Record.ClaimedAt);
    }

    [Fact]
    public async Task Claim_FiftyConcurrentClaimsOfOneKey_ExactlyOneWins()
    {
        using var start = new ManualResetEventSlim();
        var claims = Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await Store.TryClaimAsync("one-key", StoreTestContext.Start);
        })).ToArray();
        start.Set();

        var results = await Task.WhenAll(claims);

        Assert.Single(results, r => r.IsNew);
    }

    [Fact]
    public async Task Complete_Sent_RecordsOutcomeAndIsFoundByProviderMessageId()
    {
        await Store.TryClaimAsync("k1", StoreTestContext.Start);
        var consent = Guid.NewGuid();

        var record = await Store.CompleteAsync("k1", new SendOutcome(SendStatus.Sent, StoreTestContext.Start.AddSeconds(1))
        {
            Gateway = "twilio:main",
            ProviderMessageId = "SM0123456789abcdef0123456789abcdef",
            ConsentRecordId = consent,
        });

        Assert.Equal(SendStatus.Sent, record.Status);
        Assert.Equal(record, await Store.GetAsync("k1"));
        Assert.Equal(record, await Store.FindByProviderMessageIdAsync("SM0123456789abcdef0123456789abcdef"));
        Assert.Equal(consent, record.ConsentRecordId);
        Assert.Equal("twilio:main", record.Gateway);
    }

    [Fact]
    public async Task Complete_UnknownThenSent_ReconcilesTheOutcome()
    {
        await Store.TryClaimAsync("k1", StoreTestContext.Start);
        await Store.CompleteAsync("k1", new SendOutcome(SendStatus.Unknown, StoreTestContext.Start.AddSeconds(30)) { ErrorCode = "Timeout" });

        var record = await Store.CompleteAsync("k1", new SendOutcome(SendStatus.Sent, StoreTestContext.Start.AddMinutes(1)) { ProviderMessageId = "wamid.abc" });

        Assert.Equal(SendStatus.Sent, record.Status);
        Assert.Null(record.ErrorCode);
        Assert.Equal(record, await Store.FindByProviderMessageIdAsync("wamid.abc"));
    }

    [Fact]
    public async Task Complete_FinishedRecord_KeepsItsOutcome()
    {
        await Store.TryClaimAsync("k1", StoreTestContext.Start);
        await Store.CompleteAsync("k1", new SendOutcome(SendStatus.Sent, StoreTestContext.Start) { ProviderMessageId = "SM1" });

        var record = await Store.CompleteAsync("k1", new SendOutcome(SendStatus.Failed, StoreTestContext.Start.AddMinutes(1)) { ErrorCode = "RecipientInvalid" });

        Assert.Equal(SendStatus.Sent, record.Status);
        Assert.Equal("SM1", record.ProviderMessageId);
    }

    [Fact]
    public async Task Complete_NeverClaimed_Throws()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() =>
            Store.CompleteAsync("never", new SendOutcome(SendStatus.Sent, StoreTestContext.Start)).AsTask());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("tab\there")]
    public async Task Claim_InvalidKey_IsRefused(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.TryClaimAsync(key, StoreTestContext.Start).AsTask());
    }

    [Fact]
    public async Task Claim_KeyOfMaximumLengthWithUnicode_RoundTrips()
    {
        const string Prefix = "campaign:'🇳🇿';--";
        var key = Prefix + new string('x', 256 - Prefix.Length);

        await Store.TryClaimAsync(key, StoreTestContext.Start);

        Assert.Equal(key, (await Store.GetAsync(key))!.Key);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.TryClaimAsync(key + "x", StoreTestContext.Start).AsTask());
    }

    [Theory]
    [MemberData(nameof(HostileText.Data), MemberType = typeof(HostileText))]
    public async Task Complete_HostileTextInEveryField_RoundTripsExactly(string text)
    {
        var key = "k" + string.Concat(text.Where(c => !char.IsControl(c))); // keys refuse control characters
        await Store.TryClaimAsync(key, StoreTestContext.Start);

        var record = await Store.CompleteAsync(key, new SendOutcome(SendStatus.Failed, StoreTestContext.Start.AddSeconds(1))
        {
            Gateway = text,
            ProviderMessageId = "p" + text,
            ErrorCode = text,
            ErrorMessage = text,
        });

        Assert.Equal(record, await Store.GetAsync(key));
        Assert.Equal(record, await Store.FindByProviderMessageIdAsync("p" + text));
        Assert.True(string.Equals(text, record.ErrorMessage, StringComparison.Ordinal), HostileText.CodeUnits(record.ErrorMessage));
        Assert.False((await Store.TryClaimAsync(key, StoreTestContext.Start.AddMinutes(1))).IsNew);
    }

    [Theory]
    [MemberData(nameof(HostileText.UnkeepableData), MemberType = typeof(HostileText))]
    public async Task Complete_ErrorMessageWithNulOrUnpairedSurrogate_IsKeptWithReplacementCharacters(int index)
    {
        var text = HostileText.Unkeepable[index];
        // A provider's error text (decoded from JSON, where "\u0000" and "\ud800" are legal) never keeps an outcome from being stored.
        await Store.TryClaimAsync("k1", StoreTestContext.Start);

        var record = await Store.CompleteAsync("k1", new SendOutcome(SendStatus.Failed, StoreTestContext.Start) { ErrorCode = text, ErrorMessage = text });

        Assert.Equal((HostileText.Cleaned(text), HostileText.Cleaned(text)), (record.ErrorCode, record.ErrorMessage));
        Assert.Equal(record, await Store.GetAsync("k1"));
    }

    [Theory]
    [InlineData(@"k\uD800")]
    [InlineData(@"\uDC00k")]
    public async Task Claim_KeyWithAnUnpairedSurrogate_IsRefused(string escaped)
    {
        // No store could keep it exactly: two such keys would become one. (Escaped: xunit would carry the surrogate as U+FFFD.)
        var key = System.Text.RegularExpressions.Regex.Unescape(escaped);

        await Assert.ThrowsAsync<ArgumentException>(() => Store.TryClaimAsync(key, StoreTestContext.Start).AsTask());
    }

    [Fact]
    public async Task Get_UnknownKey_ReturnsNull()
    {
        Assert.Null(await Store.GetAsync("nope"));
        Assert.Null(await Store.FindByProviderMessageIdAsync("nope"));
    }

    private static readonly TimeSpan s_lease = TimeSpan.FromMinutes(10);

    private static SendClaim Claim(string key, DateTimeOffset? at = null, ResendPolicy resend = ResendPolicy.Never, string? reference = null) =>
        SendClaim.Create(key, at ?? StoreTestContext.Start, s_lease, resend) with { Reference = reference ?? IdempotencyRules.NewReference() };

    [Fact]
    public async Task Claim_StoresTheLeaseAndTheReferenceBeforeAnyOutcome()
    {
        var claim = await Store.TryClaimAsync(Claim("k1", reference: "wac_0123456789abcdef0123456789abcdef"));

        var stored = (await Store.GetAsync("k1"))!;
        Assert.Equal(claim.Record, stored);
        Assert.Equal((StoreTestContext.Start + s_lease, "wac_0123456789abcdef0123456789abcdef", 1, (SendStatus?)null),
            (stored.LeaseExpiresAt, stored.Reference, stored.Attempt, stored.PreviousStatus));
        Assert.Equal(stored, await Store.FindByReferenceAsync("wac_0123456789abcdef0123456789abcdef"));
        Assert.Null(await Store.FindByReferenceAsync("wac_ffffffffffffffffffffffffffffffff"));
    }

    [Theory]
    [InlineData(SendStatus.Failed, ResendPolicy.Never, false)]
    [InlineData(SendStatus.Failed, ResendPolicy.IfFailed, true)]
    [InlineData(SendStatus.Failed, ResendPolicy.IfFailedOrUnknown, true)]
    [InlineData(SendStatus.Unknown, ResendPolicy.Never, false)]
    [InlineData(SendStatus.Unknown, ResendPolicy.IfFailed, false)]
    [InlineData(SendStatus.Unknown, ResendPolicy.IfFailedOrUnknown, true)]
    [InlineData(SendStatus.Sent, ResendPolicy.IfFailedOrUnknown, false)]
    public async Task Claim_UsedKey_IsClaimedAgainOnlyWhenThePolicyAllowsItsStatus(SendStatus status, ResendPolicy policy, bool again)
    {
        await Store.TryClaimAsync(Claim("k1"));
        await Store.CompleteAsync("k1", new SendOutcome(status, StoreTestContext.Start.AddSeconds(1)) { ErrorCode = "X", ProviderMessageId = status == SendStatus.Sent ? "SM1" : null });

        var claim = await Store.TryClaimAsync(Claim("k1", StoreTestContext.Start.AddMinutes(1), policy, "wac_resend"));

        Assert.Equal(again, claim.IsNew);
        var stored = (await Store.GetAsync("k1"))!;
        if (again)
        {
            Assert.Equal((SendStatus.InProgress, 2, status, "wac_resend", StoreTestContext.Start.AddMinutes(1)),
                (stored.Status, stored.Attempt, stored.PreviousStatus, stored.Reference, stored.ClaimedAt));
            Assert.Equal((null, null, null), (stored.ErrorCode, stored.CompletedAt, stored.ProviderMessageId));
            Assert.Equal(StoreTestContext.Start.AddMinutes(1) + s_lease, stored.LeaseExpiresAt);
        }
        else
        {
            Assert.Equal((status, 1), (stored.Status, stored.Attempt));
        }

        Assert.Equal(stored, claim.Record);
    }

    [Fact]
    public async Task Claim_FiftyConcurrentResendsOfAFailedKey_ExactlyOneWins()
    {
        await Store.TryClaimAsync(Claim("k1"));
        await Store.CompleteAsync("k1", new SendOutcome(SendStatus.Failed, StoreTestContext.Start) { ErrorCode = "InvalidRequest" });
        using var start = new ManualResetEventSlim();
        var claims = Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await Store.TryClaimAsync(Claim("k1", StoreTestContext.Start.AddMinutes(1), ResendPolicy.IfFailed));
        })).ToArray();
        start.Set();

        var results = await Task.WhenAll(claims);

        var winner = Assert.Single(results, r => r.IsNew);
        Assert.Equal(2, (await Store.GetAsync("k1"))!.Attempt);
        Assert.Equal(winner.Record.Reference, (await Store.GetAsync("k1"))!.Reference);
    }

    [Fact]
    public async Task Complete_OutcomeOfAnAttemptAResendReplaced_ChangesNothing()
    {
        var first = await Store.TryClaimAsync(Claim("k1"));
        await Store.CompleteAsync("k1", new SendOutcome(SendStatus.Unknown, StoreTestContext.Start) { Reference = first.Record.Reference, ErrorCode = "Timeout" });
        var second = await Store.TryClaimAsync(Claim("k1", StoreTestContext.Start.AddMinutes(1), ResendPolicy.IfFailedOrUnknown));

        var late = await Store.CompleteAsync("k1", new SendOutcome(SendStatus.Sent, StoreTestContext.Start.AddMinutes(2)) { Reference = first.Record.Reference, ProviderMessageId = "SM-old" });

        Assert.Equal((SendStatus.InProgress, null, second.Record.Reference), (late.Status, late.ProviderMessageId, late.Reference));
        Assert.Null(await Store.FindByProviderMessageIdAsync("SM-old"));
        Assert.Null(await Store.FindByReferenceAsync(first.Record.Reference!));
        var current = await Store.CompleteAsync("k1", new SendOutcome(SendStatus.Sent, StoreTestContext.Start.AddMinutes(2)) { Reference = second.Record.Reference, ProviderMessageId = "SM-new" });
        Assert.Equal((SendStatus.Sent, "SM-new"), (current.Status, current.ProviderMessageId));
    }

    [Fact]
    public async Task FindByProviderMessageId_AfterAResend_DoesNotReturnTheReplacedAttempt()
    {
        await Store.TryClaimAsync(Claim("k1"));
        await Store.CompleteAsync("k1", new SendOutcome(SendStatus.Failed, StoreTestContext.Start) { ProviderMessageId = "SM-failed", ErrorCode = "RecipientInvalid" });
        Assert.NotNull(await Store.FindByProviderMessageIdAsync("SM-failed"));

        await Store.TryClaimAsync(Claim("k1", StoreTestContext.Start.AddMinutes(1), ResendPolicy.IfFailed));

        Assert.Null(await Store.FindByProviderMessageIdAsync("SM-failed"));
    }

    [Fact]
    public async Task ExpireLeases_TurnsOnlyClaimsInProgressWhoseLeaseEndedIntoUnknown()
    {
        await Store.TryClaimAsync(Claim("old", StoreTestContext.Start));
        await Store.TryClaimAsync(Claim("newer", StoreTestContext.Start.AddMinutes(5)));
        await Store.TryClaimAsync(Claim("done", StoreTestContext.Start));
        await Store.CompleteAsync("done", new SendOutcome(SendStatus.Sent, StoreTestContext.Start.AddSeconds(1)) { ProviderMessageId = "SM1" });
        var now = StoreTestContext.Start + s_lease;

        var expired = await Store.ExpireLeasesAsync(now, 100);

        var record = Assert.Single(expired);
        Assert.Equal(("old", SendStatus.Unknown, IdempotencyRules.LeaseExpiredCode, now), (record.Key, record.Status, record.ErrorCode, record.CompletedAt));
        Assert.Equal(record, await Store.GetAsync("old"));
        Assert.Equal(SendStatus.InProgress, (await Store.GetAsync("newer"))!.Status);
        Assert.Equal(SendStatus.Sent, (await Store.GetAsync("done"))!.Status);
        Assert.Empty(await Store.ExpireLeasesAsync(now, 100));
    }

    [Fact]
    public async Task ExpireLeases_OldestLeaseFirst_AtMostTheLimit()
    {
        for (var i = 0; i < 5; i++)
        {
            await Store.TryClaimAsync(Claim($"k{i}", StoreTestContext.Start.AddSeconds(10 - i)));
        }

        var first = await Store.ExpireLeasesAsync(StoreTestContext.Start.AddHours(1), 2);
        var rest = await Store.ExpireLeasesAsync(StoreTestContext.Start.AddHours(1), 10);

        Assert.Equal(["k4", "k3"], first.Select(r => r.Key));
        Assert.Equal(["k2", "k1", "k0"], rest.Select(r => r.Key));
    }

    [Fact]
    public async Task ExpireLeases_ThenALateOutcome_TheOutcomeReconcilesTheUnknownRecord()
    {
        var claim = await Store.TryClaimAsync(Claim("k1"));
        await Store.ExpireLeasesAsync(StoreTestContext.Start + s_lease, 10);

        var record = await Store.CompleteAsync("k1", new SendOutcome(SendStatus.Sent, StoreTestContext.Start.AddHours(1)) { Reference = claim.Record.Reference, ProviderMessageId = "wamid.late" });

        Assert.Equal((SendStatus.Sent, "wamid.late", null), (record.Status, record.ProviderMessageId, record.ErrorCode));
    }

    [Fact]
    public async Task GetByStatus_OldestClaimFirst_AtMostTheLimit()
    {
        for (var i = 0; i < 4; i++)
        {
            await Store.TryClaimAsync(Claim($"k{i}", StoreTestContext.Start.AddSeconds(10 - i)));
            await Store.CompleteAsync($"k{i}", new SendOutcome(i == 2 ? SendStatus.Sent : SendStatus.Unknown, StoreTestContext.Start.AddMinutes(1)) { ProviderMessageId = i == 2 ? "SM2" : null });
        }

        var unknown = await Store.GetByStatusAsync(SendStatus.Unknown, 2);

        Assert.Equal(["k3", "k1"], unknown.Select(r => r.Key));
        Assert.Equal(["k2"], (await Store.GetByStatusAsync(SendStatus.Sent, 10)).Select(r => r.Key));
        Assert.Empty(await Store.GetByStatusAsync(SendStatus.InProgress, 10));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("wac_\u00e9")]
    public async Task Claim_InvalidReference_IsRefused(string reference)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.TryClaimAsync(Claim("k1") with { Reference = reference }).AsTask());
        Assert.Null(await Store.GetAsync("k1"));
    }
}
