using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WaCompliance.Idempotency;
using WaCompliance.Messaging;
using WaCompliance.Policy;
using static WaCompliance.Tests.ComplianceHarness;

namespace WaCompliance.Tests.Messaging;

public sealed class SendRecoveryTests
{
    [Fact]
    public async Task HostStarted_RunsRecoveryOnce_AnAbandonedClaimBecomesUnknown()
    {
        await using var h = new ComplianceHarness();
        await h.Sends.TryClaimAsync(SendClaim.Create("k1", Start.AddMinutes(-20), TimeSpan.FromMinutes(10)));
        await h.Sends.TryClaimAsync(SendClaim.Create("k2", Start, TimeSpan.FromMinutes(10)));
        var service = Assert.Single(h.Services.GetServices<IHostedService>().OfType<IHostedLifecycleService>(), s => s is SendRecoveryHostedService);

        await service.StartedAsync(CancellationToken.None);

        Assert.Equal((SendStatus.Unknown, IdempotencyRules.LeaseExpiredCode), ((await h.Sends.GetAsync("k1"))!.Status, (await h.Sends.GetAsync("k1"))!.ErrorCode));
        Assert.Equal(SendStatus.InProgress, (await h.Sends.GetAsync("k2"))!.Status);
    }

    [Fact]
    public async Task HostStarted_WithRecoverOnStartOff_LeavesClaimsAlone()
    {
        await using var h = new ComplianceHarness(o => o.Sending.RecoverOnStart = false);
        await h.Sends.TryClaimAsync(SendClaim.Create("k1", Start.AddMinutes(-20), TimeSpan.FromMinutes(10)));
        var service = h.Services.GetServices<IHostedService>().OfType<SendRecoveryHostedService>().Single();

        await service.StartedAsync(CancellationToken.None);

        Assert.Equal(SendStatus.InProgress, (await h.Sends.GetAsync("k1"))!.Status);
    }

    [Fact]
    public async Task Recover_ManyAbandonedClaims_ExpiresEveryOne_AndReportsUpToTheLimit()
    {
        await using var h = new ComplianceHarness();
        for (var i = 0; i < 1_200; i++)
        {
            await h.Sends.TryClaimAsync(SendClaim.Create($"k{i:D4}", Start.AddMinutes(-30).AddMilliseconds(i), TimeSpan.FromMinutes(10)));
        }

        var report = await h.Get<SendRecovery>().RecoverAsync(limit: 100);

        Assert.Equal(100, report.Expired.Count);
        Assert.Equal(100, report.Unresolved.Count);
        Assert.True(report.IsTruncated);
        Assert.Equal(Start, report.RecoveredAt);
        Assert.Empty(await h.Sends.GetByStatusAsync(SendStatus.InProgress, 10));
        Assert.Equal(1_200, (await h.Sends.GetByStatusAsync(SendStatus.Unknown, 2_000)).Count);
        Assert.False((await h.Get<SendRecovery>().RecoverAsync(limit: 2_000)).IsTruncated);
    }

    [Fact]
    public async Task Recover_StoreFailing_IsComplianceStateUnavailableNamingTheStore()
    {
        var store = new Moq.Mock<IIdempotencyStore>();
        store.Setup(s => s.ExpireLeasesAsync(Moq.It.IsAny<DateTimeOffset>(), Moq.It.IsAny<int>(), Moq.It.IsAny<CancellationToken>()))
            .Throws(new InvalidOperationException("The store is unreachable."));
        await using var h = new ComplianceHarness(services: s => s.AddSingleton(store.Object));

        var error = await Assert.ThrowsAsync<ComplianceStateUnavailableException>(() => h.Get<SendRecovery>().RecoverAsync().AsTask());

        Assert.Equal("idempotency store", error.Store);
    }

    [Fact]
    public async Task HostStarted_StoreFailing_DoesNotStopTheHost()
    {
        var failing = new Moq.Mock<IIdempotencyStore>();
        failing.Setup(s => s.ExpireLeasesAsync(Moq.It.IsAny<DateTimeOffset>(), Moq.It.IsAny<int>(), Moq.It.IsAny<CancellationToken>()))
            .Throws(new InvalidOperationException("The store is unreachable."));
        await using var h = new ComplianceHarness(services: s => s.AddSingleton(failing.Object));
        var service = h.Services.GetServices<IHostedService>().OfType<SendRecoveryHostedService>().Single();

        await service.StartedAsync(CancellationToken.None);

        failing.Verify(s => s.ExpireLeasesAsync(Start, Moq.It.IsAny<int>(), Moq.It.IsAny<CancellationToken>()), Moq.Times.Once());
    }
}
