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

    /// <summary>Applies events in order.</summary>
    /// <param name="events">The events of one webhook request.</param>
    /// <param name="cancellationToken">Cancels processing.</param>
    /// <returns>One result per event.</returns>
    public async ValueTask<IReadOnlyList<WebhookProcessingResult>> ProcessAsync(IReadOnlyList<WhatsAppEvent> events, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(events);
        var results = new WebhookProcessingResult[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            results[i] = await ProcessAsync(events[i], cancellationToken).ConfigureAwait(false);
        }

        return results;
    }

    /// <summary>
    /// Applies what a reader made of one delivery: every event read, and a dead letter for every item that could not
    /// be read, so that nothing in an authentic delivery is lost because of another item. A host acknowledges such a
    /// delivery (HTTP 200) once this returns: a retry cannot repair a malformed item, and the dead letter keeps it.
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
                Source = source,
                Code = item.Code,
                Message = item.Message.Length > WebhookDeadLetterRules.MaxMessageLength ? item.Message[..WebhookDeadLetterRules.MaxMessageLength] : item.Message,
                EventId = item.EventId,
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

        var results = await ProcessAsync(read.Events, cancellationToken).ConfigureAwait(false);
        return new WebhookDeliveryResult(results, letters);
    }

    /// <summary>Applies one event.</summary>
    /// <param name="event">The event.</param>
    /// <param name="cancellationToken">Cancels processing.</param>
    /// <returns>What it changed.</returns>
    public async ValueTask<WebhookProcessingResult> ProcessAsync(WhatsAppEvent @event, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(@event);

        // Keys the stores keep whatever the provider sent: an opt-out is never refused for the length of its id.
        var source = LedgerText.Key(Guard.NotNullOrWhiteSpace(@event.Source));
        var eventId = LedgerText.Key(Guard.NotNullOrWhiteSpace(@event.EventId));
        WebhookEventKeys.Validate(source, eventId);
        using var activity = Telemetry.Source.StartActivity("wacompliance.webhook.process");
        var linked = await LinkEvidenceAsync(@event, cancellationToken).ConfigureAwait(false);
        var result = @event switch
        {
            InboundMessageEvent inbound => await InboundAsync(inbound, inbound.From, inbound.MessageId, inbound.Text, inbound.Origin, ConsentMethod.Keyword, cancellationToken).ConfigureAwait(false),
            ButtonReplyEvent button => await InboundAsync(button, button.From, button.MessageId, button.Text ?? button.Payload, InboundOrigin.Organic, ConsentMethod.ButtonReply, cancellationToken).ConfigureAwait(false),
            MessageStatusEvent status => await StatusAsync(status, cancellationToken).ConfigureAwait(false),
            TemplateStatusEvent template => await TemplateAsync(template, cancellationToken).ConfigureAwait(false),
            MarketingPreferenceEvent preference => await PreferenceAsync(preference, cancellationToken).ConfigureAwait(false),
            _ => new WebhookProcessingResult(@event, WebhookActions.None),
        };
        if (linked)
        {
            result = result with { Actions = result.Actions | WebhookActions.IdentitiesLinked };
        }

        var first = await _events.TryRecordAsync(source, eventId, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        Log.WebhookProcessed(_logger, @event.GetType().Name, @event.Source, result.Actions.ToString(), !first);
        return first ? result : result with { IsDuplicate = true };
    }

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
            await _windows.RecordInboundAsync(business, from, @event.OccurredAt, origin, cancellationToken).ConfigureAwait(false);
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
                    CapturedAt = @event.OccurredAt,
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
            var state = snapshot.GetState(purpose, @event.OccurredAt);
            if (state.IsOptedOut && (latestOptOut is null || state.Record!.CapturedAt > latestOptOut.CapturedAt))
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
            CapturedAt = @event.OccurredAt,
            Source = LedgerText.Clean(@event.Source, 256),
            EventId = LedgerText.Key($"{@event.Source}:{messageId}:opt-in"),
        }, cancellationToken).ConfigureAwait(false);
        if (resolved.Identifiers.Count > 1)
        {
            var others = resolved.Identifiers.Where(i => i != from).OrderBy(i => i.Value, StringComparer.Ordinal).ToArray();
            for (var n = 0; n < others.Length; n++)
            {
                if (snapshots.TryGetValue(others[n], out var own) && own.GetState(latestOptOut.Purpose, @event.OccurredAt).IsOptedOut)
                {
                    await _ledger.RecordAsync(ConsentEvent.OptIn(others[n], latestOptOut.Purpose, method, evidence) with
                    {
                        CapturedAt = @event.OccurredAt,
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
                    LinkedAt = @event.OccurredAt,
                }, cancellationToken).ConfigureAwait(false);
            }
        }

        return added;
    }

    private async ValueTask<WebhookProcessingResult> StatusAsync(MessageStatusEvent status, CancellationToken cancellationToken)
    {
        var actions = WebhookActions.None;
        var record = await _sends.FindByProviderMessageIdAsync(status.ProviderMessageId, cancellationToken).ConfigureAwait(false);
        if (record is null && status.ClientReference is { } reference && !string.IsNullOrWhiteSpace(reference))
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
            await _sends.CompleteAsync(record.Key, new SendOutcome(failed ? SendStatus.Failed : SendStatus.Sent, status.OccurredAt)
            {
                Reference = record.Reference,
                ProviderMessageId = status.ProviderMessageId,
                ErrorCode = status.Error?.Code,
                ErrorMessage = status.Error?.Message,
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
                        $"{status.Source} {error.ProviderCode}", now + policy.NotOnWhatsAppRecheck, cancellationToken).ConfigureAwait(false);
                    actions |= WebhookActions.MarkedNotOnWhatsApp;
                    break;
                case ProviderErrorKind.MarketingLimit:
                    await _suppressions.AddAsync(recipient, ConsentPurpose.Marketing, SuppressionReason.ProviderBackoff,
                        $"{status.Source} {error.ProviderCode}", now + policy.MarketingBackoff, cancellationToken).ConfigureAwait(false);
                    actions |= WebhookActions.MarketingBackoff;
                    break;
                case ProviderErrorKind.OptedOut:
                    await _ledger.RecordAsync(ConsentEvent.OptOut(recipient, ConsentPurpose.Marketing, ConsentMethod.ProviderError) with
                    {
                        CapturedAt = status.OccurredAt,
                        Source = LedgerText.Clean(status.Source, 256),
                        EventId = LedgerText.Key($"{status.Source}:{status.ProviderMessageId}:opted-out"),
                        Evidence = new ConsentEvidence { MessageId = LedgerText.Clean(status.ProviderMessageId, 256), RawInput = LedgerText.Clean(error.ProviderCode, 1024) },
                    }, cancellationToken).ConfigureAwait(false);
                    actions |= WebhookActions.OptedOut;
                    break;
                case ProviderErrorKind.OutsideWindow when status.Business is { } business:
                    await _windows.CloseAsync(business, recipient, status.OccurredAt, cancellationToken).ConfigureAwait(false);
                    actions |= WebhookActions.WindowClosed;
                    break;
            }
        }

        return new WebhookProcessingResult(status, actions);
    }

    private async ValueTask<WebhookProcessingResult> TemplateAsync(TemplateStatusEvent template, CancellationToken cancellationToken)
    {
        var update = new TemplateStatusUpdate(template.Status, template.OccurredAt)
        {
            Quality = template.Quality,
            Category = template.Category,
            Reason = template.Reason,
        };
        var updated = false;
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

    private async ValueTask<WebhookProcessingResult> PreferenceAsync(MarketingPreferenceEvent preference, CancellationToken cancellationToken)
    {
        var stop = preference.Preference == MarketingPreference.Stop;
        var record = await _ledger.RecordAsync(new ConsentEvent
        {
            Identifier = preference.From.Primary,
            Purpose = ConsentPurpose.Marketing,
            Action = stop ? ConsentAction.OptOut : ConsentAction.OptIn,
            Method = ConsentMethod.PlatformSignal,
            CapturedAt = preference.OccurredAt,
            Source = LedgerText.Clean(preference.Source, 256),
            EventId = LedgerText.Key($"{preference.Source}:{preference.EventId}:preference"),
        }, cancellationToken).ConfigureAwait(false);
        return new WebhookProcessingResult(preference, stop ? WebhookActions.OptedOut : WebhookActions.OptedIn) { ConsentRecord = record };
    }


}
