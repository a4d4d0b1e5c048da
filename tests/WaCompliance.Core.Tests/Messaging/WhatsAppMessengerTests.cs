using WaCompliance.Consent;
using WaCompliance.Decisions;
using WaCompliance.Gateways;
using WaCompliance.Idempotency;
using WaCompliance.Messaging;
using WaCompliance.Suppression;
using WaCompliance.Templates;
using static WaCompliance.Tests.ComplianceHarness;

namespace WaCompliance.Tests.Messaging;

public sealed class WhatsAppMessengerTests
{
    private static ComplianceHarness Harness(Action<WhatsAppComplianceOptions>? configure = null) =>
        new(o => { o.Policy.QuietHours.International = null; configure?.Invoke(o); });

    private static async Task<ComplianceHarness> ReadyAsync(Action<WhatsAppComplianceOptions>? configure = null)
    {
        var h = Harness(configure);
        await h.OptInAsync(Nz, ConsentPurpose.Utility);
        await h.TemplateAsync("order_shipped", TemplateCategory.Utility);
        return h;
    }

    private static ProviderError Error(ProviderErrorKind kind, string code, TimeSpan? retryAfter = null) =>
        new(kind, code, $"provider says {code}") { RetryAfter = retryAfter };

    [Fact]
    public async Task Send_Allowed_GoesToTheGatewayAndIsRecorded()
    {
        await using var h = await ReadyAsync();

        var result = await h.Messenger.SendAsync(Utility(Nz) with { IdempotencyKey = "order-42", Topic = "order 42" });

        Assert.Equal(SendResultStatus.Sent, result.Status);
        var sent = Assert.Single(h.Gateway.Sent);
        Assert.Equal((Business, Nz, "order-42"), (sent.From, sent.To, sent.IdempotencyKey));
        Assert.Equal("HX" + new string('0', 32), sent.Template!.ProviderTemplateId);
        var record = await h.Sends.GetAsync("order-42");
        Assert.Equal((SendStatus.Sent, result.ProviderMessageId, "main"), (record!.Status, record.ProviderMessageId, record.Gateway));
        Assert.Equal(result.Decision!.ConsentRelied!.RecordId, record.ConsentRecordId);
        var recent = Assert.Single(await h.Counters.GetRecentAsync(Nz, Start.AddDays(-1)));
        Assert.Equal((true, "order 42", MessageFingerprint.Of(result.Message)), (recent.BusinessInitiated, recent.Topic, recent.ContentFingerprint));
        var logged = await h.Decisions.GetAsync(result.Decision.DecisionId);
        Assert.Equal((DecisionOutcome.Allowed, "order-42", "template", "order_shipped"), (logged!.Outcome, logged.IdempotencyKey, logged.MessageKind, logged.TemplateName));
    }

    [Fact]
    public async Task Send_RefusedWithAMessageQuotingTheRecipient_StoresTheMessageWithTheNumberMasked()
    {
        // A gateway that does not mask (a custom one, an old provider package): the send record still never holds the number.
        await using var h = await ReadyAsync();
        h.Gateway.Then(GatewaySendResult.Refused(new ProviderError(ProviderErrorKind.RecipientInvalid, "131026",
            $"Message undeliverable: {Nz.E164} (wa_id {Nz.Digits}) is not a WhatsApp user")));

        var result = await h.Messenger.SendAsync(Utility(Nz) with { IdempotencyKey = "refused-1" });

        Assert.Equal(SendResultStatus.Failed, result.Status);
        var record = await h.Sends.GetAsync("refused-1");
        Assert.Equal("131026: Message undeliverable: [number] (wa_id [number]) is not a WhatsApp user", record!.ErrorMessage);
    }

    [Fact]
    public async Task Send_Blocked_NeverReachesTheGatewayAndTheDecisionIsLogged()
    {
        await using var h = Harness();

        var result = await h.Messenger.SendAsync(Reply(Nz));

        Assert.Equal(SendResultStatus.Blocked, result.Status);
        Assert.Equal(0, h.Gateway.CallCount);
        var logged = await h.Decisions.GetAsync(result.Decision!.DecisionId);
        Assert.Equal(["WINDOW_CLOSED_TEMPLATE_REQUIRED"], logged!.ViolationCodes);
        Assert.Equal(h.Get<WaCompliance.Privacy.ISubjectKeyProvider>().GetKey(Nz), logged.Subject);
    }

    [Fact]
    public async Task Send_SameKeyTwice_SecondIsADuplicateWithTheFirstOutcome()
    {
        await using var h = await ReadyAsync();

        var first = await h.Messenger.SendAsync(Utility(Nz) with { IdempotencyKey = "k" });
        h.Time.Advance(TimeSpan.FromMinutes(1));
        var second = await h.Messenger.SendAsync(Utility(Nz) with { IdempotencyKey = "k" });

        Assert.Equal(SendResultStatus.Duplicate, second.Status);
        Assert.Null(second.Decision);
        Assert.Equal(first.ProviderMessageId, second.ExistingRecord!.ProviderMessageId);
        Assert.Equal(1, h.Gateway.CallCount);
    }

    [Fact]
    public async Task Send_FiftyConcurrentSendsWithOneKey_ReachTheGatewayOnce()
    {
        await using var h = await ReadyAsync(o => o.Policy.DuplicateWindow = TimeSpan.Zero);
        using var start = new ManualResetEventSlim();

        var sends = Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await h.Messenger.SendAsync(Utility(Nz) with { IdempotencyKey = "campaign-42:row-17" });
        })).ToArray();
        start.Set();
        var results = await Task.WhenAll(sends);

        Assert.Equal(1, h.Gateway.CallCount);
        Assert.Single(results, r => r.Status == SendResultStatus.Sent);
        Assert.True(results.Count(r => r.Status == SendResultStatus.Duplicate) >= 40, "most sends should see the claimed key");
    }

    [Fact]
    public async Task OptOutWins_NoSendEvaluatedAfterTheOptOutReachesTheGateway()
    {
        await using var h = await ReadyAsync(o =>
        {
            o.Policy.DuplicateWindow = TimeSpan.Zero;
            o.Policy.PairRateInterval = TimeSpan.Zero;
            o.Policy.MessagingLimit = null;
            o.Sending.MessagesPerSecondPerSender = 0;
        });
        var optedOut = 0;
        var violations = 0;
        var sentAfter = 0;

        var threads = Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < 60; i++)
            {
                var startedAfterOptOut = Volatile.Read(ref optedOut) == 1;
                var calls = h.Gateway.CallCount;
                var result = await h.Messenger.SendAsync(Utility(Nz) with { IdempotencyKey = $"t{t}-{i}" });
                if (startedAfterOptOut && result.Status == SendResultStatus.Sent)
                {
                    Interlocked.Increment(ref violations);
                }

                if (startedAfterOptOut && h.Gateway.CallCount > calls)
                {
                    Interlocked.Increment(ref sentAfter);
                }
            }
        })).ToArray();
        await Task.Delay(5);
        await h.Ledger.RecordAsync(ConsentEvent.OptOut(Nz, ConsentPurpose.All, ConsentMethod.Keyword));
        Volatile.Write(ref optedOut, 1);
        await Task.WhenAll(threads);

        Assert.Equal(0, violations);
        Assert.True(h.Gateway.CallCount < 480, "the opt-out landed after every send; the race was not exercised");
        var last = await h.Messenger.SendAsync(Utility(Nz) with { IdempotencyKey = "after" });
        Assert.Equal(SendResultStatus.Blocked, last.Status);
    }

    [Fact]
    public async Task RateLimited_IsRetriedAfterTheRetryAfterTheProviderAskedFor()
    {
        await using var h = await ReadyAsync();
        h.Gateway.Then(GatewaySendResult.Refused(Error(ProviderErrorKind.RateLimited, "130429", TimeSpan.FromSeconds(20))));

        var send = h.Messenger.SendAsync(Utility(Nz)).AsTask();
        await Task.Delay(20);
        h.Time.Advance(TimeSpan.FromSeconds(19));
        await Task.Delay(20);
        Assert.Equal(1, h.Gateway.CallCount);
        var result = await Clock.RunAsync(h.Time, send, TimeSpan.FromSeconds(1));

        Assert.Equal(SendResultStatus.Sent, result.Status);
        Assert.Equal(2, h.Gateway.CallCount);
    }

    [Fact]
    public async Task Transient_IsRetriedWithBackoff()
    {
        await using var h = await ReadyAsync();
        h.Gateway.Then(GatewaySendResult.Refused(Error(ProviderErrorKind.Transient, "500")))
            .ThenThrow(new HttpRequestException(HttpRequestError.ConnectionError, "refused"));

        var result = await Clock.RunAsync(h.Time, h.Messenger.SendAsync(Utility(Nz)).AsTask(), TimeSpan.FromMilliseconds(500));

        Assert.Equal(SendResultStatus.Sent, result.Status);
        Assert.Equal(3, h.Gateway.CallCount);
    }

    [Fact]
    public async Task Transient_AfterTheLastRetry_FailsAndIsRecorded()
    {
        await using var h = await ReadyAsync(o => o.Sending.MaxRetryAttempts = 2);
        for (var i = 0; i < 3; i++)
        {
            h.Gateway.Then(GatewaySendResult.Refused(Error(ProviderErrorKind.Transient, "503")));
        }

        var result = await Clock.RunAsync(h.Time, h.Messenger.SendAsync(Utility(Nz) with { IdempotencyKey = "k" }).AsTask(), TimeSpan.FromSeconds(1));

        Assert.Equal(SendResultStatus.Failed, result.Status);
        Assert.Equal(3, h.Gateway.CallCount);
        Assert.Equal((SendStatus.Failed, "Transient"), ((await h.Sends.GetAsync("k"))!.Status, (await h.Sends.GetAsync("k"))!.ErrorCode));
    }

    [Fact]
    public async Task RetryAfterLongerThanAllowed_IsNotRetried()
    {
        await using var h = await ReadyAsync();
        h.Gateway.Then(GatewaySendResult.Refused(Error(ProviderErrorKind.RateLimited, "429", TimeSpan.FromMinutes(10))));

        var result = await h.Messenger.SendAsync(Utility(Nz));

        Assert.Equal(SendResultStatus.Failed, result.Status);
        Assert.Equal(ProviderErrorKind.RateLimited, result.Error!.Kind);
        Assert.Equal(1, h.Gateway.CallCount);
    }

    [Fact]
    public async Task Timeout_OutcomeIsUnknownAndNeverRetried()
    {
        await using var h = await ReadyAsync();
        h.Gateway.Then(async (_, ct) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return GatewaySendResult.Accepted("never");
        });

        var result = await Clock.RunAsync(h.Time, h.Messenger.SendAsync(Utility(Nz) with { IdempotencyKey = "slow" }).AsTask(), TimeSpan.FromSeconds(5));

        Assert.Equal(SendResultStatus.Unknown, result.Status);
        Assert.Equal(1, h.Gateway.CallCount);
        Assert.Equal(SendStatus.Unknown, (await h.Sends.GetAsync("slow"))!.Status);
        var retry = await h.Messenger.SendAsync(Utility(Nz) with { IdempotencyKey = "slow" });
        Assert.Equal(SendResultStatus.Duplicate, retry.Status);
        Assert.Equal(1, h.Gateway.CallCount);
    }

    [Fact]
    public async Task UnexpectedException_OutcomeIsUnknown()
    {
        await using var h = await ReadyAsync();
        h.Gateway.ThenThrow(new HttpRequestException(HttpRequestError.ResponseEnded, "connection closed mid-response"));

        var result = await h.Messenger.SendAsync(Utility(Nz));

        Assert.Equal(SendResultStatus.Unknown, result.Status);
        Assert.Equal(1, h.Gateway.CallCount);
    }

    [Fact]
    public async Task CircuitBreaker_OpensAfterRepeatedFailuresAndStopsCalling()
    {
        await using var h = await ReadyAsync(o =>
        {
            o.Sending.MaxRetryAttempts = 0;
            o.Sending.CircuitBreakerMinimumThroughput = 4;
            o.Policy.DuplicateWindow = TimeSpan.Zero;
            o.Policy.PairRateInterval = TimeSpan.Zero;
        });
        for (var i = 0; i < 4; i++)
        {
            h.Gateway.Then(GatewaySendResult.Refused(Error(ProviderErrorKind.Transient, "500")));
        }

        for (var i = 0; i < 4; i++)
        {
            await h.Messenger.SendAsync(Utility(Nz));
        }

        var refused = await h.Messenger.SendAsync(Utility(Nz));

        Assert.Equal(4, h.Gateway.CallCount);
        Assert.Equal(SendResultStatus.Failed, refused.Status);
        Assert.Contains("circuit is open", refused.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecipientInvalid_SuppressesTheNumberAsNotOnWhatsApp()
    {
        await using var h = await ReadyAsync();
        h.Gateway.Then(GatewaySendResult.Refused(Error(ProviderErrorKind.RecipientInvalid, "131026")));

        await h.Messenger.SendAsync(Utility(Nz));

        var entry = await h.Suppressions.FindAsync(Nz, ConsentPurpose.Utility, h.Time.GetUtcNow());
        Assert.Equal((SuppressionReason.NotOnWhatsApp, h.Time.GetUtcNow().AddDays(30)), (entry!.Reason, entry.ExpiresAt));
        Assert.Equal(Decisions.DecisionOutcome.Blocked, (await h.Policy.EvaluateAsync(Utility(Nz))).Outcome);
    }

    [Fact]
    public async Task OutsideWindow_ClosesTheWindow()
    {
        await using var h = Harness();
        await h.InboundAsync(Nz, TimeSpan.FromHours(2));
        h.Gateway.Then(GatewaySendResult.Refused(Error(ProviderErrorKind.OutsideWindow, "131047")));

        await h.Messenger.SendAsync(Reply(Nz));

        Assert.False((await h.Windows.GetAsync(Business, Nz))!.IsCustomerServiceWindowOpen(h.Time.GetUtcNow()));
        Assert.Equal(Decisions.DecisionOutcome.Blocked, (await h.Policy.EvaluateAsync(Reply(Nz, "again"))).Outcome);
    }

    [Fact]
    public async Task MarketingLimit_BacksOffMarketingToThePerson()
    {
        await using var h = Harness();
        await h.OptInAsync(Nz, ConsentPurpose.Marketing, ConsentType.Express);
        await h.TemplateAsync("spring_sale", TemplateCategory.Marketing);
        h.Gateway.Then(GatewaySendResult.Refused(Error(ProviderErrorKind.MarketingLimit, "131049")));

        await h.Messenger.SendAsync(Marketing(Nz));
        var next = await h.Policy.EvaluateAsync(Marketing(Nz) with { IdempotencyKey = "later" });

        Assert.Equal(Decisions.DecisionOutcome.Deferred, next.Outcome);
        Assert.Equal(h.Time.GetUtcNow().AddHours(24), next.NotBefore);
    }

    [Fact]
    public async Task OptedOutError_RecordsAMarketingOptOutInTheLedger()
    {
        await using var h = Harness();
        await h.OptInAsync(Nz, ConsentPurpose.Marketing, ConsentType.Express);
        await h.TemplateAsync("spring_sale", TemplateCategory.Marketing);
        h.Gateway.Then(GatewaySendResult.Refused(Error(ProviderErrorKind.OptedOut, "131050")));

        await h.Messenger.SendAsync(Marketing(Nz));

        var state = await h.Ledger.GetStateAsync(Nz, ConsentPurpose.Marketing);
        Assert.Equal((ConsentStatus.OptedOut, ConsentMethod.ProviderError), (state.Status, state.Record!.Method));
    }

    [Theory]
    [InlineData(ProviderErrorKind.TemplatePaused, TemplateStatus.Paused)]
    [InlineData(ProviderErrorKind.TemplateDisabled, TemplateStatus.Disabled)]
    public async Task TemplateErrors_UpdateTheCatalog(ProviderErrorKind kind, TemplateStatus status)
    {
        await using var h = await ReadyAsync();
        h.Gateway.Then(GatewaySendResult.Refused(Error(kind, "132015")));

        await h.Messenger.SendAsync(Utility(Nz));

        Assert.Equal(status, (await h.Templates.GetAsync(new TemplateKey("order_shipped", "en")))!.Status);
    }

    [Fact]
    public async Task ReferralAnswered_OpensTheFreeEntryPointWindow()
    {
        await using var h = Harness();
        await h.Windows.RecordInboundAsync(Business, Nz, h.Time.GetUtcNow().AddMinutes(-3), Conversations.InboundOrigin.EntryPointReferral);

        await h.Messenger.SendAsync(Reply(Nz, "Thanks for reaching out!"));

        Assert.Equal(h.Time.GetUtcNow().AddHours(72), (await h.Windows.GetAsync(Business, Nz))!.FreeEntryPointEndsAt);
    }

    [Fact]
    public async Task OptOutConfirmation_OnlyOneGoesOut()
    {
        await using var h = Harness();
        await h.InboundAsync(Nz, TimeSpan.Zero);
        await h.Ledger.RecordAsync(ConsentEvent.OptOut(Nz, ConsentPurpose.All, ConsentMethod.Keyword));
        var confirmation = Reply(Nz, "You are unsubscribed from Acme Ltd.") with { IsOptOutConfirmation = true };

        var first = await h.Messenger.SendAsync(confirmation);
        h.Time.Advance(TimeSpan.FromSeconds(30));
        var second = await h.Messenger.SendAsync(confirmation with { Content = new TextContent("You are unsubscribed. Bye!"), IdempotencyKey = "other" });

        Assert.Equal(SendResultStatus.Sent, first.Status);
        Assert.Equal(SendResultStatus.Duplicate, second.Status);
        Assert.Equal(1, h.Gateway.CallCount);
    }

    [Fact]
    public async Task SendMany_SendsTheAllowedReportsEveryMessageAndProgress()
    {
        await using var h = Harness(o => o.Policy.MessagingLimit = null);
        await h.TemplateAsync("order_shipped", TemplateCategory.Utility);
        var people = Enumerable.Range(0, 40).Select(i => WaCompliance.Numbers.WhatsAppNumber.Parse($"+6421{3_000_000 + i}")).ToArray();
        for (var i = 0; i < people.Length; i += 2)
        {
            await h.OptInAsync(people[i], ConsentPurpose.Utility);
        }

        var progress = new List<SendProgress>();
        var results = new List<SendResult>();
        await foreach (var result in h.Messenger.SendManyAsync(people.Select(p => Utility(p)), new SendManyOptions { MaxConcurrency = 4, Progress = new SynchronousProgress(progress) }))
        {
            results.Add(result);
        }

        Assert.Equal(40, results.Count);
        Assert.Equal(20, results.Count(r => r.Status == SendResultStatus.Sent));
        Assert.Equal(20, results.Count(r => r.Status == SendResultStatus.Blocked));
        Assert.Equal(20, h.Gateway.CallCount);
        Assert.Equal(new SendProgress(40, 20, 20, 0, 0), progress[^1]);
        Assert.Equal(40, ((InMemoryDecisionLog)h.Decisions).Count);
    }

    [Fact]
    public async Task SendMany_NeverExceedsTheConcurrencyLimit()
    {
        await using var h = Harness(o => o.Policy.MessagingLimit = null);
        await h.TemplateAsync("order_shipped", TemplateCategory.Utility);
        var people = Enumerable.Range(0, 24).Select(i => WaCompliance.Numbers.WhatsAppNumber.Parse($"+6421{4_000_000 + i}")).ToArray();
        var inFlight = 0;
        var peak = 0;
        foreach (var person in people)
        {
            await h.OptInAsync(person, ConsentPurpose.Utility);
            h.Gateway.Then(async (_, ct) =>
            {
                var now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref peak, now);
                await Task.Delay(10, ct);
                Interlocked.Decrement(ref inFlight);
                return GatewaySendResult.Accepted(Guid.NewGuid().ToString());
            });
        }

        var count = 0;
        await foreach (var _ in h.Messenger.SendManyAsync(people.Select(p => Utility(p)), new SendManyOptions { MaxConcurrency = 3 }))
        {
            count++;
        }

        Assert.Equal(24, count);
        Assert.InRange(peak, 1, 3);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private sealed class SynchronousProgress(List<SendProgress> list) : IProgress<SendProgress>
    {
        public void Report(SendProgress value) => list.Add(value);
    }
}
