using WaCompliance.Consent;
using WaCompliance.Gateways;
using WaCompliance.Identities;
using WaCompliance.Messaging;
using WaCompliance.Templates;
using static WaCompliance.Tests.ComplianceHarness;

namespace WaCompliance.Tests.Messaging;

/// <summary>The messenger's guarantees (one key one send, opt-out wins, fail closed) hold for business-scoped user IDs too.</summary>
public sealed class UserIdRecipientTests
{
    private static readonly BusinessScopedUserId s_user = BusinessScopedUserId.Parse("BR.7712093455123009");

    private static async Task<ComplianceHarness> ReadyAsync(Action<WhatsAppComplianceOptions>? configure = null)
    {
        var h = new ComplianceHarness(o =>
        {
            o.Policy.QuietHours.International = null;
            o.Policy.DuplicateWindow = TimeSpan.Zero;
            o.Policy.PairRateInterval = TimeSpan.Zero;
            o.Policy.MessagingLimit = null;
            o.Sending.MessagesPerSecondPerSender = 0;
            configure?.Invoke(o);
        });
        await h.OptInAsync(s_user, ConsentPurpose.Utility);
        await h.TemplateAsync("order_shipped", TemplateCategory.Utility);
        return h;
    }

    [Fact]
    public async Task FiftyConcurrentSendsWithOneKey_ToAUserId_ReachTheGatewayOnce()
    {
        await using var h = await ReadyAsync();
        using var start = new ManualResetEventSlim();

        var sends = Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await h.Messenger.SendAsync(Utility(s_user) with { IdempotencyKey = "campaign-7:row-3" });
        })).ToArray();
        start.Set();
        var results = await Task.WhenAll(sends);

        Assert.Equal(1, h.Gateway.CallCount);
        Assert.Single(results, r => r.Status == SendResultStatus.Sent);
        Assert.Equal(s_user, h.Gateway.Sent[0].To.UserId);
    }

    [Fact]
    public async Task SameKeyTwice_ToAUserId_SecondIsADuplicateWithTheFirstOutcome()
    {
        await using var h = await ReadyAsync();

        var first = await h.Messenger.SendAsync(Utility(s_user) with { IdempotencyKey = "k-1" });
        var second = await h.Messenger.SendAsync(Utility(s_user) with { IdempotencyKey = "k-1" });

        Assert.Equal(SendResultStatus.Sent, first.Status);
        Assert.Equal(SendResultStatus.Duplicate, second.Status);
        Assert.Equal(1, h.Gateway.CallCount);
    }

    [Fact]
    public async Task OptOutUnderTheLinkedPhone_WhileSendsToTheUserIdAreInFlight_NoSendEvaluatedAfterItGoesOut()
    {
        await using var h = await ReadyAsync();
        await h.Links.LinkAsync(new IdentityLink { First = Brazil, Second = s_user, Reason = IdentityLinkReason.SameEvent, Source = "main", LinkedAt = h.Time.GetUtcNow() });
        var optedOut = 0;
        var violations = 0;
        using var halfway = new SemaphoreSlim(0);
        using var resume = new ManualResetEventSlim();

        var threads = Enumerable.Range(0, 4).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
            {
                if (t == 0 && i == 20)
                {
                    // Forced interleaving: the opt-out lands while the other threads are mid-run.
                    halfway.Release();
                    resume.Wait();
                }

                var startedAfterOptOut = Volatile.Read(ref optedOut) == 1;
                var result = await h.Messenger.SendAsync(Utility(s_user) with { IdempotencyKey = $"t{t}-{i}" });
                if (startedAfterOptOut && result.Status == SendResultStatus.Sent)
                {
                    Interlocked.Increment(ref violations);
                }
            }
        })).ToArray();
        await halfway.WaitAsync();
        await h.Ledger.RecordAsync(ConsentEvent.OptOut(Brazil, ConsentPurpose.All, ConsentMethod.Keyword));
        Volatile.Write(ref optedOut, 1);
        resume.Set();
        await Task.WhenAll(threads);

        Assert.Equal(0, violations);
        Assert.True(h.Gateway.CallCount >= 20, "thread 0 sent its first 20 before the opt-out");
        Assert.Equal(SendResultStatus.Blocked, (await h.Messenger.SendAsync(Utility(s_user) with { IdempotencyKey = "after" })).Status);
    }

    [Fact]
    public async Task ASendResponseThatNamesThePhone_LinksIt_SoAStopUnderThePhoneRefusesTheUserId()
    {
        await using var h = await ReadyAsync();
        h.Gateway.Then(GatewaySendResult.Accepted("wamid.out.1", new WhatsAppIdentity(Brazil, s_user)));

        var sent = await h.Messenger.SendAsync(Utility(s_user) with { IdempotencyKey = "reach-1" });
        Assert.Equal(SendResultStatus.Sent, sent.Status);
        var link = Assert.Single(await h.Links.GetLinksAsync(s_user));
        Assert.Equal(IdentityLinkReason.SendResponse, link.Reason);

        await h.Ledger.RecordAsync(ConsentEvent.OptOut(Brazil, ConsentPurpose.All, ConsentMethod.Keyword));
        Assert.Equal(SendResultStatus.Blocked, (await h.Messenger.SendAsync(Utility(s_user) with { IdempotencyKey = "reach-2" })).Status);
    }

    [Fact]
    public async Task ProviderRefusal131062_IsAFailureWithTheUserIdCode_AndChangesNoState()
    {
        await using var h = await ReadyAsync();
        h.Gateway.Then(GatewaySendResult.Refused(new ProviderError(ProviderErrorKind.UserIdNotSupported, "131062", "Business-scoped User ID recipients are not supported for this message")));

        var result = await h.Messenger.SendAsync(Utility(s_user) with { IdempotencyKey = "u-1" });

        Assert.Equal(SendResultStatus.Failed, result.Status);
        Assert.Equal(ProviderErrorKind.UserIdNotSupported, result.Error!.Kind);
        Assert.Equal(ConsentStatus.OptedIn, (await h.Ledger.GetStateAsync(s_user, ConsentPurpose.Utility)).Status);
    }
}
