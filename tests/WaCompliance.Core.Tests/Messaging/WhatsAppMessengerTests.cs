using Microsoft.Extensions.DependencyInjection;
using WaCompliance.Conformance;
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
    private static ComplianceHarness Harness(Action<WhatsAppComplianceOptions>? configure = null, Action<IServiceCollection>? services = null) =>
        new(o => { o.Policy.QuietHours.International = null; configure?.Invoke(o); }, services);

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
        // Sends held at every step of the send path while the opt-out commits, by gates (never by timing): only a call
        // that had already started may go out; every send held before its provider call is stopped.
        var atDecision = new Gate();
        var atClaim = new Gate();
        var inCall = new Gate();
        var log = new HeldDecisionLog(new InMemoryDecisionLog(), "held-at-decision", atDecision);
        var store = new GatedIdempotencyStore(new InMemoryIdempotencyStore()) { AfterClaim = atClaim, OnlyKey = "held-at-claim" };
        await using var h = Harness(o =>
        {
            o.Policy.DuplicateWindow = TimeSpan.Zero;
            o.Policy.PairRateInterval = TimeSpan.Zero;
            o.Policy.MessagingLimit = null;
            o.Sending.MessagesPerSecondPerSender = 0;
        }, s => s.AddSingleton<IDecisionLog>(log).AddSingleton<IIdempotencyStore>(store));
        await h.OptInAsync(Nz, ConsentPurpose.Utility);
        await h.TemplateAsync("order_shipped", TemplateCategory.Utility);
        h.Gateway.Then(async (_, _) =>
        {
            await inCall.PassAsync();
            return GatewaySendResult.Accepted("in-flight");
        });

        var calling = h.Messenger.SendAsync(Utility(Nz) with { IdempotencyKey = "in-flight" }).AsTask();
        await inCall.Entered;
        var deciding = h.Messenger.SendAsync(Utility(Nz) with { IdempotencyKey = "held-at-decision" }).AsTask();
        var claiming = h.Messenger.SendAsync(Utility(Nz) with { IdempotencyKey = "held-at-claim" }).AsTask();
        await Task.WhenAll(atDecision.Entered, atClaim.Entered);
        var callsBeforeTheOptOut = h.Gateway.CallCount;

        await h.Ledger.RecordAsync(ConsentEvent.OptOut(Nz, ConsentPurpose.All, ConsentMethod.Keyword));
        inCall.Release();
        atDecision.Release();
        atClaim.Release();
        var after = await h.Messenger.SendAsync(Utility(Nz) with { IdempotencyKey = "after" });

        Assert.Equal(1, callsBeforeTheOptOut);
        Assert.Equal(SendResultStatus.Sent, (await calling).Status);
        Assert.True((await deciding).Decision!.Has("OPTED_OUT"));
        Assert.True((await claiming).Decision!.Has("OPTED_OUT"));
        Assert.All(new[] { await deciding, await claiming, after }, r => Assert.Equal(SendResultStatus.Blocked, r.Status));
        Assert.Equal(1, h.Gateway.CallCount);
        Assert.Equal(SendStatus.Failed, (await h.Sends.GetAsync("held-at-claim"))!.Status);
        Assert.Equal(2, await DecisionsForAsync(h, "held-at-claim"));
    }

    [Fact]
    public async Task RateLimited_IsRetriedAfterTheRetryAfterTheProviderAskedFor()
    {
        await using var h = await ReadyAsync();
        h.Gateway.Then(GatewaySendResult.Refused(Error(ProviderErrorKind.RateLimited, "130429", TimeSpan.FromSeconds(20)) with { HttpStatus = 429 }));

        var send = h.Messenger.SendAsync(Utility(Nz)).AsTask();
        Assert.Equal(TimeSpan.FromSeconds(20), await h.Time.TimerAsync(send, d => d == TimeSpan.FromSeconds(20)));
        h.Time.Advance(TimeSpan.FromSeconds(19));
        Assert.Equal(1, h.Gateway.CallCount);
        Assert.False(send.IsCompleted);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        var result = await send;

        Assert.Equal(SendResultStatus.Sent, result.Status);
        Assert.Equal(2, h.Gateway.CallCount);
    }

    [Fact]
    public async Task Transient_IsRetriedWithBackoff()
    {
        await using var h = await ReadyAsync();
        h.Gateway.Then(GatewaySendResult.Refused(Error(ProviderErrorKind.Transient, "503", TimeSpan.FromSeconds(2)) with { HttpStatus = 503 }))
            .ThenThrow(new HttpRequestException(HttpRequestError.ConnectionError, "refused"));

        var result = await h.Time.RunAsync(h.Messenger.SendAsync(Utility(Nz)).AsTask(), RetryDelay);

        Assert.Equal(SendResultStatus.Sent, result.Status);
        Assert.Equal(3, h.Gateway.CallCount);
    }

    [Fact]
    public async Task Transient_AfterTheLastRetry_FailsAndIsRecorded()
    {
        await using var h = await ReadyAsync(o => o.Sending.MaxRetryAttempts = 2);
        for (var i = 0; i < 3; i++)
        {
            h.Gateway.Then(GatewaySendResult.Refused(Error(ProviderErrorKind.Transient, "503", TimeSpan.FromSeconds(1)) with { HttpStatus = 503 }));
        }

        var result = await h.Time.RunAsync(h.Messenger.SendAsync(Utility(Nz) with { IdempotencyKey = "k" }).AsTask(), RetryDelay);

        Assert.Equal(SendResultStatus.Failed, result.Status);
        Assert.Equal(3, h.Gateway.CallCount);
        Assert.Equal((SendStatus.Failed, "Transient"), ((await h.Sends.GetAsync("k"))!.Status, (await h.Sends.GetAsync("k"))!.ErrorCode));
    }

    [Theory]
    [InlineData(500, null)]
    [InlineData(502, null)]
    [InlineData(504, null)]
    [InlineData(503, null)]
    [InlineData(500, 5)]
    public async Task ServerError_ThatMayHaveBeenProcessed_IsAnUnknownOutcome_OneProviderCall_NeverRetried(int status, int? retryAfterSeconds)
    {
        // Regression: a 500, 502 or 504 was retried, so a provider that had accepted the first request got a second.
        await using var h = await ReadyAsync();
        var retryAfter = retryAfterSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        h.Gateway.Then(GatewaySendResult.Refused(Error(ProviderErrorKind.Transient, status.ToString(System.Globalization.CultureInfo.InvariantCulture), retryAfter) with { HttpStatus = status }));

        var result = await h.Messenger.SendAsync(Utility(Nz) with { IdempotencyKey = "k" });
        var again = await h.Messenger.SendAsync(Utility(Nz) with { IdempotencyKey = "k" });

        Assert.Equal(SendResultStatus.Unknown, result.Status);
        Assert.Equal(status, result.Error!.HttpStatus);
        Assert.Equal(1, h.Gateway.CallCount);
        var record = (await h.Sends.GetAsync("k"))!;
        Assert.Equal((SendStatus.Unknown, "Transient", result.Reference), (record.Status, record.ErrorCode, record.Reference));
        Assert.Equal(SendResultStatus.Duplicate, again.Status);
        Assert.Equal(1, h.Gateway.CallCount);
        Assert.DoesNotContain(h.Time.Created, d => RetryDelay(d));
    }

    [Fact]
    public async Task ServiceUnavailableWithRetryAfter_SaysNotProcessed_AndIsRetriedAfterTheDelay()
    {
        await using var h = await ReadyAsync();
        h.Gateway.Then(GatewaySendResult.Refused(Error(ProviderErrorKind.Transient, "503", TimeSpan.FromSeconds(7)) with { HttpStatus = 503 }));

        var send = h.Messenger.SendAsync(Utility(Nz) with { IdempotencyKey = "k" }).AsTask();
        Assert.Equal(TimeSpan.FromSeconds(7), await h.Time.TimerAsync(send, RetryDelay));
        h.Time.Advance(TimeSpan.FromSeconds(7));

        Assert.Equal(SendResultStatus.Sent, (await send).Status);
        Assert.Equal(2, h.Gateway.CallCount);
        Assert.Equal(h.Gateway.Sent[0].Reference, h.Gateway.Sent[1].Reference);
    }

    [Fact]
    public async Task Send_TheClaimCarriesALeaseAndTheReferencePassedToTheGateway_BeforeTheCall()
    {
        await using var h = await ReadyAsync(o => o.Sending.ClaimLease = TimeSpan.FromMinutes(3));
        SendRecord? duringTheCall = null;
        h.Gateway.Then(async (message, _) =>
        {
            duringTheCall = await h.Sends.GetAsync("k", CancellationToken.None);
            return GatewaySendResult.Accepted("SM1");
        });

        var result = await h.Messenger.SendAsync(Utility(Nz) with { IdempotencyKey = "k" });

        Assert.Equal((SendStatus.InProgress, Start.AddMinutes(3), null), (duringTheCall!.Status, duringTheCall.LeaseExpiresAt, duringTheCall.ProviderMessageId));
        Assert.StartsWith("wac_", duringTheCall.Reference, StringComparison.Ordinal);
        Assert.Equal(duringTheCall.Reference, h.Gateway.Sent[0].Reference);
        Assert.Equal(duringTheCall.Reference, result.Reference);
        Assert.Equal(duringTheCall.Reference, (await h.Sends.GetAsync("k"))!.Reference);
    }

    [Fact]
    public async Task Retry_ThatCouldNotFinishBeforeTheLeaseEnds_IsNotStarted_AndTheKeyFailsUnsent()
    {
        await using var h = await ReadyAsync(o =>
        {
            o.Sending.ClaimLease = TimeSpan.FromMinutes(2);
            o.Sending.MaxRetryAfter = TimeSpan.FromMinutes(5);
        });
        h.Gateway.Then(GatewaySendResult.Refused(Error(ProviderErrorKind.RateLimited, "429", TimeSpan.FromSeconds(100)) with { HttpStatus = 429 }));

        var result = await h.Time.RunAsync(h.Messenger.SendAsync(Utility(Nz) with { IdempotencyKey = "k" }).AsTask(), RetryDelay);

        Assert.Equal(SendResultStatus.Failed, result.Status);
        Assert.Equal(1, h.Gateway.CallCount);
        Assert.Equal((SendStatus.Failed, "LeaseEnding"), ((await h.Sends.GetAsync("k"))!.Status, (await h.Sends.GetAsync("k"))!.ErrorCode));
    }

    [Fact]
    public async Task Resend_FailedKey_OnlyByChoice_RecordedAsASecondAttemptWithItsOwnDecision()
    {
        await using var h = await ReadyAsync(o => o.Policy.DuplicateWindow = TimeSpan.Zero);
        h.Gateway.Then(GatewaySendResult.Refused(Error(ProviderErrorKind.InvalidRequest, "131008") with { HttpStatus = 400 }));
        await h.Messenger.SendAsync(Utility(Nz) with { IdempotencyKey = "k" });

        var byDefault = await h.Messenger.SendAsync(Utility(Nz) with { IdempotencyKey = "k" });
        var unknownOnly = await h.Messenger.SendAsync(Utility(Nz) with { IdempotencyKey = "k", Resend = ResendPolicy.Never });
        var chosen = await h.Messenger.SendAsync(Utility(Nz) with { IdempotencyKey = "k", Resend = ResendPolicy.IfFailed });
        var afterSent = await h.Messenger.SendAsync(Utility(Nz) with { IdempotencyKey = "k", Resend = ResendPolicy.IfFailedOrUnknown });

        Assert.Equal((SendResultStatus.Duplicate, SendResultStatus.Duplicate, SendResultStatus.Sent, SendResultStatus.Duplicate),
            (byDefault.Status, unknownOnly.Status, chosen.Status, afterSent.Status));
        Assert.Equal(2, h.Gateway.CallCount);
        var record = (await h.Sends.GetAsync("k"))!;
        Assert.Equal((2, SendStatus.Failed), (record.Attempt, record.PreviousStatus));
        Assert.Equal(2, await DecisionsForAsync(h, "k"));
    }

    [Fact]
    public async Task Resend_UnknownKey_NeedsIfFailedOrUnknown()
    {
        await using var h = await ReadyAsync(o => o.Policy.DuplicateWindow = TimeSpan.Zero);
        h.Gateway.Then(GatewaySendResult.Refused(Error(ProviderErrorKind.Transient, "500") with { HttpStatus = 500 }));
        await h.Messenger.SendAsync(Utility(Nz) with { IdempotencyKey = "k" });

        var ifFailed = await h.Messenger.SendAsync(Utility(Nz) with { IdempotencyKey = "k", Resend = ResendPolicy.IfFailed });
        var ifUnknown = await h.Messenger.SendAsync(Utility(Nz) with { IdempotencyKey = "k", Resend = ResendPolicy.IfFailedOrUnknown });

        Assert.Equal((SendResultStatus.Duplicate, SendResultStatus.Sent), (ifFailed.Status, ifUnknown.Status));
        Assert.Equal(2, h.Gateway.CallCount);
        Assert.Equal((2, SendStatus.Unknown), ((await h.Sends.GetAsync("k"))!.Attempt, (await h.Sends.GetAsync("k"))!.PreviousStatus));
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
        var called = new Gate();
        h.Gateway.Then(async (message, ct) =>
        {
            _ = called.PassAsync();
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return GatewaySendResult.Accepted("never");
        });

        var send = h.Messenger.SendAsync(Utility(Nz) with { IdempotencyKey = "slow" }).AsTask();
        // The attempt's timeout is armed before the gateway is called: once the call is under way, its time can pass.
        await called.Entered;
        h.Time.Advance(TimeSpan.FromSeconds(30));
        var result = await send;

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
        // Calls are held in the gateway until the test lets one go: the limit is reached by construction, and a call
        // beyond it could only start if the messenger exceeded it.
        await using var h = Harness(o => { o.Policy.MessagingLimit = null; o.Sending.MessagesPerSecondPerSender = 0; });
        await h.TemplateAsync("order_shipped", TemplateCategory.Utility);
        var people = Enumerable.Range(0, 12).Select(i => WaCompliance.Numbers.WhatsAppNumber.Parse($"+6421{4_000_000 + i}")).ToArray();
        var inFlight = 0;
        var peak = 0;
        var calls = new System.Collections.Concurrent.ConcurrentQueue<Gate>();
        var entered = new SemaphoreSlim(0);
        foreach (var person in people)
        {
            await h.OptInAsync(person, ConsentPurpose.Utility);
            h.Gateway.Then(async (_, _) =>
            {
                InterlockedMax(ref peak, Interlocked.Increment(ref inFlight));
                var gate = new Gate();
                calls.Enqueue(gate);
                entered.Release();
                await gate.PassAsync();
                Interlocked.Decrement(ref inFlight);
                return GatewaySendResult.Accepted(Guid.NewGuid().ToString());
            });
        }

        var run = Collect(h.Messenger.SendManyAsync(people.Select(p => Utility(p)), new SendManyOptions { MaxConcurrency = 3 }));
        for (var i = 0; i < 3; i++)
        {
            await entered.WaitAsync();
        }

        Assert.Equal(3, Volatile.Read(ref inFlight));
        for (var started = 3; ; started++)
        {
            // Let every held call finish; with every slot free the messenger starts at least one more.
            while (calls.TryDequeue(out var held))
            {
                held.Release();
            }

            if (started == people.Length)
            {
                break;
            }

            await entered.WaitAsync();
        }

        var results = await run;

        Assert.Equal(12, results.Count);
        Assert.All(results, r => Assert.Equal(SendResultStatus.Sent, r.Status));
        Assert.Equal(3, peak);
    }

    // Retry delays, not the attempt timeout (AttemptTimeout, 30 s) armed around each call.
    private static readonly Func<TimeSpan, bool> RetryDelay = d => d != TimeSpan.FromSeconds(30) && d > TimeSpan.Zero && d != Timeout.InfiniteTimeSpan;

    private static async Task<int> DecisionsForAsync(ComplianceHarness h, string key)
    {
        var count = 0;
        await foreach (var record in h.Decisions.QueryAsync(new Decisions.DecisionQuery()))
        {
            count += record.IdempotencyKey == key ? 1 : 0;
        }

        return count;
    }

    private static async Task<List<SendResult>> Collect(IAsyncEnumerable<SendResult> results)
    {
        var list = new List<SendResult>();
        await foreach (var result in results)
        {
            list.Add(result);
        }

        return list;
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
