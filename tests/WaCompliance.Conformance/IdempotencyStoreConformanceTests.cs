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

    [Fact]
    public async Task Get_UnknownKey_ReturnsNull()
    {
        Assert.Null(await Store.GetAsync("nope"));
        Assert.Null(await Store.FindByProviderMessageIdAsync("nope"));
    }
}
