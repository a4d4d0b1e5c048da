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
}
