using WaCompliance.Consent;
using WaCompliance.Conversations;
using WaCompliance.Gateways;
using WaCompliance.Idempotency;
using WaCompliance.Messaging;
using WaCompliance.Policy;
using WaCompliance.Suppression;
using WaCompliance.Templates;
using WaCompliance.Webhooks;
using static WaCompliance.Tests.ComplianceHarness;

namespace WaCompliance.Tests.Webhooks;

public sealed class WebhookProcessorTests
{
    private static int s_next;

    private static ComplianceHarness Harness(Action<WhatsAppComplianceOptions>? configure = null) =>
        new(o => { o.Policy.QuietHours.International = null; configure?.Invoke(o); });

    private static InboundMessageEvent Inbound(ComplianceHarness h, string? text, InboundOrigin origin = InboundOrigin.Organic)
    {
        var id = $"wamid.{Interlocked.Increment(ref s_next)}";
        return new InboundMessageEvent
        {
            EventId = id,
            MessageId = id,
            Source = "main",
            OccurredAt = h.Time.GetUtcNow(),
            Business = Business,
            From = Nz,
            Text = text,
            Origin = origin,
        };
    }

    [Fact]
    public async Task Inbound_OpensTheWindowForFreeFormReplies()
    {
        await using var h = Harness();

        var result = await h.Webhooks.ProcessAsync(Inbound(h, "Where is my order?"));

        Assert.Equal(WebhookActions.WindowOpened, result.Actions);
        Assert.True((await h.Policy.EvaluateAsync(Reply(Nz))).IsAllowed);
    }

    [Fact]
    public async Task Inbound_FromAnAd_ThenAReply_OpensTheFreeEntryPointWindow()
    {
        await using var h = Harness();
        await h.Webhooks.ProcessAsync(Inbound(h, "Hi, I saw your ad", InboundOrigin.EntryPointReferral));

        await h.Messenger.SendAsync(Reply(Nz, "Thanks! How can we help?"));

        Assert.NotNull((await h.Windows.GetAsync(Business, Nz))!.FreeEntryPointEndsAt);
    }

    [Fact]
    public async Task Stop_RecordsAGlobalOptOutAtOnceWithTheMessageAsEvidence()
    {
        await using var h = Harness();
        await h.OptInAsync(Nz, ConsentPurpose.All);
        var stop = Inbound(h, "STOP");

        var result = await h.Webhooks.ProcessAsync(stop);

        Assert.True(result.Actions.HasFlag(WebhookActions.OptedOut));
        Assert.True(result.ConfirmationAllowed);
        var record = result.ConsentRecord!;
        Assert.Equal((ConsentAction.OptOut, ConsentMethod.Keyword, "main"), (record.Action, record.Method, record.Source));
        Assert.Equal((stop.MessageId, "STOP"), (record.PersonalData!.MessageId, record.PersonalData.RawInput));
        Assert.Equal(ConsentStatus.OptedOut, (await h.Ledger.GetStateAsync(Nz, ConsentPurpose.Utility)).Status);
    }

    [Fact]
    public async Task Stop_ThenTheConfirmationAndNothingElseGoesOut()
    {
        await using var h = Harness();
        await h.OptInAsync(Nz, ConsentPurpose.All);
        await h.TemplateAsync("order_shipped", TemplateCategory.Utility);
        await h.Webhooks.ProcessAsync(Inbound(h, "unsubscribe"));

        var confirmation = await h.Messenger.SendAsync(Reply(Nz, "You will get no more messages from Acme Ltd.") with { IsOptOutConfirmation = true });
        var utility = await h.Messenger.SendAsync(Utility(Nz));

        Assert.Equal(SendResultStatus.Sent, confirmation.Status);
        Assert.Equal(SendResultStatus.Blocked, utility.Status);
        Assert.True(utility.Decision!.Has(ViolationCodes.OptedOut));
    }

    [Fact]
    public async Task StopMarketing_OptsOutOfMarketingOnly()
    {
        await using var h = Harness();
        await h.OptInAsync(Nz, ConsentPurpose.All);

        var result = await h.Webhooks.ProcessAsync(Inbound(h, "STOP MARKETING"));

        Assert.Equal(ConsentPurpose.Marketing, result.ConsentRecord!.Purpose);
        Assert.Equal(ConsentStatus.OptedIn, (await h.Ledger.GetStateAsync(Nz, ConsentPurpose.Utility)).Status);
        Assert.Equal(ConsentStatus.OptedOut, (await h.Ledger.GetStateAsync(Nz, ConsentPurpose.Marketing)).Status);
    }

    [Fact]
    public async Task Start_AfterStop_ResubscribesWhatTheStopCovered()
    {
        await using var h = Harness();
        await h.OptInAsync(Nz, ConsentPurpose.Marketing);
        await h.Webhooks.ProcessAsync(Inbound(h, "STOP"));
        h.Time.Advance(TimeSpan.FromMinutes(10));

        var result = await h.Webhooks.ProcessAsync(Inbound(h, "START"));

        Assert.True(result.Actions.HasFlag(WebhookActions.OptedIn));
        Assert.Equal((ConsentAction.OptIn, ConsentPurpose.All, ConsentMethod.Keyword), (result.ConsentRecord!.Action, result.ConsentRecord.Purpose, result.ConsentRecord.Method));
        Assert.Equal(ConsentStatus.OptedIn, (await h.Ledger.GetStateAsync(Nz, ConsentPurpose.Marketing)).Status);
    }

    [Theory]
    [InlineData("START")]
    [InlineData("YES")]
    public async Task OptInKeyword_WithoutAnEarlierOptOut_RecordsNothing(string text)
    {
        await using var h = Harness();

        var result = await h.Webhooks.ProcessAsync(Inbound(h, text));

        Assert.False(result.Actions.HasFlag(WebhookActions.OptedIn));
        Assert.Null(result.ConsentRecord);
        Assert.Equal(0, (await h.Ledger.GetHeadAsync()).Sequence);
    }

    [Fact]
    public async Task Yes_AfterAnOptOut_Resubscribes()
    {
        await using var h = Harness();
        await h.Webhooks.ProcessAsync(Inbound(h, "STOP"));
        h.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.True((await h.Webhooks.ProcessAsync(Inbound(h, "Yes"))).Actions.HasFlag(WebhookActions.OptedIn));
    }

    [Fact]
    public async Task Help_IsRecognisedAndChangesNothing()
    {
        await using var h = Harness();

        var result = await h.Webhooks.ProcessAsync(Inbound(h, "HELP"));

        Assert.Equal(WebhookActions.WindowOpened | WebhookActions.HelpRequested, result.Actions);
        Assert.Equal(0, (await h.Ledger.GetHeadAsync()).Sequence);
    }

    [Fact]
    public async Task ProbableRevocation_IsAnOptOutByDefault()
    {
        await using var h = Harness();

        var result = await h.Webhooks.ProcessAsync(Inbound(h, "please don't message me anymore"));

        Assert.True(result.Actions.HasFlag(WebhookActions.OptedOut));
        Assert.Equal(ConsentMethod.InboundMessage, result.ConsentRecord!.Method);
    }

    [Fact]
    public async Task ProbableRevocation_InReportMode_IsOnlyReported()
    {
        await using var h = Harness(o => o.Policy.ProbableRevocation = ProbableRevocationHandling.Report);

        var result = await h.Webhooks.ProcessAsync(Inbound(h, "leave me alone"));

        Assert.True(result.Actions.HasFlag(WebhookActions.ProbableRevocationReported));
        Assert.Equal(KeywordIntent.ProbableRevocation, result.Keyword.Intent);
        Assert.Equal(0, (await h.Ledger.GetHeadAsync()).Sequence);
    }

    [Fact]
    public async Task Redelivery_IsFlaggedAndRecordsNothingTwice()
    {
        await using var h = Harness();
        var stop = Inbound(h, "STOP");

        var first = await h.Webhooks.ProcessAsync(stop);
        h.Time.Advance(TimeSpan.FromMinutes(3));
        var again = await h.Webhooks.ProcessAsync(stop);

        Assert.False(first.IsDuplicate);
        Assert.True(again.IsDuplicate);
        Assert.Equal(first.ConsentRecord!.RecordId, again.ConsentRecord!.RecordId);
        Assert.Equal(1, (await h.Ledger.GetHeadAsync()).Sequence);
    }

    [Fact]
    public async Task ButtonReply_StopPromotions_OptsOutOfMarketing()
    {
        await using var h = Harness();
        var reply = new ButtonReplyEvent
        {
            EventId = "wamid.button",
            MessageId = "wamid.button",
            Source = "main",
            OccurredAt = h.Time.GetUtcNow(),
            Business = Business,
            From = Nz,
            Text = "Stop promotions",
            Payload = "STOP_PROMOS",
        };

        var result = await h.Webhooks.ProcessAsync(reply);

        Assert.Equal((ConsentPurpose.Marketing, ConsentMethod.ButtonReply), (result.ConsentRecord!.Purpose, result.ConsentRecord.Method));
    }

    [Fact]
    public async Task MarketingPreference_StopAndResume_BecomeLedgerEvents()
    {
        await using var h = Harness();
        MarketingPreferenceEvent Preference(MarketingPreference p, string id) => new()
        {
            EventId = id,
            Source = "eu",
            OccurredAt = h.Time.GetUtcNow(),
            From = Nz,
            Preference = p,
        };

        await h.Webhooks.ProcessAsync(Preference(MarketingPreference.Stop, "p1"));
        var afterStop = await h.Ledger.GetStateAsync(Nz, ConsentPurpose.Marketing);
        h.Time.Advance(TimeSpan.FromDays(1));
        await h.Webhooks.ProcessAsync(Preference(MarketingPreference.Resume, "p2"));
        var afterResume = await h.Ledger.GetStateAsync(Nz, ConsentPurpose.Marketing);

        Assert.Equal((ConsentStatus.OptedOut, ConsentMethod.PlatformSignal), (afterStop.Status, afterStop.Record!.Method));
        Assert.Equal(ConsentStatus.OptedIn, afterResume.Status);
    }

    [Theory]
    [InlineData(ProviderErrorKind.RecipientInvalid, WebhookActions.MarkedNotOnWhatsApp)]
    [InlineData(ProviderErrorKind.MarketingLimit, WebhookActions.MarketingBackoff)]
    [InlineData(ProviderErrorKind.OptedOut, WebhookActions.OptedOut)]
    [InlineData(ProviderErrorKind.OutsideWindow, WebhookActions.WindowClosed)]
    public async Task FailedStatus_WithComplianceMeaning_ChangesTheState(ProviderErrorKind kind, WebhookActions expected)
    {
        await using var h = Harness();
        await h.InboundAsync(Nz);
        var status = new MessageStatusEvent
        {
            EventId = "SM1:failed",
            Source = "main",
            OccurredAt = h.Time.GetUtcNow(),
            Business = Business,
            ProviderMessageId = "SM1",
            Status = MessageDeliveryStatus.Failed,
            Recipient = Nz,
            Error = new ProviderError(kind, "code", "failed"),
        };

        var result = await h.Webhooks.ProcessAsync(status);

        Assert.True(result.Actions.HasFlag(expected), result.Actions.ToString());
        switch (kind)
        {
            case ProviderErrorKind.RecipientInvalid:
                Assert.Equal(SuppressionReason.NotOnWhatsApp, (await h.Suppressions.FindAsync(Nz, ConsentPurpose.Utility, h.Time.GetUtcNow()))!.Reason);
                break;
            case ProviderErrorKind.MarketingLimit:
                Assert.Equal(SuppressionReason.ProviderBackoff, (await h.Suppressions.FindAsync(Nz, ConsentPurpose.Marketing, h.Time.GetUtcNow()))!.Reason);
                break;
            case ProviderErrorKind.OptedOut:
                Assert.Equal(ConsentStatus.OptedOut, (await h.Ledger.GetStateAsync(Nz, ConsentPurpose.Marketing)).Status);
                break;
            case ProviderErrorKind.OutsideWindow:
                Assert.False((await h.Windows.GetAsync(Business, Nz))!.IsCustomerServiceWindowOpen(h.Time.GetUtcNow()));
                break;
        }
    }

    [Fact]
    public async Task Status_ReconcilesASendWhoseOutcomeWasUnknown()
    {
        await using var h = Harness();
        await h.Sends.TryClaimAsync("campaign:7", h.Time.GetUtcNow());
        await h.Sends.CompleteAsync("campaign:7", new SendOutcome(SendStatus.Unknown, h.Time.GetUtcNow()));
        var delivered = new MessageStatusEvent
        {
            EventId = "wamid.7:delivered",
            Source = "eu",
            OccurredAt = h.Time.GetUtcNow().AddSeconds(30),
            ProviderMessageId = "wamid.7",
            Status = MessageDeliveryStatus.Delivered,
            ClientReference = "campaign:7",
        };

        var result = await h.Webhooks.ProcessAsync(delivered);

        Assert.True(result.Actions.HasFlag(WebhookActions.SendReconciled));
        var record = await h.Sends.GetAsync("campaign:7");
        Assert.Equal((SendStatus.Sent, "wamid.7"), (record!.Status, record.ProviderMessageId));
        Assert.Equal(record, await h.Sends.FindByProviderMessageIdAsync("wamid.7"));
    }

    [Fact]
    public async Task FailedStatus_WhoseErrorQuotesTheRecipient_ReconcilesTheSendWithTheNumberMasked()
    {
        await using var h = Harness();
        await h.Sends.TryClaimAsync("campaign:8", h.Time.GetUtcNow());
        var failed = new MessageStatusEvent
        {
            EventId = "wamid.8:failed",
            Source = "eu",
            OccurredAt = h.Time.GetUtcNow().AddSeconds(30),
            ProviderMessageId = "wamid.8",
            Status = MessageDeliveryStatus.Failed,
            ClientReference = "campaign:8",
            Error = new ProviderError(ProviderErrorKind.Unknown, "131000", $"Could not deliver to {Nz.Digits} (user BR.7712093455123009)"),
        };

        await h.Webhooks.ProcessAsync(failed);

        var record = await h.Sends.GetAsync("campaign:8");
        Assert.Equal((SendStatus.Failed, "Could not deliver to [number] (user [user-id])"), (record!.Status, record.ErrorMessage));
    }

    [Fact]
    public async Task Status_NamingTheSendsReference_ReconcilesAClaimWhoseProviderIdWasNeverRecorded()
    {
        await using var h = Harness();
        var claim = await h.Sends.TryClaimAsync("campaign:8", h.Time.GetUtcNow());
        var failed = new MessageStatusEvent
        {
            EventId = "wamid.8:failed",
            Source = "eu",
            OccurredAt = h.Time.GetUtcNow().AddSeconds(30),
            ProviderMessageId = "wamid.8",
            Status = MessageDeliveryStatus.Failed,
            Error = new ProviderError(ProviderErrorKind.RecipientInvalid, "131026", "Message undeliverable"),
            ClientReference = claim.Record.Reference,
        };

        var result = await h.Webhooks.ProcessAsync(failed);

        Assert.True(result.Actions.HasFlag(WebhookActions.SendReconciled));
        var record = (await h.Sends.GetAsync("campaign:8"))!;
        Assert.Equal((SendStatus.Failed, "wamid.8", "RecipientInvalid"), (record.Status, record.ProviderMessageId, record.ErrorCode));
    }

    [Fact]
    public async Task Status_NamingTheReferenceOfAnAttemptAResendReplaced_LeavesTheNewAttemptAlone()
    {
        await using var h = Harness();
        var first = await h.Sends.TryClaimAsync("campaign:9", h.Time.GetUtcNow());
        await h.Sends.CompleteAsync("campaign:9", new SendOutcome(SendStatus.Unknown, h.Time.GetUtcNow()));
        await h.Sends.TryClaimAsync(SendClaim.Create("campaign:9", h.Time.GetUtcNow(), TimeSpan.FromMinutes(10), ResendPolicy.IfFailedOrUnknown));

        var result = await h.Webhooks.ProcessAsync(new MessageStatusEvent
        {
            EventId = "wamid.9:delivered",
            Source = "eu",
            OccurredAt = h.Time.GetUtcNow(),
            ProviderMessageId = "wamid.9",
            Status = MessageDeliveryStatus.Delivered,
            ClientReference = first.Record.Reference,
        });

        Assert.False(result.Actions.HasFlag(WebhookActions.SendReconciled));
        Assert.Equal((SendStatus.InProgress, 2), ((await h.Sends.GetAsync("campaign:9"))!.Status, (await h.Sends.GetAsync("campaign:9"))!.Attempt));
    }

    [Fact]
    public async Task TemplateStatus_UpdatesTheCatalogForTheLanguageOrEveryLanguage()
    {
        await using var h = Harness();
        await h.TemplateAsync("spring_sale", TemplateCategory.Marketing);
        await h.Templates.UpsertAsync((await h.Templates.GetAsync(new TemplateKey("spring_sale", "en")))! with { Language = "mi" });
        TemplateStatusEvent Status(string? language, TemplateStatus status, string id) => new()
        {
            EventId = id,
            Source = "eu",
            OccurredAt = h.Time.GetUtcNow().AddMinutes(1),
            TemplateName = "spring_sale",
            Language = language,
            Status = status,
            Quality = TemplateQuality.Red,
        };

        await h.Webhooks.ProcessAsync(Status("en", TemplateStatus.Paused, "t1"));
        Assert.Equal(TemplateStatus.Paused, (await h.Templates.GetAsync(new TemplateKey("spring_sale", "en")))!.Status);
        Assert.Equal(TemplateStatus.Approved, (await h.Templates.GetAsync(new TemplateKey("spring_sale", "mi")))!.Status);

        await h.Webhooks.ProcessAsync(Status(null, TemplateStatus.Disabled, "t2"));
        Assert.All(await h.Templates.ListAsync(), t => Assert.Equal(TemplateStatus.Disabled, t.Status));
    }
}
