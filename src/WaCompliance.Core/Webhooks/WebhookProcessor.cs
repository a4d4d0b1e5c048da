using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WaCompliance.Consent;
using WaCompliance.Conversations;
using WaCompliance.Diagnostics;
using WaCompliance.Gateways;
using WaCompliance.Idempotency;
using WaCompliance.Identities;
using WaCompliance.Internal;
using WaCompliance.Policy;
using WaCompliance.Suppression;
using WaCompliance.Templates;

namespace WaCompliance.Webhooks;

/// <summary>
/// Applies provider-neutral webhook events to the stores: inbound messages open the window and opt-out keywords write
/// an opt-out at once; START re-subscribes with the message as evidence; statuses reconcile sends and feed errors with
/// compliance meaning back; template status changes update the catalog; Meta's marketing preference signal becomes a
/// ledger event. Every effect is idempotent, so redelivered events change nothing twice; each event is recorded as
/// processed after it was applied.
/// </summary>
public sealed class WebhookProcessor
{
    private readonly IConsentLedger _ledger;
    private readonly ISuppressionList _suppressions;
    private readonly IConversationWindowStore _windows;
    private readonly ITemplateCatalog _templates;
    private readonly IIdempotencyStore _sends;
    private readonly IWebhookEventStore _events;
    private readonly KeywordClassifier _keywords;
    private readonly TimeProvider _time;
    private readonly WhatsAppComplianceOptions _options;
    private readonly ILogger _logger;
    private readonly IIdentityLinkStore _links;
    private readonly IdentityResolver _resolver;
    private readonly IWebhookDeadLetterStore _deadLetters;

    /// <summary>Creates the processor.</summary>
    /// <param name="ledger">The consent ledger.</param>
    /// <param name="suppressions">The suppression list.</param>
    /// <param name="windows">The conversation windows.</param>
    /// <param name="templates">The template catalog.</param>
    /// <param name="sends">The send records.</param>
    /// <param name="events">The processed-event store.</param>
    /// <param name="keywords">The keyword classifier.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="options">The options.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="links">The identity links the events' evidence is recorded in; in memory when omitted.</param>
    /// <param name="deadLetters">Where malformed items of a delivery are kept; in memory when omitted.</param>
    public WebhookProcessor(
        IConsentLedger ledger,
        ISuppressionList suppressions,
        IConversationWindowStore windows,
        ITemplateCatalog templates,
        IIdempotencyStore sends,
        IWebhookEventStore events,
        KeywordClassifier keywords,
        TimeProvider timeProvider,
        IOptions<WhatsAppComplianceOptions> options,
        ILogger<WebhookProcessor>? logger = null,
        IIdentityLinkStore? links = null,
        IWebhookDeadLetterStore? deadLetters = null)
    {
        _links = links ?? new InMemoryIdentityLinkStore();
        _resolver = new IdentityResolver(_links);
        _deadLetters = deadLetters ?? new InMemoryWebhookDeadLetterStore();
        _ledger = Guard.NotNull(ledger);
        _suppressions = Guard.NotNull(suppressions);
        _windows = Guard.NotNull(windows);
        _templates = Guard.NotNull(templates);
        _sends = Guard.NotNull(sends);
        _events = Guard.NotNull(events);
        _keywords = Guard.NotNull(keywords);
        _time = Guard.NotNull(timeProvider);
        _options = Guard.NotNull(options).Value;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Applies events in order, each on its own: an event that cannot be applied for what it holds (a value no store
    /// keeps, an opt-in dated beyond the allowed clock skew) is kept as a dead letter (<see cref="WebhookActions.DeadLettered"/>)
    /// and the others are still applied. When an event fails for another reason (a store down), the others are still
    /// applied and the failure is thrown at the end, so that the provider delivers the whole request again (what was
    /// applied is deduplicated): one failure as it was thrown, several as an <see cref="AggregateException"/>.
    /// </summary>
    /// <param name="events">The events of one webhook request.</param>
    /// <param name="cancellationToken">Cancels processing.</param>
    /// <returns>One result per event.</returns>
    public async ValueTask<IReadOnlyList<WebhookProcessingResult>> ProcessAsync(IReadOnlyList<WhatsAppEvent> events, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(events);
        var (results, _) = await ProcessEachAsync(events, keepDeadLetters: true, cancellationToken).ConfigureAwait(false);
        return results;
    }

    /// <summary>
    /// Applies the events of a dead letter being re-processed: as <see cref="ProcessAsync(IReadOnlyList{WhatsAppEvent}, CancellationToken)"/>,
    /// but an event that still cannot be applied is not kept again (the dead letter being re-processed keeps it); its
    /// result is flagged <see cref="WebhookActions.DeadLettered"/>.
    /// </summary>
    internal async ValueTask<IReadOnlyList<WebhookProcessingResult>> ReapplyAsync(IReadOnlyList<WhatsAppEvent> events, CancellationToken cancellationToken)
    {
        var (results, _) = await ProcessEachAsync(events, keepDeadLetters: false, cancellationToken).ConfigureAwait(false);
        return results;
    }

    /// <summary>
    /// Applies what a reader made of one delivery: every event read, and a dead letter for every item that could not
    /// be read, so that nothing in an authentic delivery is lost because of another item. Each event is applied on its
    /// own, as <see cref="ProcessAsync(IReadOnlyList{WhatsAppEvent}, CancellationToken)"/> does; once every event was
    /// applied or kept, the reader is told (<see cref="WebhookReadResult.MarkAppliedAsync"/>: only now does its replay
    /// protection remember the delivery). A host acknowledges such a delivery (HTTP 200) once this returns: a retry
    /// cannot repair a malformed item, and the dead letter keeps it. When this throws (a store down), the host answers
    /// 5xx and the provider's redelivery is accepted and applied.
    /// </summary>
    /// <param name="read">The reader's result; a rejected or challenge result is not processed.</param>
    /// <param name="cancellationToken">Cancels processing.</param>
    /// <returns>One result per event, and the dead letters kept.</returns>
    public async ValueTask<WebhookDeliveryResult> ProcessAsync(WebhookReadResult read, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(read);
        if (!read.IsAccepted)
        {
            throw new ArgumentException("A rejected webhook request is not processed; answer with its rejection's status code.", nameof(read));
        }

        var letters = new List<WebhookDeadLetter>(read.MalformedItems.Count);
        var now = _time.GetUtcNow();
        foreach (var item in read.MalformedItems)
        {
            var source = item.Source;
            var letter = new WebhookDeadLetter
            {
                Id = Guid.CreateVersion7(now),
                Source = LedgerText.Key(source, WebhookDeadLetterRules.MaxKeyLength),
                Code = item.Code,
                Message = item.Message.Length > WebhookDeadLetterRules.MaxMessageLength ? item.Message[..WebhookDeadLetterRules.MaxMessageLength] : item.Message,
                EventId = item.EventId is { Length: > 0 } id ? LedgerText.Key(id, WebhookDeadLetterRules.MaxKeyLength) : null,
                RawItem = item.RawItem,
                Subject = item.Subject,
                ReceivedAt = now,
            };

            // Dead letters first: if applying the good items fails, the bad ones are still kept.
            if (await _deadLetters.AddAsync(letter, cancellationToken).ConfigureAwait(false))
            {
                letters.Add(letter);
            }

            Log.WebhookItemDeadLettered(_logger, source, item.Code);
        }

        var (results, kept) = await ProcessEachAsync(read.Events, keepDeadLetters: true, cancellationToken).ConfigureAwait(false);
        letters.AddRange(kept);
        await read.MarkAppliedAsync(cancellationToken).ConfigureAwait(false);
        return new WebhookDeliveryResult(results, letters);
    }

    /// <summary>Applies every event on its own (see <see cref="ProcessAsync(IReadOnlyList{WhatsAppEvent}, CancellationToken)"/>).</summary>
    private async ValueTask<(WebhookProcessingResult[] Results, List<WebhookDeadLetter> DeadLetters)> ProcessEachAsync(
        IReadOnlyList<WhatsAppEvent> events,
        bool keepDeadLetters,
        CancellationToken cancellationToken)
    {
        var results = new WebhookProcessingResult[events.Count];
        var letters = new List<WebhookDeadLetter>();
        List<Exception>? failures = null;
        for (var i = 0; i < events.Count; i++)
        {
            var @event = Guard.NotNull(events[i]);
            try
            {
                results[i] = await ProcessAsync(@event, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (IsBadInput(exception) && !keepDeadLetters)
            {
                Log.WebhookEventDeadLettered(_logger, @event.GetType().Name, @event.Source, Cause(exception), exception.GetType().Name);
                results[i] = new WebhookProcessingResult(@event, WebhookActions.DeadLettered);
            }
            catch (Exception exception) when (IsBadInput(exception))
            {
                var (result, letter) = await DeadLetterAsync(@event, exception, cancellationToken).ConfigureAwait(false);
                results[i] = result;
                if (letter is not null)
                {
                    letters.Add(letter);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                Log.WebhookEventFailed(_logger, @event.GetType().Name, @event.Source, exception.GetType().Name);
                (failures ??= []).Add(exception);
                results[i] = new WebhookProcessingResult(@event, WebhookActions.None);
            }
        }

        if (failures is [var only])
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(only).Throw();
        }

        if (failures is not null)
        {
            throw new AggregateException("Several events of the delivery could not be applied; the others were.", failures);
        }

        return (results, letters);
    }

    /// <summary>
    /// Whether an event failed for what it holds (the same event will fail the same way again), not because something
    /// is down: it is then kept as a dead letter instead of failing the delivery.
    /// </summary>
    private static bool IsBadInput(Exception exception) =>
        exception is ArgumentException or FormatException or OverflowException;

    /// <summary>Keeps an event that could not be applied as a dead letter; the event's result says so.</summary>
    private async ValueTask<(WebhookProcessingResult Result, WebhookDeadLetter? Letter)> DeadLetterAsync(WhatsAppEvent @event, Exception exception, CancellationToken cancellationToken)
    {
        var cause = Cause(exception);
        var letter = new WebhookDeadLetter
        {
            Id = Guid.CreateVersion7(_time.GetUtcNow()),
            Source = LedgerText.Key(string.IsNullOrWhiteSpace(@event.Source) ? "unknown" : @event.Source, WebhookDeadLetterRules.MaxKeyLength),
            Code = MalformedItemCodes.ApplyFailed,
            Message = $"The {@event.GetType().Name} was read but could not be applied ({cause}); re-process it after a fix.",
            EventId = string.IsNullOrWhiteSpace(@event.EventId) ? null : LedgerText.Key(@event.EventId, WebhookDeadLetterRules.MaxKeyLength),
            RawItem = WebhookEventJson.Write(@event),
            Subject = PersonOf(@event),
            ReceivedAt = _time.GetUtcNow(),
        };
        var added = await _deadLetters.AddAsync(letter, cancellationToken).ConfigureAwait(false);
        Log.WebhookEventDeadLettered(_logger, @event.GetType().Name, letter.Source, cause, exception.GetType().Name);
        return (new WebhookProcessingResult(@event, WebhookActions.DeadLettered), added ? letter : null);
    }

    /// <summary>The cause's code (a ledger code) or type, never its message: messages may quote values.</summary>
    private static string Cause(Exception exception) => exception is ConsentValidationException validation ? validation.Code : exception.GetType().Name;

    private static WhatsAppIdentifier? PersonOf(WhatsAppEvent @event) => @event switch
    {
        InboundMessageEvent { From.IsEmpty: false } inbound => inbound.From.Primary,
        ButtonReplyEvent { From.IsEmpty: false } button => button.From.Primary,
        MarketingPreferenceEvent { From.IsEmpty: false } preference => preference.From.Primary,
        MessageStatusEvent { Recipient: { IsEmpty: false } recipient } => recipient.Primary,
        IdentityLinkEvent { Previous.IsEmpty: false } link => link.Previous.Primary,
        _ => null,
    };

    /// <summary>Applies one event.</summary>
    /// <param name="event">The event.</param>
    /// <param name="cancellationToken">Cancels processing.</param>
    /// <returns>What it changed.</returns>
    public async ValueTask<WebhookProcessingResult> ProcessAsync(WhatsAppEvent @event, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(@event);

        // Keys the stores keep whatever the provider sent: an opt-out is never refused for the length of its id.
        var source = LedgerText.Key(Guard.NotNullOrWhiteSpace(@event.Source), WebhookEventKeys.MaxSourceLength);
        var eventId = LedgerText.Key(Guard.NotNullOrWhiteSpace(@event.EventId), WebhookEventKeys.MaxEventIdLength);
        WebhookEventKeys.Validate(source, eventId);
        using var activity = Telemetry.Source.StartActivity("wacompliance.webhook.process");
        // Links the event is evidence of come first; if one cannot be kept (a value the link store refuses), the event's
        // own effect (its STOP) is still applied, and the failure is thrown after it (the event is then dead-lettered
        // and re-applied whole after a fix).
        var linked = false;
        Exception? linkFailure = null;
        try
        {
            linked = await LinkEvidenceAsync(@event, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsBadInput(exception))
        {
            linkFailure = exception;
        }

        var result = @event switch
        {
            InboundMessageEvent inbound => await InboundAsync(inbound, inbound.From, inbound.MessageId, inbound.Text, inbound.Origin, ConsentMethod.Keyword, cancellationToken).ConfigureAwait(false),
            ButtonReplyEvent button => await InboundAsync(button, button.From, button.MessageId, button.Text ?? button.Payload, InboundOrigin.Organic, ConsentMethod.ButtonReply, cancellationToken).ConfigureAwait(false),
            MessageStatusEvent status => await StatusAsync(status, cancellationToken).ConfigureAwait(false),
            TemplateStatusEvent template => await TemplateAsync(template, cancellationToken).ConfigureAwait(false),
            MarketingPreferenceEvent preference => await PreferenceAsync(preference, cancellationToken).ConfigureAwait(false),
            _ => new WebhookProcessingResult(@event, WebhookActions.None),
        };
        if (linkFailure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(linkFailure).Throw();
        }

        if (linked)
        {
            result = result with { Actions = result.Actions | WebhookActions.IdentitiesLinked };
        }

        var first = await _events.TryRecordAsync(source, eventId, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        Log.WebhookProcessed(_logger, @event.GetType().Name, @event.Source, result.Actions.ToString(), !first);
        return first ? result : result with { IsDuplicate = true };
    }

    /// <summary>
    /// The time an event's effects are dated (a window opened, a status, a link): when it occurred, but never later than
    /// now nor before <see cref="WebhookTimes.Earliest"/> (then now): a time from a provider whose clock is ahead, or an
    /// absurd one, neither throws nor keeps a window open into the future.
    /// </summary>
    private DateTimeOffset EffectTime(WhatsAppEvent @event)
    {
        var now = _time.GetUtcNow();
        var at = @event.OccurredAt;
        return at > now || at < WebhookTimes.Earliest ? now : at;
    }

    /// <summary>
    /// The capture time a consent event made from this one reports: the provider's own time. The ledger records an
    /// opt-out dated in the future or absurdly far back as captured now and keeps this as its
    /// <see cref="ConsentRecord.ReportedAt"/>; it refuses an opt-in dated beyond the allowed skew (then the event is
    /// dead-lettered and the person's opt-out stands).
    /// </summary>
    private static DateTimeOffset ReportedTime(WhatsAppEvent @event) => @event.ReportedAt ?? @event.OccurredAt;

    private async ValueTask<WebhookProcessingResult> InboundAsync(
        WhatsAppEvent @event,
        WhatsAppIdentity person,
        string messageId,
        string? text,
        InboundOrigin origin,
        ConsentMethod keywordMethod,
        CancellationToken cancellationToken)
    {
        var actions = WebhookActions.None;
        var from = person.Primary;
        if (@event.Business is { } business)
        {
            await _windows.RecordInboundAsync(business, from, EffectTime(@event), origin, cancellationToken).ConfigureAwait(false);
            actions |= WebhookActions.WindowOpened;
        }
        else
        {
            Log.InboundWithoutBusiness(_logger, @event.Source);
        }

        var match = _keywords.Classify(text);
        var evidence = new ConsentEvidence { MessageId = LedgerText.Clean(messageId, 256), RawInput = LedgerText.Clean(text, 1024) };
        ConsentRecord? record = null;
        var confirmation = false;
        switch (match.Intent)
        {
            case KeywordIntent.OptOut:
            case KeywordIntent.ProbableRevocation when _options.Policy.ProbableRevocation == ProbableRevocationHandling.TreatAsOptOut:
                record = await _ledger.RecordAsync(ConsentEvent.OptOut(from, match.Purpose, match.Intent == KeywordIntent.OptOut ? keywordMethod : ConsentMethod.InboundMessage, evidence) with
                {
                    CapturedAt = ReportedTime(@event),
                    Source = LedgerText.Clean(@event.Source, 256),
                    EventId = LedgerText.Key($"{@event.Source}:{messageId}:opt-out"),
                }, cancellationToken).ConfigureAwait(false);
                actions |= WebhookActions.OptedOut;
                confirmation = _time.GetUtcNow() - record.CapturedAt <= _options.Policy.OptOutConfirmationWindow;
                break;
            case KeywordIntent.ProbableRevocation:
                actions |= WebhookActions.ProbableRevocationReported;
                break;
            case KeywordIntent.OptIn:
                record = await ResubscribeAsync(@event, person, messageId, match, evidence, keywordMethod, cancellationToken).ConfigureAwait(false);
                if (record is not null)
                {
                    actions |= WebhookActions.OptedIn;
                }

                break;
            case KeywordIntent.Help:
                actions |= WebhookActions.HelpRequested;
                break;
        }

        return new WebhookProcessingResult(@event, actions) { Keyword = match, ConsentRecord = record, ConfirmationAllowed = confirmation };
    }

    /// <summary>
    /// START after a STOP re-subscribes what the STOP covered; a yes-word counts only after an opt-out; with no opt-out,
    /// nothing is recorded. The opt-in is recorded under every identifier of the person (actively linked) that is
    /// opted out: the person asked through one of them, and an opt-out under any of them would otherwise still decide.
    /// </summary>
    private async ValueTask<ConsentRecord?> ResubscribeAsync(
        WhatsAppEvent @event,
        WhatsAppIdentity person,
        string messageId,
        KeywordMatch match,
        ConsentEvidence evidence,
        ConsentMethod method,
        CancellationToken cancellationToken)
    {
        var resolved = await _resolver.ResolveAsync(person, cancellationToken).ConfigureAwait(false);

        // One read of every identifier's snapshot: combined for the decision, each on its own for the re-subscription.
        var snapshots = await _ledger.GetSnapshotsAsync([.. resolved.OptOutIdentifiers], cancellationToken).ConfigureAwait(false);
        var snapshot = ConsentSnapshot.Of(resolved, snapshots);
        ConsentRecord? latestOptOut = null;
        foreach (var purpose in snapshot.Purposes)
        {
            var state = snapshot.GetState(purpose, EffectTime(@event));
            if (state.IsOptedOut && (latestOptOut is null || ConsentSnapshot.Supersedes(state.Record!, latestOptOut)))
            {
                latestOptOut = state.Record;
            }
        }

        if (latestOptOut is null)
        {
            return null;
        }

        var from = person.Primary;
        var first = await _ledger.RecordAsync(ConsentEvent.OptIn(from, latestOptOut.Purpose, method, evidence) with
        {
            CapturedAt = ReportedTime(@event),
            Source = LedgerText.Clean(@event.Source, 256),
            EventId = LedgerText.Key($"{@event.Source}:{messageId}:opt-in"),
        }, cancellationToken).ConfigureAwait(false);
        if (resolved.Identifiers.Count > 1)
        {
            var others = resolved.Identifiers.Where(i => i != from).OrderBy(i => i.Value, StringComparer.Ordinal).ToArray();
            for (var n = 0; n < others.Length; n++)
            {
                if (snapshots.TryGetValue(others[n], out var own) && own.GetState(latestOptOut.Purpose, EffectTime(@event)).IsOptedOut)
                {
                    await _ledger.RecordAsync(ConsentEvent.OptIn(others[n], latestOptOut.Purpose, method, evidence) with
                    {
                        CapturedAt = ReportedTime(@event),
                        Source = LedgerText.Clean(@event.Source, 256),
                        EventId = LedgerText.Key($"{@event.Source}:{messageId}:opt-in:{n + 1}"),
                    }, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return first;
    }

    /// <summary>Records the links an event is evidence of; returns whether any was new.</summary>
    private async ValueTask<bool> LinkEvidenceAsync(WhatsAppEvent @event, CancellationToken cancellationToken)
    {
        var linked = false;
        switch (@event)
        {
            case InboundMessageEvent { From.IsLinked: true } inbound:
                linked = await LinkAllAsync(inbound.From, inbound.From, IdentityLinkReason.SameEvent, @event, cancellationToken).ConfigureAwait(false);
                break;
            case ButtonReplyEvent { From.IsLinked: true } button:
                linked = await LinkAllAsync(button.From, button.From, IdentityLinkReason.SameEvent, @event, cancellationToken).ConfigureAwait(false);
                break;
            case MarketingPreferenceEvent { From.IsLinked: true } preference:
                linked = await LinkAllAsync(preference.From, preference.From, IdentityLinkReason.SameEvent, @event, cancellationToken).ConfigureAwait(false);
                break;
            case MessageStatusEvent { Recipient: { IsLinked: true } recipient }:
                linked = await LinkAllAsync(recipient, recipient, IdentityLinkReason.SameEvent, @event, cancellationToken).ConfigureAwait(false);
                break;
            case IdentityLinkEvent change:
                linked = await LinkAllAsync(change.Previous, change.Previous, IdentityLinkReason.SameEvent, @event, cancellationToken).ConfigureAwait(false);
                linked |= await LinkAllAsync(change.Current, change.Current, IdentityLinkReason.SameEvent, @event, cancellationToken).ConfigureAwait(false);
                linked |= await LinkAllAsync(change.Previous, change.Current, change.Reason, @event, cancellationToken).ConfigureAwait(false);
                break;
        }

        return linked;
    }

    private async ValueTask<bool> LinkAllAsync(WhatsAppIdentity left, WhatsAppIdentity right, IdentityLinkReason reason, WhatsAppEvent @event, CancellationToken cancellationToken)
    {
        var added = false;
        var lefts = left.Identifiers;
        var rights = right.Identifiers;
        for (var i = 0; i < lefts.Count; i++)
        {
            // Within one identity each pair once; across two identities every pair.
            for (var j = left == right ? i + 1 : 0; j < rights.Count; j++)
            {
                if (lefts[i] == rights[j])
                {
                    continue;
                }

                added |= await _links.LinkAsync(new IdentityLink
                {
                    First = lefts[i],
                    Second = rights[j],
                    Reason = reason,
                    Source = LedgerText.Clean(@event.Source, IdentityLinkRules.MaxTextLength)!,
                    EventId = LedgerText.Key(@event.EventId),
                    LinkedAt = EffectTime(@event),
                }, cancellationToken).ConfigureAwait(false);
            }
        }

        return added;
    }

    private async ValueTask<WebhookProcessingResult> StatusAsync(MessageStatusEvent status, CancellationToken cancellationToken)
    {
        var actions = WebhookActions.None;
        var providerMessageId = LedgerText.Clean(status.ProviderMessageId, int.MaxValue)!;
        var record = await _sends.FindByProviderMessageIdAsync(providerMessageId, cancellationToken).ConfigureAwait(false);
        if (record is null && LedgerText.Clean(status.ClientReference, int.MaxValue) is { } reference && !string.IsNullOrWhiteSpace(reference))
        {
            // The send's reference, recorded with the claim before the provider call: found even when the process
            // stopped before it could record the provider id. (A key given as the reference is accepted too.)
            record = await _sends.FindByReferenceAsync(reference, cancellationToken).ConfigureAwait(false)
                ?? (reference.Length <= IdempotencyRules.MaxKeyLength && !reference.Any(char.IsControl)
                    ? await _sends.GetAsync(reference, cancellationToken).ConfigureAwait(false)
                    : null);
        }

        if (record is not null && record.Status is SendStatus.InProgress or SendStatus.Unknown)
        {
            var failed = status.Status is MessageDeliveryStatus.Failed or MessageDeliveryStatus.Undelivered or MessageDeliveryStatus.Canceled;
            await _sends.CompleteAsync(record.Key, new SendOutcome(failed ? SendStatus.Failed : SendStatus.Sent, EffectTime(status))
            {
                Reference = record.Reference,
                ProviderMessageId = providerMessageId,
                ErrorCode = status.Error?.Code,
                ErrorMessage = LedgerText.Clean(Privacy.TextMasking.MaskIdentifiers(status.Error?.Message), 1024),
            }, cancellationToken).ConfigureAwait(false);
            actions |= WebhookActions.SendReconciled;
        }

        if (status.Error is { } error && status.Recipient?.Primary is { } recipient)
        {
            var policy = _options.Policy;
            var now = _time.GetUtcNow();
            switch (error.Kind)
            {
                case ProviderErrorKind.RecipientInvalid:
                    await _suppressions.AddAsync(recipient, ConsentPurpose.All, SuppressionReason.NotOnWhatsApp,
                        LedgerText.Clean($"{status.Source} {error.ProviderCode}", 256), now + policy.NotOnWhatsAppRecheck, cancellationToken).ConfigureAwait(false);
                    actions |= WebhookActions.MarkedNotOnWhatsApp;
                    break;
                case ProviderErrorKind.MarketingLimit:
                    await _suppressions.AddAsync(recipient, ConsentPurpose.Marketing, SuppressionReason.ProviderBackoff,
                        LedgerText.Clean($"{status.Source} {error.ProviderCode}", 256), now + policy.MarketingBackoff, cancellationToken).ConfigureAwait(false);
                    actions |= WebhookActions.MarketingBackoff;
                    break;
                case ProviderErrorKind.OptedOut:
                    await _ledger.RecordAsync(ConsentEvent.OptOut(recipient, ConsentPurpose.Marketing, ConsentMethod.ProviderError) with
                    {
                        CapturedAt = ReportedTime(status),
                        Source = LedgerText.Clean(status.Source, 256),
                        EventId = LedgerText.Key($"{status.Source}:{status.ProviderMessageId}:opted-out"),
                        Evidence = new ConsentEvidence { MessageId = LedgerText.Clean(status.ProviderMessageId, 256), RawInput = LedgerText.Clean(error.ProviderCode, 1024) },
                    }, cancellationToken).ConfigureAwait(false);
                    actions |= WebhookActions.OptedOut;
                    break;
                case ProviderErrorKind.OutsideWindow when status.Business is { } business:
                    await _windows.CloseAsync(business, recipient, EffectTime(status), cancellationToken).ConfigureAwait(false);
                    actions |= WebhookActions.WindowClosed;
                    break;
            }
        }

        return new WebhookProcessingResult(status, actions);
    }

    private async ValueTask<WebhookProcessingResult> TemplateAsync(TemplateStatusEvent template, CancellationToken cancellationToken)
    {
        var update = new TemplateStatusUpdate(template.Status, EffectTime(template))
        {
            Quality = template.Quality,
            Category = template.Category,
            Reason = LedgerText.Clean(template.Reason, 1024),
        };
        var updated = false;
        if (!IsStorable(template.TemplateName) || (template.Language is { } given && !IsStorable(given)))
        {
            // A name no store keeps (a NUL, half a surrogate pair) names no template in the catalog: nothing to update.
            return new WebhookProcessingResult(template, WebhookActions.None);
        }

        if (template.Language is { } language)
        {
            updated = await _templates.UpdateStatusAsync(new TemplateKey(template.TemplateName, language), update, cancellationToken).ConfigureAwait(false) is not null;
        }
        else
        {
            foreach (var existing in await _templates.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                if (string.Equals(existing.Name, template.TemplateName, StringComparison.Ordinal)
                    || (template.ProviderTemplateId is { } id && string.Equals(existing.ProviderTemplateId, id, StringComparison.Ordinal)))
                {
                    updated |= await _templates.UpdateStatusAsync(existing.Key, update, cancellationToken).ConfigureAwait(false) is not null;
                }
            }
        }

        return new WebhookProcessingResult(template, updated ? WebhookActions.TemplateUpdated : WebhookActions.None);
    }

    /// <summary>Whether a text is kept by every store as it is (no NUL, no half surrogate pair).</summary>
    private static bool IsStorable(string text) => ReferenceEquals(LedgerText.Clean(text, int.MaxValue), text);

    private async ValueTask<WebhookProcessingResult> PreferenceAsync(MarketingPreferenceEvent preference, CancellationToken cancellationToken)
    {
        var stop = preference.Preference == MarketingPreference.Stop;
        var record = await _ledger.RecordAsync(new ConsentEvent
        {
            Identifier = preference.From.Primary,
            Purpose = ConsentPurpose.Marketing,
            Action = stop ? ConsentAction.OptOut : ConsentAction.OptIn,
            Method = ConsentMethod.PlatformSignal,
            CapturedAt = ReportedTime(preference),
            Source = LedgerText.Clean(preference.Source, 256),
            EventId = LedgerText.Key($"{preference.Source}:{preference.EventId}:preference"),
        }, cancellationToken).ConfigureAwait(false);
        return new WebhookProcessingResult(preference, stop ? WebhookActions.OptedOut : WebhookActions.OptedIn) { ConsentRecord = record };
    }


}
