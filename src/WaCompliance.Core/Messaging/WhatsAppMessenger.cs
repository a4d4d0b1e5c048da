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
using WaCompliance.Policy.Rules;
using WaCompliance.Privacy;
using WaCompliance.Suppression;
using WaCompliance.Templates;

namespace WaCompliance.Messaging;

/// <summary>The <see cref="IWhatsAppMessenger"/>: the send path of the engine.</summary>
public sealed class WhatsAppMessenger : IWhatsAppMessenger
{
    private const int DecisionBatch = 256;
    private const string IdempotencyStore = "idempotency store";
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
    private readonly SendStateChanges _changes;
    private readonly OptOutRule _optOutRule;
    private readonly SuppressionRule _suppressionRule;

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
    /// <param name="changes">Opt-outs and suppressions recorded through this instance, checked before each provider call.</param>
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
        IIdentityLinkStore? links = null,
        SendStateChanges? changes = null)
    {
        _links = links;
        _changes = changes ?? new SendStateChanges();
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
        _optOutRule = new OptOutRule(_options.Policy);
        _suppressionRule = new SuppressionRule(_options.Policy);
    }

    /// <inheritdoc />
    public async ValueTask<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(message);

        // Read before any state: a change published after this is seen by the check before the provider call.
        var seen = _changes.Version;
        if (message.IdempotencyKey is { } given && !message.IsOptOutConfirmation)
        {
            // A retry with a used key gets the first outcome, not a new decision (unless the caller chose to resend).
            SendRecord? existing;
            try
            {
                existing = await _idempotency.GetAsync(given, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException and not ArgumentException)
            {
                throw new ComplianceStateUnavailableException(IdempotencyStore, e);
            }

            if (existing is not null && !IdempotencyRules.MayResend(existing, message.Resend))
            {
                Telemetry.RecordSend("none", SendResultStatus.Duplicate);
                return new SendResult { Message = message, IdempotencyKey = given, Status = SendResultStatus.Duplicate, ExistingRecord = existing };
            }
        }

        var decision = await _policy.EvaluateAsync(message, cancellationToken).ConfigureAwait(false);
        var key = KeyFor(decision);
        await RecordDecisionsAsync([(decision, key)], cancellationToken).ConfigureAwait(false);
        return decision.IsAllowed ? await DispatchAsync(decision, key, seen, throttled: false, cancellationToken).ConfigureAwait(false) : NotSent(decision, key);
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

        // A group is sent only when this many slots are free (or the rest of the batch fits): one batched re-read of
        // opt-outs and suppressions then serves several provider calls that start right after it.
        var groupSize = Math.Max(1, (concurrency + 1) / 2);
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
            writer.Complete(inFlight.FirstOrDefault(t => t.IsFaulted)?.Exception?.InnerException ?? e);
        }

        async ValueTask FlushAsync()
        {
            if (batch.Count == 0)
            {
                return;
            }

            await RecordDecisionsAsync(batch, cancellationToken).ConfigureAwait(false);
            var allowed = new List<(ComplianceDecision Decision, string Key)>(batch.Count);
            foreach (var item in batch)
            {
                if (item.Decision.IsAllowed)
                {
                    allowed.Add(item);
                }
                else
                {
                    writer.TryWrite(NotSent(item.Decision, item.Key));
                }
            }

            batch.Clear();
            for (var next = 0; next < allowed.Count;)
            {
                if (inFlight.FirstOrDefault(t => t.IsFaulted) is { } faulted)
                {
                    await faulted.ConfigureAwait(false);
                }

                var want = Math.Min(groupSize, allowed.Count - next);
                var taken = 0;
                try
                {
                    while (taken < want)
                    {
                        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                        taken++;
                    }

                    while (taken < allowed.Count - next && slots.Wait(0, CancellationToken.None))
                    {
                        taken++;
                    }

                    var group = allowed.GetRange(next, taken);
                    next += taken;

                    // Paced first, then re-read: the provider calls start right after the read.
                    foreach (var (decision, _) in group)
                    {
                        await _limiter.WaitAsync(decision.Sender, cancellationToken).ConfigureAwait(false);
                    }

                    var seen = _changes.Version;
                    var stopped = await RecheckAsync(group, cancellationToken).ConfigureAwait(false);
                    var blocked = new List<(ComplianceDecision Decision, string Key)>();
                    for (var i = 0; i < group.Count; i++)
                    {
                        if (stopped[i] is { } now)
                        {
                            blocked.Add((now, group[i].Key));
                            slots.Release();
                            taken--;
                            continue;
                        }

                        var (decision, key) = group[i];
                        taken--;
                        inFlight.Add(Task.Run(
                            async () =>
                            {
                                try
                                {
                                    writer.TryWrite(await DispatchAsync(decision, key, seen, throttled: true, cancellationToken).ConfigureAwait(false));
                                }
                                finally
                                {
                                    slots.Release();
                                }
                            },
                            CancellationToken.None));
                    }

                    if (blocked.Count > 0)
                    {
                        await RecordDecisionsAsync(blocked, cancellationToken).ConfigureAwait(false);
                        foreach (var (decision, key) in blocked)
                        {
                            Log.StoppedBeforeCall(_logger, string.Join(",", decision.Codes()));
                            writer.TryWrite(NotSent(decision, key));
                        }
                    }
                }
                finally
                {
                    if (taken > 0)
                    {
                        slots.Release(taken);
                    }
                }
            }

            inFlight.RemoveAll(t => t.IsCompletedSuccessfully);
        }
    }

    /// <summary>
    /// Reads the opt-out and suppression state of a group of allowed messages again, in one batched read, and
    /// re-applies the opt-out and suppression rules: the decision (made from state read for a whole chunk, maybe
    /// seconds ago) no longer stands for a person who opted out or was suppressed since.
    /// </summary>
    /// <returns>For each message, the decision that now stops it, or <see langword="null"/> to send it.</returns>
    private async ValueTask<ComplianceDecision?[]> RecheckAsync(IReadOnlyList<(ComplianceDecision Decision, string Key)> group, CancellationToken cancellationToken)
    {
        var stopped = new ComplianceDecision?[group.Count];
        var identifiers = new HashSet<WhatsAppIdentifier>();
        foreach (var (decision, _) in group)
        {
            if (!decision.Message.IsOptOutConfirmation)
            {
                identifiers.UnionWith(OptOutIdentifiers(decision));
            }
        }

        if (identifiers.Count == 0)
        {
            return stopped;
        }

        IReadOnlyDictionary<WhatsAppIdentifier, ConsentSnapshot> consent;
        IReadOnlyDictionary<WhatsAppIdentifier, IReadOnlyList<SuppressionEntry>> suppressions;
        try
        {
            consent = await _ledger.GetSnapshotsAsync(identifiers, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ComplianceStateUnavailableException("consent ledger", e);
        }

        try
        {
            suppressions = await _suppressions.GetEntriesAsync(identifiers, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ComplianceStateUnavailableException("suppression list", e);
        }

        var now = _time.GetUtcNow();
        for (var i = 0; i < group.Count; i++)
        {
            if (!group[i].Decision.Message.IsOptOutConfirmation)
            {
                stopped[i] = Reapply(group[i].Decision, consent, suppressions, now);
            }
        }

        return stopped;
    }

    private ComplianceDecision? Reapply(
        ComplianceDecision decision,
        IReadOnlyDictionary<WhatsAppIdentifier, ConsentSnapshot> consent,
        IReadOnlyDictionary<WhatsAppIdentifier, IReadOnlyList<SuppressionEntry>> suppressions,
        DateTimeOffset now)
    {
        var person = decision.Person ?? ResolvedPerson.Alone(decision.Recipient);
        var snapshot = ConsentSnapshot.Of(person, consent);
        var entries = new List<SuppressionEntry>();
        foreach (var identifier in person.OptOutIdentifiers)
        {
            if (suppressions.TryGetValue(identifier, out var found))
            {
                entries.AddRange(found);
            }
        }

        var purpose = decision.ConsentPurpose;
        var suppression = entries.Count == 0 ? null : SuppressionRules.FindBlocking(entries, purpose ?? ConsentPurpose.All, now);
        var jurisdiction = decision.Jurisdiction ?? Jurisdictions.NumberJurisdiction.Strictest;
        var context = new EvaluationContext(decision.Message, decision.Recipient, decision.Sender, jurisdiction, now, _options.Policy,
            decision.Template, purpose, snapshot, suppression, decision.Window, [], 0, decision.Person);
        var violations = default(ViolationSet);
        _optOutRule.Evaluate(context, ref violations);
        _suppressionRule.Evaluate(context, ref violations);
        if (violations.Count == 0)
        {
            return null;
        }

        var list = violations.ToList();
        var outcome = DecisionOutcome.Allowed;
        DateTimeOffset? notBefore = null;
        foreach (var violation in list)
        {
            if (violation.Severity == ViolationSeverity.Block)
            {
                outcome = DecisionOutcome.Blocked;
            }
            else if (violation.Severity == ViolationSeverity.Defer)
            {
                outcome = outcome == DecisionOutcome.Blocked ? outcome : DecisionOutcome.Deferred;
                if (violation.NotBefore is { } at && (notBefore is null || at > notBefore))
                {
                    notBefore = at;
                }
            }
        }

        if (outcome == DecisionOutcome.Allowed)
        {
            return null;
        }

        return new ComplianceDecision(outcome, list, outcome == DecisionOutcome.Deferred ? notBefore : null, now,
            decision.Recipient, decision.Sender, decision.Jurisdiction, purpose, decision.ConsentRelied)
        {
            Person = decision.Person,
            Message = decision.Message,
            Template = decision.Template,
            Window = decision.Window,
        };
    }

    private static IReadOnlyList<WhatsAppIdentifier> OptOutIdentifiers(ComplianceDecision decision) =>
        decision.Person?.OptOutIdentifiers ?? decision.Recipient.Identifiers;

    private async ValueTask<SendResult> DispatchAsync(ComplianceDecision decision, string key, long seen, bool throttled, CancellationToken cancellationToken)
    {
        var message = decision.Message;
        var claimedAt = _time.GetUtcNow();
        var request = new SendClaim
        {
            Key = key,
            ClaimedAt = claimedAt,
            LeaseExpiresAt = claimedAt + _options.Sending.ClaimLease,
            Reference = IdempotencyRules.NewReference(),
            Resend = message.IsOptOutConfirmation ? ResendPolicy.Never : message.Resend,
        };
        IdempotencyClaim claim;
        try
        {
            claim = await _idempotency.TryClaimAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not ArgumentException)
        {
            // No durable claim, no provider call.
            throw new ComplianceStateUnavailableException(IdempotencyStore, e);
        }

        if (!claim.IsNew)
        {
            Telemetry.RecordSend("none", SendResultStatus.Duplicate);
            return new SendResult { Message = message, Decision = decision, IdempotencyKey = key, Status = SendResultStatus.Duplicate, ExistingRecord = claim.Record };
        }

        var record = claim.Record;
        var reference = record.Reference ?? request.Reference;
        if (record.Attempt > 1)
        {
            Log.Resent(_logger, record.Attempt, record.PreviousStatus?.ToString() ?? "-", request.Resend.ToString());
        }

        var result = new SendResult { Message = message, Decision = decision, IdempotencyKey = key, Reference = reference, Status = SendResultStatus.Failed };
        if (!_gateways.TryResolve(decision.Sender, out var gateway, out var sender))
        {
            // The policy blocks unknown senders; this only happens if gateways changed in between.
            var error = new ProviderError(ProviderErrorKind.InvalidRequest, null, "No gateway holds the sender number.");
            result = result with { Error = error, FailureReason = error.Message };
            await CompleteAsync(key, new SendOutcome(SendStatus.Failed, _time.GetUtcNow()) { Reference = reference, ErrorCode = error.Code, ErrorMessage = error.Message }, result).ConfigureAwait(false);
            return result;
        }

        result = result with { Gateway = gateway.Name };
        var attempt = new Attempt(this, gateway, new GatewayMessage
        {
            From = sender,
            To = decision.Recipient,
            Content = message.Content,
            Template = decision.Template,
            ReplyToMessageId = message.ReplyToMessageId,
            IdempotencyKey = key,
            Reference = reference,
        }, decision, seen, record.LeaseExpiresAt ?? request.LeaseExpiresAt);

        GatewaySendResult? answer = null;
        string? unknownReason = null;
        try
        {
            if (!throttled)
            {
                await _limiter.WaitAsync(sender, cancellationToken).ConfigureAwait(false);
            }

            answer = await _pipelines.For(gateway)
                .ExecuteAsync(static (state, ct) => state.RunAsync(ct), attempt, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (StoppedBeforeCallException stop) when (stop.Decision is { } now)
        {
            // The person opted out (or was suppressed) after the decision: nothing went to the provider on this attempt,
            // and earlier attempts were refused unprocessed.
            var codes = string.Join(",", now.Codes());
            await CompleteAsync(key, new SendOutcome(SendStatus.Failed, _time.GetUtcNow())
            {
                Reference = reference,
                Gateway = gateway.Name,
                ErrorCode = codes,
                ErrorMessage = "Not sent: the person's opt-out or suppression changed after the decision.",
            }, result).ConfigureAwait(false);
            await RecordDecisionsAsync([(now, key)], CancellationToken.None).ConfigureAwait(false);
            Log.StoppedBeforeCall(_logger, codes);
            return NotSent(now, key) with { Reference = reference, Gateway = gateway.Name };
        }
        catch (StoppedBeforeCallException stop)
        {
            result = result with { FailureReason = stop.Message };
            await CompleteAsync(key, new SendOutcome(SendStatus.Failed, _time.GetUtcNow())
            {
                Reference = reference,
                Gateway = gateway.Name,
                ErrorCode = "LeaseEnding",
                ErrorMessage = stop.Message,
            }, result).ConfigureAwait(false);
            Telemetry.RecordSend(gateway.Provider, SendResultStatus.Failed);
            return result;
        }
        catch (ComplianceStateUnavailableException) when (!attempt.Calling)
        {
            await TryCompleteAsync(key, new SendOutcome(SendStatus.Failed, _time.GetUtcNow())
            {
                Reference = reference,
                Gateway = gateway.Name,
                ErrorCode = "StateUnavailable",
                ErrorMessage = "Not sent: the state to re-check before the provider call could not be read.",
            }).ConfigureAwait(false);
            throw;
        }
        catch (BrokenCircuitException)
        {
            // Only ever thrown before an attempt: earlier attempts, if any, were refused unprocessed.
            answer = GatewaySendResult.Refused(new ProviderError(ProviderErrorKind.Transient, null, "The gateway's circuit is open after repeated failures; the message was not sent."));
        }
        catch (Exception e) when (GatewayPipelines.NeverSent(e))
        {
            answer = GatewaySendResult.Refused(new ProviderError(ProviderErrorKind.Transient, null, "The provider could not be reached; the message was not sent."));
        }
        catch (TimeoutRejectedException) when (attempt.Calling)
        {
            unknownReason = "The provider did not answer in time; the message may or may not have been accepted.";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var status = attempt.Calling ? SendStatus.Unknown : SendStatus.Failed;
            await TryCompleteAsync(key, new SendOutcome(status, _time.GetUtcNow()) { Reference = reference, Gateway = gateway.Name, ErrorCode = "Canceled" }).ConfigureAwait(false);
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException && !attempt.Calling)
        {
            answer = GatewaySendResult.Refused(new ProviderError(ProviderErrorKind.Unknown, null, $"Not sent: {e.GetType().Name} before the provider call."));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            unknownReason = $"The send ended with {e.GetType().Name}; the message may or may not have been accepted.";
        }

        var completedAt = _time.GetUtcNow();
        if (answer is null || answer.Error is { IsOutcomeUnknown: true })
        {
            var error = answer?.Error;
            unknownReason ??= $"The provider answered HTTP {error!.HttpStatus}: it may have accepted the message, so it is not sent again.";
            result = result with { Status = SendResultStatus.Unknown, Error = error, FailureReason = unknownReason };
            await CompleteAsync(key, new SendOutcome(SendStatus.Unknown, completedAt)
            {
                Reference = reference,
                Gateway = gateway.Name,
                ErrorCode = error?.Code ?? "Unknown",
                ErrorMessage = error is null ? unknownReason : Describe(error),
            }, result).ConfigureAwait(false);
            Log.SendUnknown(_logger, gateway.Name, key.Length);
            Telemetry.RecordSend(gateway.Provider, SendResultStatus.Unknown);
            return result;
        }

        if (answer.IsAccepted)
        {
            result = result with { Status = SendResultStatus.Sent, ProviderMessageId = answer.ProviderMessageId };
            await CompleteAsync(key, new SendOutcome(SendStatus.Sent, completedAt)
            {
                Reference = reference,
                Gateway = gateway.Name,
                ProviderMessageId = answer.ProviderMessageId,
                ConsentRecordId = decision.ConsentRelied?.RecordId,
            }, result).ConfigureAwait(false);
            await AfterSentAsync(decision, sender, completedAt, result).ConfigureAwait(false);
            await LinkReachedAsync(decision, answer, gateway.Name, completedAt, result).ConfigureAwait(false);
            Telemetry.RecordSend(gateway.Provider, SendResultStatus.Sent);
            return result;
        }

        var refusal = answer.Error!;
        result = result with { Error = refusal, FailureReason = refusal.Message };
        await CompleteAsync(key, new SendOutcome(SendStatus.Failed, completedAt)
        {
            Reference = reference,
            Gateway = gateway.Name,
            ErrorCode = refusal.Code,
            ErrorMessage = Describe(refusal),
        }, result).ConfigureAwait(false);
        await FeedBackAsync(decision, sender, gateway.Name, key, refusal, completedAt, result).ConfigureAwait(false);
        Log.SendRefused(_logger, gateway.Name, refusal.Code, refusal.ProviderCode ?? "-");
        Telemetry.RecordSend(gateway.Provider, SendResultStatus.Failed);
        return result;
    }

    // Stored: whatever the gateway wrote, the recipient's number or user ID never is (TextMasking).
    private static string? Describe(ProviderError error) =>
        error.ProviderCode is null ? TextMasking.MaskIdentifiers(error.Message) : $"{error.ProviderCode}: {TextMasking.MaskIdentifiers(error.Message)}";

    /// <summary>Counts the message for caps and limits, and opens a free entry point window when it answers a referral.</summary>
    private async ValueTask AfterSentAsync(ComplianceDecision decision, Numbers.WhatsAppNumber sender, DateTimeOffset now, SendResult result)
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
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw AfterSend("message counters", "the message counters could not count it, so caps and limits would undercount", e, result);
        }

        if (decision.Window?.PendingReferralAt is not null)
        {
            try
            {
                await _windows.RecordBusinessReplyAsync(sender, decision.Recipient.Primary, now).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw AfterSend("conversation window store", "the free entry point window could not be opened", e, result);
            }
        }
    }

    /// <summary>A store failed after the provider answered: the caller learns what the send did and what was missed.</summary>
    private ComplianceStateUnavailableException AfterSend(string store, string missed, Exception e, SendResult result)
    {
        Log.AfterSendFailed(_logger, e.GetType().Name);
        return new ComplianceStateUnavailableException(store,
            $"The send ended {result.Status} (recorded), but {missed}: the {store} failed with {e.GetType().Name}: {e.Message}", e)
        {
            SendResult = result,
        };
    }

    /// <summary>
    /// A send response that names whom the message reached (<c>contacts[].wa_id</c> for a number sent to, or
    /// <c>user_id</c>) is evidence that links those identifiers with the one sent to.
    /// </summary>
    private async ValueTask LinkReachedAsync(ComplianceDecision decision, GatewaySendResult answer, string gateway, DateTimeOffset now, SendResult result)
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
            throw AfterSend("identity links", "the link the provider reported between the person's identifiers could not be recorded", e, result);
        }
    }

    /// <summary>Provider errors with compliance meaning change the state, so the next decision knows.</summary>
    private async ValueTask FeedBackAsync(ComplianceDecision decision, Numbers.WhatsAppNumber sender, string gateway, string key, ProviderError error, DateTimeOffset now, SendResult result)
    {
        var policy = _options.Policy;
        var store = error.Kind switch
        {
            ProviderErrorKind.RecipientInvalid or ProviderErrorKind.MarketingLimit => "suppression list",
            ProviderErrorKind.OutsideWindow => "conversation window store",
            ProviderErrorKind.OptedOut => "consent ledger",
            _ => "template catalog",
        };
        try
        {
            switch (error.Kind)
            {
                case ProviderErrorKind.RecipientInvalid:
                    await _suppressions.AddAsync(decision.Recipient.Primary, ConsentPurpose.All, SuppressionReason.NotOnWhatsApp,
                        $"{gateway} {error.ProviderCode}", now + policy.NotOnWhatsAppRecheck).ConfigureAwait(false);
                    _changes.Publish(decision.Recipient.Primary);
                    break;
                case ProviderErrorKind.OutsideWindow:
                    await _windows.CloseAsync(sender, decision.Recipient.Primary, now).ConfigureAwait(false);
                    break;
                case ProviderErrorKind.MarketingLimit:
                    await _suppressions.AddAsync(decision.Recipient.Primary, ConsentPurpose.Marketing, SuppressionReason.ProviderBackoff,
                        $"{gateway} {error.ProviderCode}", now + policy.MarketingBackoff).ConfigureAwait(false);
                    _changes.Publish(decision.Recipient.Primary);
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
            throw AfterSend(store, $"what the provider's refusal ({error.Code}) means for the person's state could not be recorded", e, result);
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

    /// <summary>Records an outcome; a store failure is <see cref="ComplianceStateUnavailableException"/> carrying what the send did.</summary>
    private async ValueTask CompleteAsync(string key, SendOutcome outcome, SendResult result)
    {
        try
        {
            await _idempotency.CompleteAsync(key, outcome, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.OutcomeNotRecorded(_logger, outcome.Status.ToString(), e.GetType().Name);
            throw new ComplianceStateUnavailableException(IdempotencyStore,
                $"The send ended {outcome.Status}, but the idempotency store could not record it ({e.GetType().Name}: {e.Message}). The key stays claimed, so it is not sent again; "
                + "a status webhook naming its reference reconciles it, or recovery reports it as unknown once its lease ends.", e)
            {
                SendResult = result,
            };
        }
    }

    /// <summary>Records an outcome on the way out of a failure that is rethrown; a store failure then is only logged.</summary>
    private async ValueTask TryCompleteAsync(string key, SendOutcome outcome)
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

    /// <summary>One send through the pipeline: what each attempt checks before it calls the provider.</summary>
    private sealed class Attempt(
        WhatsAppMessenger messenger,
        IMessageGateway gateway,
        GatewayMessage message,
        ComplianceDecision decision,
        long seen,
        DateTimeOffset leaseExpiresAt)
    {
        private int _attempts;

        /// <summary>Whether the latest attempt called the provider and the call did not return an answer.</summary>
        public bool Calling { get; private set; }

        public async ValueTask<GatewaySendResult> RunAsync(CancellationToken cancellationToken)
        {
            Calling = false;
            var number = ++_attempts;
            var time = messenger._time;

            // No call starts unless it ends (answered or timed out) before the lease: after the lease, recovery may
            // report the claim as unknown and someone may choose to resend it.
            if (time.GetUtcNow() + messenger._options.Sending.AttemptTimeout > leaseExpiresAt)
            {
                throw new StoppedBeforeCallException(null,
                    "Not sent: the claim's lease would end before the provider call could finish (Sending:ClaimLease).");
            }

            if (!decision.Message.IsOptOutConfirmation
                && (number > 1 || messenger._changes.ChangedSince(OptOutIdentifiers(decision), seen)))
            {
                // A retry starts later than the state it was decided on; a change published by this instance means
                // the state read before may be stale. Either way: read the person's state again.
                var stopped = await messenger.RecheckAsync([(decision, message.IdempotencyKey)], cancellationToken).ConfigureAwait(false);
                if (stopped[0] is { } now)
                {
                    throw new StoppedBeforeCallException(now, "Not sent: the person's opt-out or suppression changed after the decision.");
                }
            }

            Calling = true;
            var answer = await gateway.SendAsync(message, cancellationToken).ConfigureAwait(false);
            Calling = false;
            return answer;
        }
    }

    /// <summary>An attempt stopped before it called the provider: by a changed opt-out or suppression, or the claim's lease.</summary>
    private sealed class StoppedBeforeCallException(ComplianceDecision? decision, string message) : Exception(message)
    {
        public ComplianceDecision? Decision { get; } = decision;
    }
}
