using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WaCompliance.Consent;
using WaCompliance.Gateways;
using WaCompliance.Idempotency;
using WaCompliance.Messaging;
using WaCompliance.Numbers;
using WaCompliance.Templates;
using WaCompliance.Testing;
using WaCompliance.Webhooks;

namespace WaCompliance.Conformance;

/// <summary>
/// The send path over a store: exactly once or openly unknown, whatever step a process dies at, and campaigns that
/// honour an opt-out another instance commits while they run. Each test starts "instances" (separate service
/// providers, as separate processes would have) on one shared store. A process killed at a step is an instance held
/// at a gate there and abandoned: it never writes again, and a new instance on the same store takes over.
/// </summary>
public abstract class SendPathConformanceTests : IAsyncLifetime
{
    /// <summary>The business number the recording gateways send from.</summary>
    protected static readonly WhatsAppNumber Business = WhatsAppNumber.Parse("+14155550100");

    private static readonly TimeSpan s_lease = TimeSpan.FromMinutes(10);
    private readonly List<SendPathInstance> _instances = [];

    /// <summary>The clock every instance of a test shares.</summary>
    protected FakeTimeProvider Time { get; } = new(StoreTestContext.Start);

    /// <summary>Adds the shared store to a new instance: every instance of one test must see the same data.</summary>
    /// <param name="builder">The instance's builder.</param>
    protected abstract void AddStorage(IWhatsAppComplianceBuilder builder);

    /// <inheritdoc />
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }
    }

    [Fact]
    public async Task KilledAfterTheClaim_BeforeTheProviderCall_TheKeyBecomesUnknownAfterItsLeaseAndIsNeverSentTwice()
    {
        var dead = Start();
        await SeedAsync(dead, 1);
        dead.Store.AfterClaim = new Gate();
        dead.Store.BeforeComplete = new Gate();
        _ = dead.Messenger.SendAsync(Message(1, "k1")).AsTask();
        await dead.Store.AfterClaim.Entered;

        var next = Start();
        var early = await next.Recovery.RecoverAsync();
        Assert.Empty(early.Expired);
        Assert.Equal(SendStatus.InProgress, (await next.Sends.GetAsync("k1"))!.Status);
        Assert.Equal(SendResultStatus.Duplicate, (await next.Messenger.SendAsync(Message(1, "k1"))).Status);

        Time.Advance(s_lease);
        var report = await next.Recovery.RecoverAsync();

        var expired = Assert.Single(report.Expired);
        Assert.Equal(("k1", SendStatus.Unknown, IdempotencyRules.LeaseExpiredCode), (expired.Key, expired.Status, expired.ErrorCode));
        Assert.Contains(report.Unresolved, r => r.Key == "k1");
        Assert.Equal(SendResultStatus.Duplicate, (await next.Messenger.SendAsync(Message(1, "k1"))).Status);
        Assert.Equal(0, dead.Gateway.CallCount + next.Gateway.CallCount);
        Assert.Empty((await next.Recovery.RecoverAsync()).Expired);
    }

    [Fact]
    public async Task KilledAfterTheClaim_AChosenResendOfTheUnknownKey_SendsItOnceAsAttemptTwo()
    {
        var dead = Start();
        await SeedAsync(dead, 1);
        dead.Store.AfterClaim = new Gate();
        _ = dead.Messenger.SendAsync(Message(1, "k1")).AsTask();
        await dead.Store.AfterClaim.Entered;
        Time.Advance(s_lease);
        var next = Start();
        await next.Recovery.RecoverAsync();

        var resent = await next.Messenger.SendAsync(Message(1, "k1") with { Resend = ResendPolicy.IfFailedOrUnknown });
        var again = await next.Messenger.SendAsync(Message(1, "k1") with { Resend = ResendPolicy.IfFailedOrUnknown });

        Assert.Equal((SendResultStatus.Sent, SendResultStatus.Duplicate), (resent.Status, again.Status));
        var record = (await next.Sends.GetAsync("k1"))!;
        Assert.Equal((SendStatus.Sent, 2, SendStatus.Unknown), (record.Status, record.Attempt, record.PreviousStatus));
        Assert.Equal(1, dead.Gateway.CallCount + next.Gateway.CallCount);
    }

    [Fact]
    public async Task KilledAfterTheProviderAccepted_BeforeTheOutcome_AStatusWebhookNamingTheReferenceReconcilesIt()
    {
        var dead = Start();
        await SeedAsync(dead, 1);
        dead.Store.BeforeComplete = new Gate();
        _ = dead.Messenger.SendAsync(Message(1, "k1")).AsTask();
        await dead.Store.BeforeComplete.Entered;
        var sent = Assert.Single(dead.Gateway.Sent);
        var claimed = (await dead.Sends.GetAsync("k1"))!;
        Assert.Equal((SendStatus.InProgress, null), (claimed.Status, claimed.ProviderMessageId));
        Assert.Equal(claimed.Reference, sent.Reference);

        var next = Start();
        await next.Webhooks.ProcessAsync(new MessageStatusEvent
        {
            EventId = "status-1",
            Source = "recording:main",
            OccurredAt = Time.GetUtcNow(),
            ProviderMessageId = "rec-000001",
            Status = MessageDeliveryStatus.Delivered,
            ClientReference = sent.Reference,
        });

        var record = (await next.Sends.GetAsync("k1"))!;
        Assert.Equal((SendStatus.Sent, "rec-000001"), (record.Status, record.ProviderMessageId));
        Time.Advance(s_lease);
        Assert.Empty((await next.Recovery.RecoverAsync()).Expired);
        Assert.Equal(SendResultStatus.Duplicate, (await next.Messenger.SendAsync(Message(1, "k1") with { Resend = ResendPolicy.IfFailedOrUnknown })).Status);
        Assert.Equal(1, dead.Gateway.CallCount + next.Gateway.CallCount);
    }

    [Fact]
    public async Task KilledAfterTheProviderAccepted_WithoutAStatusWebhook_IsReportedUnknownAndNotSentAgainByItself()
    {
        var dead = Start();
        await SeedAsync(dead, 1);
        dead.Store.BeforeComplete = new Gate();
        _ = dead.Messenger.SendAsync(Message(1, "k1")).AsTask();
        await dead.Store.BeforeComplete.Entered;
        Time.Advance(s_lease);

        var next = Start();
        var report = await next.Recovery.RecoverAsync();

        Assert.Equal("k1", Assert.Single(report.Expired).Key);
        Assert.Equal(SendResultStatus.Duplicate, (await next.Messenger.SendAsync(Message(1, "k1"))).Status);
        Assert.Equal(SendResultStatus.Duplicate, (await next.Messenger.SendAsync(Message(1, "k1") with { Resend = ResendPolicy.IfFailed })).Status);
        Assert.Equal(1, dead.Gateway.CallCount + next.Gateway.CallCount);
    }

    [Fact]
    public async Task KilledDuringTheProviderCall_TheKeyEndsUnknownAndIsNeverSentTwice()
    {
        var dead = Start();
        await SeedAsync(dead, 1);
        var call = new Gate();
        dead.Gateway.Then(async (_, _) =>
        {
            await call.PassAsync();
            return GatewaySendResult.Accepted("never-returned");
        });
        dead.Store.BeforeComplete = new Gate();
        _ = dead.Messenger.SendAsync(Message(1, "k1")).AsTask();
        await call.Entered;
        Time.Advance(s_lease);

        var next = Start();
        var report = await next.Recovery.RecoverAsync();

        Assert.Equal(SendStatus.Unknown, (await next.Sends.GetAsync("k1"))!.Status);
        Assert.Contains(report.Unresolved, r => r.Key == "k1");
        Assert.Equal(SendResultStatus.Duplicate, (await next.Messenger.SendAsync(Message(1, "k1"))).Status);
        Assert.Equal(1, dead.Gateway.CallCount + next.Gateway.CallCount);
    }

    [Fact]
    public async Task FailedKey_IsSentAgainOnlyWhenTheCallerChoosesTo_AndTheChoiceIsRecorded()
    {
        var instance = Start();
        await SeedAsync(instance, 1);
        instance.Gateway.Then(GatewaySendResult.Refused(new ProviderError(ProviderErrorKind.InvalidRequest, "131008", "Required parameter is missing") { HttpStatus = 400 }));
        Assert.Equal(SendResultStatus.Failed, (await instance.Messenger.SendAsync(Message(1, "k1"))).Status);

        var plain = await instance.Messenger.SendAsync(Message(1, "k1"));
        var chosen = await instance.Messenger.SendAsync(Message(1, "k1") with { Resend = ResendPolicy.IfFailed });

        Assert.Equal(SendResultStatus.Duplicate, plain.Status);
        Assert.Equal(SendResultStatus.Sent, chosen.Status);
        var record = (await instance.Sends.GetAsync("k1"))!;
        Assert.Equal((SendStatus.Sent, 2, SendStatus.Failed, chosen.Reference), (record.Status, record.Attempt, record.PreviousStatus, record.Reference));
        Assert.Equal(2, instance.Gateway.CallCount);
        Assert.NotEqual(instance.Gateway.Sent[0].Reference, instance.Gateway.Sent[1].Reference);
    }

    [Fact]
    public async Task OptOutCommittedByAnotherInstanceWhileACampaignRuns_NoMessageToThePersonStartsAfterIt()
    {
        var campaign = Start();
        var other = Start();
        await SeedAsync(campaign, 6);
        var first = new Gate();
        campaign.Gateway.Then(async (_, _) =>
        {
            await first.PassAsync();
            return GatewaySendResult.Accepted("first");
        });

        var run = Collect(campaign.Messenger.SendManyAsync(Enumerable.Range(1, 6).Select(i => Message(i, $"c:{i}")), new SendManyOptions { MaxConcurrency = 1 }));
        await first.Entered;
        await other.Ledger.RecordAsync(ConsentEvent.OptOut(StoreTestContext.Person(4), ConsentPurpose.All, ConsentMethod.Keyword));
        first.Release();
        var results = await run;

        var stopped = Assert.Single(results, r => r.IdempotencyKey == "c:4");
        Assert.Equal(SendResultStatus.Blocked, stopped.Status);
        Assert.True(stopped.Decision!.Has("OPTED_OUT"));
        Assert.DoesNotContain(campaign.Gateway.Sent, m => m.IdempotencyKey == "c:4");
        Assert.Equal(5, results.Count(r => r.Status == SendResultStatus.Sent));
        Assert.Null(await other.Sends.GetAsync("c:4"));
    }

    [Fact]
    public async Task ConcurrentChosenResendsOfAFailedKey_FromTwoInstances_SendItOnce()
    {
        var a = Start();
        var b = Start();
        await SeedAsync(a, 1);
        a.Gateway.Then(GatewaySendResult.Refused(new ProviderError(ProviderErrorKind.InvalidRequest, "131008", "bad") { HttpStatus = 400 }));
        await a.Messenger.SendAsync(Message(1, "k1"));
        var held = new Gate();
        a.Gateway.Then(async (_, _) =>
        {
            await held.PassAsync();
            return GatewaySendResult.Accepted("held");
        });

        var first = a.Messenger.SendAsync(Message(1, "k1") with { Resend = ResendPolicy.IfFailed }).AsTask();
        await held.Entered;
        var second = await b.Messenger.SendAsync(Message(1, "k1") with { Resend = ResendPolicy.IfFailed });
        held.Release();

        Assert.Equal(SendResultStatus.Duplicate, second.Status);
        Assert.Equal(SendResultStatus.Sent, (await first).Status);
        Assert.Equal(2, a.Gateway.CallCount);
        Assert.Equal(0, b.Gateway.CallCount);
    }

    /// <summary>Starts an instance on the shared store.</summary>
    /// <returns>The instance.</returns>
    protected SendPathInstance Start()
    {
        var gateway = new RecordingMessageGateway("main", [Business]);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        var builder = services.AddWhatsAppCompliance(o =>
        {
            o.BusinessName = "Acme Ltd";
            o.Pepper = StoreTestContext.Pepper;
            o.Sending.Randomizer = () => 0.5;
            o.Sending.MessagesPerSecondPerSender = 0;
            o.Sending.ClaimLease = s_lease;
            o.Sending.RecoverOnStart = false;
            o.Policy.QuietHours.International = null;
            o.Policy.DuplicateWindow = TimeSpan.Zero;
            o.Policy.PairRateInterval = TimeSpan.Zero;
            o.Policy.MessagingLimit = null;
        }).UseInMemoryStores().AddRecordingGateway(gateway);
        AddStorage(builder);

        // The instance's idempotency store behind gates, in front of the shared one.
        var descriptor = services.Last(d => d.ServiceType == typeof(IIdempotencyStore));
        services.Remove(descriptor);
        services.AddSingleton(sp => new GatedIdempotencyStore((IIdempotencyStore)Create(sp, descriptor)));
        services.AddSingleton<IIdempotencyStore>(sp => sp.GetRequiredService<GatedIdempotencyStore>());
        var instance = new SendPathInstance(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }), gateway);
        _instances.Add(instance);
        return instance;
    }

    /// <summary>Opts people 1 to <paramref name="people"/> in to utility messages and adds the template.</summary>
    /// <param name="instance">The instance to write through.</param>
    /// <param name="people">How many people.</param>
    /// <returns>A task.</returns>
    protected async Task SeedAsync(SendPathInstance instance, int people)
    {
        await instance.Services.GetRequiredService<ITemplateCatalog>().UpsertAsync(new MessageTemplate
        {
            Name = "order_shipped",
            Language = "en",
            Category = TemplateCategory.Utility,
            Status = TemplateStatus.Approved,
            Body = "Hi {{1}}, your order {{2}} has shipped. Reply STOP to opt out.",
            BodyExamples = new Dictionary<string, string> { ["1"] = "Aroha", ["2"] = "A-1042" },
            ProviderTemplateId = "HX" + new string('0', 32),
        });
        for (var i = 1; i <= people; i++)
        {
            await instance.Ledger.RecordAsync(ConsentEvent.OptIn(StoreTestContext.Person(i), ConsentPurpose.Utility, ConsentMethod.WebForm,
                new ConsentEvidence("Yes, send me WhatsApp messages from Acme Ltd. Reply STOP to opt out.", "form-v3"), Time.GetUtcNow().AddDays(-1)) with
            {
                ConsentType = ConsentType.ExpressWritten,
            });
        }
    }

    /// <summary>A utility template to person <paramref name="person"/> with a key.</summary>
    /// <param name="person">The person's index.</param>
    /// <param name="key">The idempotency key.</param>
    /// <returns>The message.</returns>
    protected static OutboundMessage Message(int person, string key) =>
        OutboundMessage.Template(StoreTestContext.Person(person), "order_shipped", "en", MessagePurpose.Utility,
            ["Aroha", string.Create(CultureInfo.InvariantCulture, $"A-{person}")], key);

    private static async Task<List<SendResult>> Collect(IAsyncEnumerable<SendResult> results)
    {
        var list = new List<SendResult>();
        await foreach (var result in results)
        {
            list.Add(result);
        }

        return list;
    }

    private static object Create(IServiceProvider services, ServiceDescriptor descriptor) =>
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(services)
        ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!);
}

/// <summary>One instance of the application: its own services and recording gateway, on the suite's shared store.</summary>
public sealed class SendPathInstance(ServiceProvider services, RecordingMessageGateway gateway) : IAsyncDisposable
{
    /// <summary>The services.</summary>
    public ServiceProvider Services { get; } = services;

    /// <summary>The instance's gateway.</summary>
    public RecordingMessageGateway Gateway { get; } = gateway;

    /// <summary>The instance's gates in front of the shared idempotency store.</summary>
    public GatedIdempotencyStore Store => Services.GetRequiredService<GatedIdempotencyStore>();

    /// <summary>The idempotency store (through the gates).</summary>
    public IIdempotencyStore Sends => Store;

    /// <summary>The messenger.</summary>
    public IWhatsAppMessenger Messenger => Services.GetRequiredService<IWhatsAppMessenger>();

    /// <summary>The recovery pass.</summary>
    public SendRecovery Recovery => Services.GetRequiredService<SendRecovery>();

    /// <summary>The ledger.</summary>
    public IConsentLedger Ledger => Services.GetRequiredService<IConsentLedger>();

    /// <summary>The webhook processor.</summary>
    public WebhookProcessor Webhooks => Services.GetRequiredService<WebhookProcessor>();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
