using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using WaCompliance.Consent;
using WaCompliance.Conversations;
using WaCompliance.Counters;
using WaCompliance.Decisions;
using WaCompliance.Diagnostics;
using WaCompliance.Gateways;
using WaCompliance.Idempotency;
using WaCompliance.Identities;
using WaCompliance.Internal;
using WaCompliance.Policy;
using WaCompliance.Privacy;
using WaCompliance.Suppression;
using WaCompliance.Templates;

namespace WaCompliance.Messaging;

/// <summary>The <see cref="IWhatsAppMessenger"/>: the send path of the engine.</summary>
public sealed class WhatsAppMessenger : IWhatsAppMessenger
{
    private const int DecisionBatch = 256;
    private readonly ICompliancePolicy _policy;
    private readonly IMessageGatewayRegistry _gateways;
    private readonly IIdempotencyStore _idempotency;
    private readonly IDecisionLog _decisions;
    private readonly IMessageCounterStore _counters;
    private readonly IConversationWindowStore _windows;
    private readonly ISuppressionList _suppressions;
    private readonly IConsentLedger _ledger;
    private readonly ITemplateCatalog _templates;
    private readonly ISubjectKeyProvider _keys;
    private readonly TimeProvider _time;
    private readonly WhatsAppComplianceOptions _options;
    private readonly GatewayPipelines _pipelines;
    private readonly SenderThroughputLimiter _limiter;
    private readonly ILogger _logger;
    private readonly IIdentityLinkStore? _links;

    /// <summary>Creates the messenger.</summary>
    /// <param name="policy">The policy.</param>
    /// <param name="gateways">The gateways.</param>
    /// <param name="idempotency">Idempotency keys and send records.</param>
    /// <param name="decisions">The decision log.</param>
    /// <param name="counters">The message counters.</param>
    /// <param name="windows">The conversation windows.</param>
    /// <param name="suppressions">The suppression list.</param>
    /// <param name="ledger">The consent ledger.</param>
    /// <param name="templates">The template catalog.</param>
    /// <param name="keys">The subject key provider.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="options">The options.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="links">The identity links, to record whom a send response says a message reached.</param>
    public WhatsAppMessenger(
        ICompliancePolicy policy,
        IMessageGatewayRegistry gateways,
        IIdempotencyStore idempotency,
        IDecisionLog decisions,
        IMessageCounterStore counters,
        IConversationWindowStore windows,
        ISuppressionList suppressions,
        IConsentLedger ledger,
        ITemplateCatalog templates,
        ISubjectKeyProvider keys,
        TimeProvider timeProvider,
        IOptions<WhatsAppComplianceOptions> options,
        ILogger<WhatsAppMessenger>? logger = null,
        IIdentityLinkStore? links = null)
    {
        _links = links;
        _policy = Guard.NotNull(policy);
        _gateways = Guard.NotNull(gateways);
        _idempotency = Guard.NotNull(idempotency);
        _decisions = Guard.NotNull(decisions);
        _counters = Guard.NotNull(counters);
        _windows = Guard.NotNull(windows);
        _suppressions = Guard.NotNull(suppressions);
        _ledger = Guard.NotNull(ledger);
        _templates = Guard.NotNull(templates);
        _keys = Guard.NotNull(keys);
        _time = Guard.NotNull(timeProvider);
        _options = Guard.NotNull(options).Value;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _pipelines = new GatewayPipelines(_options.Sending, _time);
        _limiter = new SenderThroughputLimiter(_time, _options.Sending.MessagesPerSecondPerSender);
    }

    /// <inheritdoc />
    public async ValueTask<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(message);
        if (message.IdempotencyKey is { } given && !message.IsOptOutConfirmation)
        {
            // A retry with a used key gets the first outcome, not a new decision.
            SendRecord? existing;
            try
            {
                existing = await _idempotency.GetAsync(given, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException and not ArgumentException)
            {
                throw new ComplianceStateUnavailableException("idempotency store", e);
            }

            if (existing is not null)
            {
                Telemetry.RecordSend("none", SendResultStatus.Duplicate);
                return new SendResult { Message = message, IdempotencyKey = given, Status = SendResultStatus.Duplicate, ExistingRecord = existing };
            }
        }

        var decision = await _policy.EvaluateAsync(message, cancellationToken).ConfigureAwait(false);
        var key = KeyFor(decision);
        await RecordDecisionsAsync([(decision, key)], cancellationToken).ConfigureAwait(false);
        return decision.IsAllowed ? await DispatchAsync(decision, key, cancellationToken).ConfigureAwait(false) : NotSent(decision, key);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<SendResult> SendManyAsync(IEnumerable<OutboundMessage> messages, SendManyOptions? options = null, CancellationToken cancellationToken = default) =>
        SendManyAsync(ToAsync(Guard.NotNull(messages)), options, cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<SendResult> SendManyAsync(
        IAsyncEnumerable<OutboundMessage> messages,
        SendManyOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Guard.NotNull(messages);
        var concurrency = Math.Max(1, options?.MaxConcurrency ?? _options.Sending.MaxConcurrency);
        var results = Channel.CreateUnbounded<SendResult>(new UnboundedChannelOptions { SingleReader = true });
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = ProduceAsync(messages, concurrency, results.Writer, linked.Token);
        int completed = 0, sent = 0, blocked = 0, deferred = 0, failed = 0;
        try
        {
            await foreach (var result in results.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                completed++;
                switch (result.Status)
                {
                    case SendResultStatus.Sent: sent++; break;
                    case SendResultStatus.Blocked: blocked++; break;
                    case SendResultStatus.Deferred: deferred++; break;
                    default: failed++; break;
                }

                options?.Progress?.Report(new SendProgress(completed, sent, blocked, deferred, failed));
                yield return result;
            }
        }
        finally
        {
            await linked.CancelAsync().ConfigureAwait(false);
            try
            {
                await producer.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (linked.IsCancellationRequested)
            {
                // The consumer stopped early.
            }
        }

        await producer.ConfigureAwait(false);
    }

    private async Task ProduceAsync(IAsyncEnumerable<OutboundMessage> messages, int concurrency, ChannelWriter<SendResult> writer, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(concurrency);
        var inFlight = new List<Task>();
        var batch = new List<(ComplianceDecision Decision, string Key)>(DecisionBatch);
        try
        {
            await foreach (var decision in _policy.EvaluateManyAsync(messages, null, cancellationToken).ConfigureAwait(false))
            {
                batch.Add((decision, KeyFor(decision)));
                if (batch.Count == DecisionBatch)
                {
                    await FlushAsync().ConfigureAwait(false);
                }
            }

            await FlushAsync().ConfigureAwait(false);
            await Task.WhenAll(inFlight).ConfigureAwait(false);
            writer.Complete();
        }
        catch (Exception e)
        {
            await Task.WhenAll(inFlight.Select(t => t.ContinueWith(static _ => { }, TaskScheduler.Default))).ConfigureAwait(false);
            writer.Complete(e);
        }

        async ValueTask FlushAsync()
        {
            if (batch.Count == 0)
            {
                return;
            }

            await RecordDecisionsAsync(batch, cancellationToken).ConfigureAwait(false);
            foreach (var (decision, key) in batch)
            {
                if (!decision.IsAllowed)
                {
                    writer.TryWrite(NotSent(decision, key));
                    continue;
                }

                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                inFlight.Add(Task.Run(
                    async () =>
                    {
                        try
                        {
                            writer.TryWrite(await DispatchAsync(decision, key, cancellationToken).ConfigureAwait(false));
                        }
                        finally
                        {
                            slots.Release();
                        }
                    },
                    cancellationToken));
            }

            inFlight.RemoveAll(t => t.IsCompletedSuccessfully);
            batch.Clear();
        }
    }

    private async ValueTask<SendResult> DispatchAsync(ComplianceDecision decision, string key, CancellationToken cancellationToken)
    {
        var message = decision.Message;
        var claim = await _idempotency.TryClaimAsync(key, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (!claim.IsNew)
        {
            Telemetry.RecordSend("none", SendResultStatus.Duplicate);
            return new SendResult { Message = message, Decision = decision, IdempotencyKey = key, Status = SendResultStatus.Duplicate, ExistingRecord = claim.Record };
        }

        if (!_gateways.TryResolve(decision.Sender, out var gateway, out var sender))
        {
            // The policy blocks unknown senders; this only happens if gateways changed in between.
            var error = new ProviderError(ProviderErrorKind.InvalidRequest, null, "No gateway holds the sender number.");
            await CompleteAsync(key, new SendOutcome(SendStatus.Failed, _time.GetUtcNow()) { ErrorCode = error.Code, ErrorMessage = error.Message }).ConfigureAwait(false);
            return new SendResult { Message = message, Decision = decision, IdempotencyKey = key, Status = SendResultStatus.Failed, Error = error, FailureReason = error.Message };
        }

        var gatewayMessage = new GatewayMessage
        {
            From = sender,
            To = decision.Recipient,
            Content = message.Content,
            Template = decision.Template,
            ReplyToMessageId = message.ReplyToMessageId,
            IdempotencyKey = key,
        };

        GatewaySendResult? answer = null;
        string? unknownReason = null;
        try
        {
            await _limiter.WaitAsync(sender, cancellationToken).ConfigureAwait(false);
            answer = await _pipelines.For(gateway)
                .ExecuteAsync(static async (state, ct) => await state.gateway.SendAsync(state.gatewayMessage, ct).ConfigureAwait(false), (gateway, gatewayMessage), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (BrokenCircuitException)
        {
            answer = GatewaySendResult.Refused(new ProviderError(ProviderErrorKind.Transient, null, "The gateway's circuit is open after repeated failures; the message was not sent."));
        }
        catch (Exception e) when (GatewayPipelines.NeverSent(e))
        {
            answer = GatewaySendResult.Refused(new ProviderError(ProviderErrorKind.Transient, null, "The provider could not be reached; the message was not sent."));
        }
        catch (TimeoutRejectedException)
        {
            unknownReason = "The provider did not answer in time; the message may or may not have been accepted.";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await CompleteAsync(key, new SendOutcome(SendStatus.Unknown, _time.GetUtcNow()) { Gateway = gateway.Name, ErrorCode = "Canceled" }).ConfigureAwait(false);
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            unknownReason = $"The send ended with {e.GetType().Name}; the message may or may not have been accepted.";
        }

        var now = _time.GetUtcNow();
        if (answer is null)
        {
            await CompleteAsync(key, new SendOutcome(SendStatus.Unknown, now) { Gateway = gateway.Name, ErrorCode = "Unknown", ErrorMessage = unknownReason }).ConfigureAwait(false);
            Log.SendUnknown(_logger, gateway.Name, key.Length);
            Telemetry.RecordSend(gateway.Provider, SendResultStatus.Unknown);
            return new SendResult { Message = message, Decision = decision, IdempotencyKey = key, Gateway = gateway.Name, Status = SendResultStatus.Unknown, FailureReason = unknownReason };
        }

        if (answer.IsAccepted)
        {
            await CompleteAsync(key, new SendOutcome(SendStatus.Sent, now)
            {
                Gateway = gateway.Name,
                ProviderMessageId = answer.ProviderMessageId,
                ConsentRecordId = decision.ConsentRelied?.RecordId,
            }).ConfigureAwait(false);
            await AfterSentAsync(decision, sender, now).ConfigureAwait(false);
            await LinkReachedAsync(decision, answer, gateway.Name, now).ConfigureAwait(false);
            Telemetry.RecordSend(gateway.Provider, SendResultStatus.Sent);
            return new SendResult
            {
                Message = message,
                Decision = decision,
                IdempotencyKey = key,
                Gateway = gateway.Name,
                Status = SendResultStatus.Sent,
                ProviderMessageId = answer.ProviderMessageId,
            };
        }

        var refusal = answer.Error!;
        await CompleteAsync(key, new SendOutcome(SendStatus.Failed, now)
        {
            Gateway = gateway.Name,
            ErrorCode = refusal.Code,
            // Stored: whatever the gateway wrote, the recipient's number or user ID never is (TextMasking).
            ErrorMessage = refusal.ProviderCode is null ? TextMasking.MaskIdentifiers(refusal.Message) : $"{refusal.ProviderCode}: {TextMasking.MaskIdentifiers(refusal.Message)}",
        }).ConfigureAwait(false);
        await FeedBackAsync(decision, sender, gateway.Name, key, refusal, now).ConfigureAwait(false);
        Log.SendRefused(_logger, gateway.Name, refusal.Code, refusal.ProviderCode ?? "-");
        Telemetry.RecordSend(gateway.Provider, SendResultStatus.Failed);
        return new SendResult
        {
            Message = message,
            Decision = decision,
            IdempotencyKey = key,
            Gateway = gateway.Name,
            Status = SendResultStatus.Failed,
            Error = refusal,
            FailureReason = refusal.Message,
        };
    }

    /// <summary>Counts the message for caps and limits, and opens a free entry point window when it answers a referral.</summary>
    private async ValueTask AfterSentAsync(ComplianceDecision decision, Numbers.WhatsAppNumber sender, DateTimeOffset now)
    {
        try
        {
            await _counters.RecordAsync(new MessageCountEntry
            {
                Sender = sender,
                Recipient = decision.Recipient.Primary,
                Purpose = decision.ConsentPurpose ?? ConsentPurpose.All,
                SentAt = ConsentChain.NormalizeTimestamp(now),
                BusinessInitiated = decision.Message.Content.IsTemplate && decision.Window?.IsCustomerServiceWindowOpen(decision.EvaluatedAt) != true,
                Topic = decision.Message.Topic,
                ContentFingerprint = MessageFingerprint.Of(decision.Message),
            }).ConfigureAwait(false);
            if (decision.Window?.PendingReferralAt is not null)
            {
                await _windows.RecordBusinessReplyAsync(sender, decision.Recipient.Primary, now).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.AfterSendFailed(_logger, e.GetType().Name);
        }
    }

    /// <summary>
    /// A send response that names whom the message reached (<c>contacts[].wa_id</c> for a number sent to, or
    /// <c>user_id</c>) is evidence that links those identifiers with the one sent to.
    /// </summary>
    private async ValueTask LinkReachedAsync(ComplianceDecision decision, GatewaySendResult answer, string gateway, DateTimeOffset now)
    {
        if (_links is null || answer.Reached is not { } reached)
        {
            return;
        }

        try
        {
            var sent = decision.Recipient.Primary;
            foreach (var identifier in reached.Identifiers)
            {
                if (identifier != sent)
                {
                    await _links.LinkAsync(new IdentityLink
                    {
                        First = sent,
                        Second = identifier,
                        Reason = IdentityLinkReason.SendResponse,
                        Source = gateway,
                        EventId = answer.ProviderMessageId,
                        LinkedAt = now,
                    }).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.AfterSendFailed(_logger, e.GetType().Name);
        }
    }

    /// <summary>Provider errors with compliance meaning change the state, so the next decision knows.</summary>
    private async ValueTask FeedBackAsync(ComplianceDecision decision, Numbers.WhatsAppNumber sender, string gateway, string key, ProviderError error, DateTimeOffset now)
    {
        var policy = _options.Policy;
        try
        {
            switch (error.Kind)
            {
                case ProviderErrorKind.RecipientInvalid:
                    await _suppressions.AddAsync(decision.Recipient.Primary, ConsentPurpose.All, SuppressionReason.NotOnWhatsApp,
                        $"{gateway} {error.ProviderCode}", now + policy.NotOnWhatsAppRecheck).ConfigureAwait(false);
                    break;
                case ProviderErrorKind.OutsideWindow:
                    await _windows.CloseAsync(sender, decision.Recipient.Primary, now).ConfigureAwait(false);
                    break;
                case ProviderErrorKind.MarketingLimit:
                    await _suppressions.AddAsync(decision.Recipient.Primary, ConsentPurpose.Marketing, SuppressionReason.ProviderBackoff,
                        $"{gateway} {error.ProviderCode}", now + policy.MarketingBackoff).ConfigureAwait(false);
                    break;
                case ProviderErrorKind.OptedOut:
                    await _ledger.RecordAsync(ConsentEvent.OptOut(decision.Recipient.Primary, ConsentPurpose.Marketing, ConsentMethod.ProviderError) with
                    {
                        CapturedAt = now,
                        Source = gateway,
                        EventId = $"provider-error:{gateway}:{key}",
                        Evidence = new ConsentEvidence { RawInput = error.ProviderCode },
                    }).ConfigureAwait(false);
                    break;
                case ProviderErrorKind.TemplatePaused or ProviderErrorKind.TemplateDisabled when decision.Template is { } template:
                    await _templates.UpdateStatusAsync(template.Key, new TemplateStatusUpdate(
                        error.Kind == ProviderErrorKind.TemplatePaused ? TemplateStatus.Paused : TemplateStatus.Disabled, now)
                    {
                        Reason = error.Message,
                    }).ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.AfterSendFailed(_logger, e.GetType().Name);
        }
    }

    private async ValueTask RecordDecisionsAsync(IReadOnlyList<(ComplianceDecision Decision, string Key)> decisions, CancellationToken cancellationToken)
    {
        var records = new DecisionRecord[decisions.Count];
        for (var i = 0; i < decisions.Count; i++)
        {
            var (decision, key) = decisions[i];
            var violations = decision.Violations;
            var codes = violations.Count == 0 ? [] : new string[violations.Count];
            for (var v = 0; v < violations.Count; v++)
            {
                codes[v] = violations[v].Code;
            }

            records[i] = new DecisionRecord
            {
                DecisionId = decision.DecisionId,
                DecidedAt = ConsentChain.NormalizeTimestamp(decision.EvaluatedAt),
                Subject = decision.Recipient.IsEmpty ? SubjectKey.Parse(new string('0', 64)) : _keys.GetKey(decision.Recipient.Primary),
                Sender = decision.Sender.IsEmpty ? null : decision.Sender.E164,
                Purpose = decision.ConsentPurpose ?? ConsentPurpose.All,
                Outcome = decision.Outcome,
                NotBefore = decision.NotBefore,
                ViolationCodes = codes,
                ConsentRecordId = decision.ConsentRelied?.RecordId,
                IdempotencyKey = key,
                CampaignId = decision.Message.CampaignId,
                MessageKind = decision.Message.Content.Kind,
                TemplateName = (decision.Message.Content as TemplateContent)?.Name,
            };
        }

        try
        {
            await _decisions.AppendAsync(records, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Without the record of the decision there is no proof: nothing is sent.
            throw new ComplianceStateUnavailableException("decision log", e);
        }
    }

    private static string KeyFor(ComplianceDecision decision)
    {
        var message = decision.Message;
        if (message.IsOptOutConfirmation && decision.IsAllowed)
        {
            // Exactly one confirmation per opt-out, whatever key the caller gave.
            return $"optout-confirmation:{decision.ConsentRelied!.RecordId:N}";
        }

        return message.IdempotencyKey ?? $"auto:{decision.DecisionId:N}";
    }

    private async ValueTask CompleteAsync(string key, SendOutcome outcome)
    {
        try
        {
            await _idempotency.CompleteAsync(key, outcome, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.OutcomeNotRecorded(_logger, outcome.Status.ToString(), e.GetType().Name);
        }
    }

    private static SendResult NotSent(ComplianceDecision decision, string key)
    {
        var status = decision.Outcome == DecisionOutcome.Deferred ? SendResultStatus.Deferred : SendResultStatus.Blocked;
        Telemetry.RecordSend("none", status);
        return new SendResult { Message = decision.Message, Decision = decision, IdempotencyKey = key, Status = status };
    }

    private static async IAsyncEnumerable<OutboundMessage> ToAsync(IEnumerable<OutboundMessage> messages)
    {
        foreach (var message in messages)
        {
            yield return message;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}
