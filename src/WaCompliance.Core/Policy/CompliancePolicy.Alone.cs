using WaCompliance.Consent;
using WaCompliance.Conversations;
using WaCompliance.Counters;
using WaCompliance.Identities;
using WaCompliance.Jurisdictions;
using WaCompliance.Messaging;
using WaCompliance.Numbers;
using WaCompliance.Suppression;
using WaCompliance.Templates;

namespace WaCompliance.Policy;

// The decision for a recipient on its own (nothing can link it to another identifier), the common case. Its reads
// run one after another as in the general path, but without an async state machine while every store answers
// synchronously (the in-memory and SQLite stores do): a stage whose read is still pending hands the reads done so
// far to an async continuation, which awaits it and goes on from there. No read is issued twice.
public sealed partial class CompliancePolicy
{
    private enum AloneStage
    {
        Template,
        Consent,
        Suppression,
        Window,
        Counters,
        Reach,
        Overrides,
        Done,
    }

    private ValueTask<ComplianceDecision> EvaluateAlone(
        OutboundMessage message,
        WhatsAppIdentity recipient,
        WhatsAppNumber sender,
        DateTimeOffset asOf,
        CancellationToken cancellationToken)
    {
        // Straight-line on purpose: one stage after another, each falling back to the continuation when its read is
        // pending (StartStage below is the same sequence, for the continuation).
        var reads = new AloneReads(message, recipient, sender, asOf);
        try
        {
            if (message.Content is TemplateContent content)
            {
                var template = _templates.GetAsync(content.Key, cancellationToken);
                if (!template.IsCompletedSuccessfully)
                {
                    return ContinueAloneAsync(reads, template.AsTask(), cancellationToken);
                }

                reads.Template = template.Result;
            }

            reads.Purpose = ConsentPurposeOf(message, reads.Template);
            reads.Stage = AloneStage.Consent;
            var consent = _ledger.GetSnapshotAsync(recipient, cancellationToken);
            if (!consent.IsCompletedSuccessfully)
            {
                return ContinueAloneAsync(reads, consent.AsTask(), cancellationToken);
            }

            reads.Consent = consent.Result;
            reads.Stage = AloneStage.Suppression;
            var only = recipient.Primary;
            var suppression = _suppressions.FindAsync(only, reads.Purpose ?? ConsentPurpose.All, asOf, cancellationToken);
            if (!suppression.IsCompletedSuccessfully)
            {
                return ContinueAloneAsync(reads, suppression.AsTask(), cancellationToken);
            }

            reads.Suppression = suppression.Result;
            reads.Stage = AloneStage.Window;
            if (!sender.IsEmpty)
            {
                var window = _windows.GetAsync(sender, only, cancellationToken);
                if (!window.IsCompletedSuccessfully)
                {
                    return ContinueAloneAsync(reads, window.AsTask(), cancellationToken);
                }

                reads.Window = window.Result;
            }

            reads.Stage = AloneStage.Counters;
            var recent = _counters.GetRecentAsync(only, asOf - _lookback, cancellationToken);
            if (!recent.IsCompletedSuccessfully)
            {
                return ContinueAloneAsync(reads, recent.AsTask(), cancellationToken);
            }

            reads.Recent = recent.Result;
            reads.Stage = AloneStage.Reach;
            if (NeedsReach(message, reads.Window, sender, asOf))
            {
                var unique = _counters.CountUniqueRecipientsAsync(sender, asOf - s_day, cancellationToken);
                if (!unique.IsCompletedSuccessfully)
                {
                    return ContinueAloneAsync(reads, unique.AsTask(), cancellationToken);
                }

                reads.Unique = unique.Result;
            }

            reads.Stage = AloneStage.Overrides;
            var found = _overrides.GetAsync(only, cancellationToken);
            if (!found.IsCompletedSuccessfully)
            {
                return ContinueAloneAsync(reads, found.AsTask(), cancellationToken);
            }

            reads.Override = found.Result;
            return new ValueTask<ComplianceDecision>(DecideAlone(in reads));
        }
        catch (Exception e) when (e is not OperationCanceledException and not ComplianceStateUnavailableException)
        {
            throw new ComplianceStateUnavailableException(StageName(reads.Stage), e);
        }
    }

    private async ValueTask<ComplianceDecision> ContinueAloneAsync(AloneReads reads, Task pending, CancellationToken cancellationToken)
    {
        try
        {
            await pending.ConfigureAwait(false);
            FinishStage(ref reads, pending);
            for (reads.Stage++; reads.Stage < AloneStage.Done; reads.Stage++)
            {
                if (StartStage(ref reads, cancellationToken) is { } next)
                {
                    await next.ConfigureAwait(false);
                    FinishStage(ref reads, next);
                }
            }

            return DecideAlone(in reads);
        }
        catch (Exception e) when (e is not OperationCanceledException and not ComplianceStateUnavailableException)
        {
            throw new ComplianceStateUnavailableException(StageName(reads.Stage), e);
        }
    }

    // Issues the read of the current stage. Returns null when it completed (its result is in the reads), else the
    // read as a task for the continuation to await and hand to FinishStage.
    private Task? StartStage(ref AloneReads reads, CancellationToken cancellationToken)
    {
        switch (reads.Stage)
        {
            case AloneStage.Template:
                if (reads.Message.Content is TemplateContent content)
                {
                    var template = _templates.GetAsync(content.Key, cancellationToken);
                    if (!template.IsCompletedSuccessfully)
                    {
                        return template.AsTask();
                    }

                    reads.Template = template.Result;
                }

                reads.Purpose = ConsentPurposeOf(reads.Message, reads.Template);
                return null;

            case AloneStage.Consent:
                var consent = _ledger.GetSnapshotAsync(reads.Recipient, cancellationToken);
                if (!consent.IsCompletedSuccessfully)
                {
                    return consent.AsTask();
                }

                reads.Consent = consent.Result;
                return null;

            case AloneStage.Suppression:
                var suppression = _suppressions.FindAsync(reads.Recipient.Primary, reads.Purpose ?? ConsentPurpose.All, reads.AsOf, cancellationToken);
                if (!suppression.IsCompletedSuccessfully)
                {
                    return suppression.AsTask();
                }

                reads.Suppression = suppression.Result;
                return null;

            case AloneStage.Window:
                if (reads.Sender.IsEmpty)
                {
                    return null;
                }

                var window = _windows.GetAsync(reads.Sender, reads.Recipient.Primary, cancellationToken);
                if (!window.IsCompletedSuccessfully)
                {
                    return window.AsTask();
                }

                reads.Window = window.Result;
                return null;

            case AloneStage.Counters:
                var recent = _counters.GetRecentAsync(reads.Recipient.Primary, reads.AsOf - _lookback, cancellationToken);
                if (!recent.IsCompletedSuccessfully)
                {
                    return recent.AsTask();
                }

                reads.Recent = recent.Result;
                return null;

            case AloneStage.Reach:
                if (!NeedsReach(reads.Message, reads.Window, reads.Sender, reads.AsOf))
                {
                    return null;
                }

                var unique = _counters.CountUniqueRecipientsAsync(reads.Sender, reads.AsOf - s_day, cancellationToken);
                if (!unique.IsCompletedSuccessfully)
                {
                    return unique.AsTask();
                }

                reads.Unique = unique.Result;
                return null;

            case AloneStage.Overrides:
                var found = _overrides.GetAsync(reads.Recipient.Primary, cancellationToken);
                if (!found.IsCompletedSuccessfully)
                {
                    return found.AsTask();
                }

                reads.Override = found.Result;
                return null;

            default:
                return null;
        }
    }

    // Takes the result of a stage's read that completed asynchronously (the task is complete).
    private static void FinishStage(ref AloneReads reads, Task completed)
    {
        switch (reads.Stage)
        {
            case AloneStage.Template:
                reads.Template = ((Task<MessageTemplate?>)completed).Result;
                reads.Purpose = ConsentPurposeOf(reads.Message, reads.Template);
                break;
            case AloneStage.Consent:
                reads.Consent = ((Task<ConsentSnapshot>)completed).Result;
                break;
            case AloneStage.Suppression:
                reads.Suppression = ((Task<SuppressionEntry?>)completed).Result;
                break;
            case AloneStage.Window:
                reads.Window = ((Task<ConversationWindow?>)completed).Result;
                break;
            case AloneStage.Counters:
                reads.Recent = ((Task<IReadOnlyList<MessageCountEntry>>)completed).Result;
                break;
            case AloneStage.Reach:
                reads.Unique = ((Task<int>)completed).Result;
                break;
            case AloneStage.Overrides:
                reads.Override = ((Task<JurisdictionOverride?>)completed).Result;
                break;
        }
    }

    private ComplianceDecision DecideAlone(in AloneReads reads)
    {
        var jurisdiction = JurisdictionOf(reads.Recipient.Phone, reads.Override);
        var context = new EvaluationContext(reads.Message, reads.Recipient, reads.Sender, jurisdiction, reads.AsOf, _options.Policy,
            reads.Template, reads.Purpose, reads.Consent, reads.Suppression, reads.Window, reads.Recent, reads.Unique, person: null);
        return Decide(context, default);
    }

    private static string StageName(AloneStage stage) => stage switch
    {
        AloneStage.Template => "template catalog",
        AloneStage.Consent => "consent ledger",
        AloneStage.Suppression => "suppression list",
        AloneStage.Window => "conversation window store",
        AloneStage.Counters => "message counters",
        AloneStage.Reach => "message counters",
        _ => "jurisdiction overrides",
    };

    /// <summary>What the reads of a lone recipient's decision found so far.</summary>
    private struct AloneReads(OutboundMessage message, WhatsAppIdentity recipient, WhatsAppNumber sender, DateTimeOffset asOf)
    {
        public readonly OutboundMessage Message = message;
        public readonly WhatsAppIdentity Recipient = recipient;
        public readonly WhatsAppNumber Sender = sender;
        public readonly DateTimeOffset AsOf = asOf;
        public AloneStage Stage;
        public MessageTemplate? Template;
        public ConsentPurpose? Purpose;
        public ConsentSnapshot Consent = ConsentSnapshot.Empty;
        public SuppressionEntry? Suppression;
        public ConversationWindow? Window;
        public IReadOnlyList<MessageCountEntry> Recent = [];
        public int Unique;
        public JurisdictionOverride? Override;
    }
}
