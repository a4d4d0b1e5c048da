using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using WaCompliance.Consent;
using WaCompliance.Conversations;
using WaCompliance.Counters;
using WaCompliance.Decisions;
using WaCompliance.Diagnostics;
using WaCompliance.Gateways;
using WaCompliance.Identities;
using WaCompliance.Internal;
using WaCompliance.Jurisdictions;
using WaCompliance.Messaging;
using WaCompliance.Numbers;
using WaCompliance.Policy.Content;
using WaCompliance.Suppression;
using WaCompliance.Templates;

namespace WaCompliance.Policy;

/// <summary>
/// The <see cref="ICompliancePolicy"/>: reads the state a message needs (failing closed when it cannot), builds the
/// <see cref="EvaluationContext"/>, runs every rule and combines their violations into one decision.
/// </summary>
public sealed partial class CompliancePolicy : ICompliancePolicy
{
    private const int ChunkSize = 1_000;
    private static readonly TimeSpan s_day = TimeSpan.FromHours(24);
    private static readonly RuleDescriptor s_numberRule = new(
        "WA-NUMBER", RulePacks.WhatsApp, "The recipient must be a valid phone number (any line type) or business-scoped user ID.", [ViolationCodes.NumberInvalid],
        "libphonenumber validation; WhatsApp requires a mobile-capable number");

    private static readonly RuleDescriptor s_userIdRule = new(
        "WA-USER-ID", RulePacks.WhatsApp,
        "A message to a person known only by a business-scoped user ID: authentication templates need a phone number, and the jurisdiction is assumed (the strictest) unless a linked number or an override gives one.",
        [ViolationCodes.UserIdNotSupported, ViolationCodes.JurisdictionAssumed],
        "Meta, Business-scoped user IDs: authentication templates require a phone number (error 131062); the user ID's country prefix is not a jurisdiction");

    private static readonly RuleDescriptor s_senderRule = new(
        "WA-SENDER", RulePacks.WhatsApp, "The sender must be a number one registered gateway holds.", [ViolationCodes.SenderUnknown],
        "Configuration: gateways list their sender numbers");

    private static readonly RuleDescriptor s_campaignDuplicate = new(
        "WA-DUPLICATE", RulePacks.WhatsApp, "A repeated idempotency key in one campaign is refused.", [ViolationCodes.Duplicate],
        "Application safeguard (DESIGN.md: not a duplicate)");

    private readonly WhatsAppComplianceOptions _options;
    private readonly IWhatsAppNumberParser _parser;
    private readonly IConsentLedger _ledger;
    private readonly ISuppressionList _suppressions;
    private readonly IConversationWindowStore _windows;
    private readonly ITemplateCatalog _templates;
    private readonly IMessageCounterStore _counters;
    private readonly IJurisdictionOverrideStore _overrides;
    private readonly IMessageGatewayRegistry _gateways;
    private readonly IdentityResolver _resolver;
    private readonly TimeProvider _time;
    private readonly IComplianceRule[] _rules;
    private readonly TimeSpan _lookback;

    /// <summary>Creates the policy.</summary>
    /// <param name="options">The options (packs and parameters).</param>
    /// <param name="parser">Parses recipients given as text.</param>
    /// <param name="ledger">The consent ledger.</param>
    /// <param name="suppressions">The suppression list.</param>
    /// <param name="windows">The conversation windows.</param>
    /// <param name="templates">The template catalog.</param>
    /// <param name="counters">The message counters.</param>
    /// <param name="overrides">The jurisdiction overrides.</param>
    /// <param name="gateways">The gateways, to resolve the sender when a message names none.</param>
    /// <param name="screener">The content screener.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="customRules">The application's own rules, evaluated after the built-in ones.</param>
    /// <param name="links">The identity links: state recorded through any identifier linked to the recipient counts; none when omitted.</param>
    public CompliancePolicy(
        IOptions<WhatsAppComplianceOptions> options,
        IWhatsAppNumberParser parser,
        IConsentLedger ledger,
        ISuppressionList suppressions,
        IConversationWindowStore windows,
        ITemplateCatalog templates,
        IMessageCounterStore counters,
        IJurisdictionOverrideStore overrides,
        IMessageGatewayRegistry gateways,
        IContentScreener screener,
        TimeProvider timeProvider,
        IEnumerable<IComplianceRule>? customRules = null,
        IIdentityLinkStore? links = null)
    {
        _resolver = new IdentityResolver(links ?? new InMemoryIdentityLinkStore());
        _options = Guard.NotNull(options).Value;
        _parser = Guard.NotNull(parser);
        _ledger = Guard.NotNull(ledger);
        _suppressions = Guard.NotNull(suppressions);
        _windows = Guard.NotNull(windows);
        _templates = Guard.NotNull(templates);
        _counters = Guard.NotNull(counters);
        _overrides = Guard.NotNull(overrides);
        _gateways = Guard.NotNull(gateways);
        _time = Guard.NotNull(timeProvider);
        _rules = [.. BuiltInRules.Create(_options, Guard.NotNull(screener)), .. customRules ?? []];

        var policy = _options.Policy;
        _lookback = new[]
        {
            s_day,
            policy.DuplicateWindow,
            policy.PairRateInterval,
            policy.StateFrequencyCap.Period,
            (policy.FrequencyCaps ?? []).Select(c => c.Period).DefaultIfEmpty(TimeSpan.Zero).Max(),
        }.Max();
    }

    /// <inheritdoc />
    public IReadOnlyList<IComplianceRule> Rules => _rules;

    /// <inheritdoc />
    public ValueTask<ComplianceDecision> EvaluateAsync(OutboundMessage message, CancellationToken cancellationToken = default) =>
        EvaluateAsync(message, _time.GetUtcNow(), cancellationToken);

    /// <inheritdoc />
    public ValueTask<ComplianceDecision> EvaluateAsync(OutboundMessage message, DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(message);
        Guard.NotNull(message.Content);
        if (!TryRecipient(message, asOf, out var recipient, out var invalid))
        {
            return new ValueTask<ComplianceDecision>(invalid);
        }

        var sender = ResolveSender(message);
        return _resolver.IsAlone(recipient)
            ? EvaluateAlone(message, recipient, sender, asOf, cancellationToken)
            : EvaluateLinkedAsync(message, recipient, sender, asOf, cancellationToken);
    }

    // A recipient that links, or may link, to other identifiers: resolved into a person first (see CompliancePolicy.Alone.cs for the rest).
    private async ValueTask<ComplianceDecision> EvaluateLinkedAsync(
        OutboundMessage message,
        WhatsAppIdentity recipient,
        WhatsAppNumber sender,
        DateTimeOffset asOf,
        CancellationToken cancellationToken)
    {
        MessageTemplate? template = null;
        ConsentSnapshot consent;
        SuppressionEntry? suppression;
        ConversationWindow? window = null;
        IReadOnlyList<MessageCountEntry> recent;
        NumberJurisdiction jurisdiction;
        var unique = 0;
        var stage = "template catalog";
        try
        {
            if (message.Content is TemplateContent content)
            {
                template = await _templates.GetAsync(content.Key, cancellationToken).ConfigureAwait(false);
            }

            var purpose = ConsentPurposeOf(message, template);
            stage = "identity links";
            var person = await _resolver.ResolveAsync(recipient, cancellationToken).ConfigureAwait(false);
            var only = recipient.Primary;
            stage = "consent ledger";
            consent = person is null
                ? await _ledger.GetSnapshotAsync(recipient, cancellationToken).ConfigureAwait(false)
                : await _ledger.GetSnapshotAsync(person, cancellationToken).ConfigureAwait(false);
            stage = "suppression list";
            suppression = person is null || person.OptOutIdentifiers.Count == 1
                ? await _suppressions.FindAsync(person?.OptOutIdentifiers[0] ?? only, purpose ?? ConsentPurpose.All, asOf, cancellationToken).ConfigureAwait(false)
                : Blocking(await _suppressions.GetEntriesAsync([.. person.OptOutIdentifiers], cancellationToken).ConfigureAwait(false), person, purpose, asOf);
            stage = "conversation window store";
            if (!sender.IsEmpty)
            {
                window = person is null || person.Identifiers.Count == 1
                    ? await _windows.GetAsync(sender, person?.Identifiers[0] ?? only, cancellationToken).ConfigureAwait(false)
                    : Latest(await _windows.GetManyAsync(sender, [.. person.Identifiers], cancellationToken).ConfigureAwait(false), person);
            }

            stage = "message counters";
            recent = person is null || person.Identifiers.Count == 1
                ? await _counters.GetRecentAsync(person?.Identifiers[0] ?? only, asOf - _lookback, cancellationToken).ConfigureAwait(false)
                : Combined(await _counters.GetEntriesAsync([.. person.Identifiers], asOf - _lookback, cancellationToken).ConfigureAwait(false), person);
            if (NeedsReach(message, window, sender, asOf))
            {
                unique = await _counters.CountUniqueRecipientsAsync(sender, asOf - s_day, cancellationToken).ConfigureAwait(false);
            }

            stage = "jurisdiction overrides";
            var found = person is null || person.Identifiers.Count == 1
                ? await _overrides.GetAsync(person?.Identifiers[0] ?? only, cancellationToken).ConfigureAwait(false)
                : First(await _overrides.GetManyAsync([.. person.Identifiers], cancellationToken).ConfigureAwait(false), person);
            jurisdiction = JurisdictionOf(person?.Phone ?? recipient.Phone, found);

            var context = new EvaluationContext(message, recipient, sender, jurisdiction, asOf, _options.Policy, template, purpose,
                consent, suppression, window, recent, unique, person);
            return Decide(context, default);
        }
        catch (Exception e) when (e is not OperationCanceledException and not ComplianceStateUnavailableException)
        {
            throw new ComplianceStateUnavailableException(stage, e);
        }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ComplianceDecision> EvaluateManyAsync(IEnumerable<OutboundMessage> messages, DateTimeOffset? asOf = null, CancellationToken cancellationToken = default) =>
        EvaluateManyAsync(ToAsync(Guard.NotNull(messages)), asOf, cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<ComplianceDecision> EvaluateManyAsync(
        IAsyncEnumerable<OutboundMessage> messages,
        DateTimeOffset? asOf = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Guard.NotNull(messages);
        var campaign = new CampaignState();
        var chunk = new List<OutboundMessage>(ChunkSize);
        await foreach (var message in messages.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            chunk.Add(Guard.NotNull(message));
            if (chunk.Count == ChunkSize)
            {
                foreach (var decision in await EvaluateChunkAsync(chunk, asOf ?? _time.GetUtcNow(), campaign, cancellationToken).ConfigureAwait(false))
                {
                    yield return decision;
                }

                chunk.Clear();
            }
        }

        if (chunk.Count > 0)
        {
            foreach (var decision in await EvaluateChunkAsync(chunk, asOf ?? _time.GetUtcNow(), campaign, cancellationToken).ConfigureAwait(false))
            {
                yield return decision;
            }
        }
    }

    /// <summary>The consent a message needs (see <see cref="EvaluationContext.ConsentPurpose"/>).</summary>
    internal static ConsentPurpose? ConsentPurposeOf(OutboundMessage message, MessageTemplate? template)
    {
        if (message.Content is TemplateContent)
        {
            if (message.Purpose == MessagePurpose.Marketing || template?.Category == TemplateCategory.Marketing)
            {
                return ConsentPurpose.Marketing;
            }

            return message.Purpose == MessagePurpose.Authentication || template?.Category == TemplateCategory.Authentication
                ? ConsentPurpose.Authentication
                : ConsentPurpose.Utility;
        }

        return message.Purpose switch
        {
            MessagePurpose.Marketing => ConsentPurpose.Marketing,
            MessagePurpose.Utility => ConsentPurpose.Utility,
            MessagePurpose.Authentication => ConsentPurpose.Authentication,
            _ => null,
        };
    }

    private async ValueTask<IReadOnlyList<ComplianceDecision>> EvaluateChunkAsync(
        List<OutboundMessage> messages,
        DateTimeOffset now,
        CampaignState campaign,
        CancellationToken cancellationToken)
    {
        var decisions = new ComplianceDecision?[messages.Count];
        var recipients = new WhatsAppIdentity[messages.Count];
        var senders = new WhatsAppNumber[messages.Count];
        var templateKeys = new HashSet<TemplateKey>();
        var asked = new List<WhatsAppIdentity>(messages.Count);
        var askedIndex = new int[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            if (!TryRecipient(messages[i], now, out recipients[i], out var invalid))
            {
                decisions[i] = invalid;
                askedIndex[i] = -1;
                continue;
            }

            senders[i] = ResolveSender(messages[i]);
            askedIndex[i] = asked.Count;
            asked.Add(recipients[i]);
            if (messages[i].Content is TemplateContent content)
            {
                templateKeys.Add(content.Key);
            }
        }

        IReadOnlyList<ResolvedPerson> people;
        try
        {
            people = await _resolver.ResolveManyAsync(asked, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ComplianceStateUnavailableException("identity links", e);
        }

        var identifiers = new HashSet<WhatsAppIdentifier>(messages.Count);
        foreach (var person in people)
        {
            foreach (var identifier in person.OptOutIdentifiers)
            {
                identifiers.Add(identifier);
            }
        }

        var state = await PrefetchAsync(identifiers, senders, templateKeys, now, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < messages.Count; i++)
        {
            if (decisions[i] is not null)
            {
                continue;
            }

            var message = messages[i];
            var recipient = recipients[i];
            var person = people[askedIndex[i]];
            var sender = senders[i];
            var template = message.Content is TemplateContent content ? state.Templates.GetValueOrDefault(content.Key) : null;
            var purpose = ConsentPurposeOf(message, template);
            ConsentSnapshot consent;
            SuppressionEntry? suppression;
            ConversationWindow? window;
            IReadOnlyList<MessageCountEntry> stored;
            JurisdictionOverride? found;
            if (person.OptOutIdentifiers.Count == 1)
            {
                var only = person.OptOutIdentifiers[0];
                consent = state.Consent.GetValueOrDefault(only) ?? ConsentSnapshot.Empty;
                suppression = state.Suppressions.TryGetValue(only, out var entries)
                    ? SuppressionRules.FindBlocking(entries, purpose ?? ConsentPurpose.All, now)
                    : null;
                window = sender.IsEmpty ? null : state.Windows.GetValueOrDefault((sender, only));
                stored = state.Recent.GetValueOrDefault(only) ?? [];
                found = state.Overrides.GetValueOrDefault(only);
            }
            else
            {
                consent = ConsentSnapshot.Of(person, state.Consent);
                suppression = Blocking(state.Suppressions, person, purpose, now);
                window = sender.IsEmpty ? null : Latest(state.Windows, sender, person);
                stored = Combined(state.Recent, person);
                found = First(state.Overrides, person);
            }

            var personKey = PersonKey(person);
            var recent = campaign.Recent(personKey, stored);
            var unique = sender.IsEmpty ? 0 : state.Reach.GetValueOrDefault(sender) + campaign.NewlyReached(sender);
            var jurisdiction = JurisdictionOf(person.Phone, found);

            var extra = default(ViolationSet);
            if (message.IdempotencyKey is { } key && !campaign.ClaimKey(key))
            {
                extra.Block(s_campaignDuplicate, ViolationCodes.Duplicate, "The idempotency key appears earlier in this campaign.");
            }

            var context = new EvaluationContext(message, recipient, sender, jurisdiction, now, _options.Policy, template, purpose,
                consent, suppression, window, recent, unique, person);
            var decision = Decide(context, extra);
            if (decision.IsAllowed)
            {
                campaign.RecordAllowed(context, personKey);
            }

            decisions[i] = decision;
        }

        return decisions!;
    }

    private async ValueTask<ChunkState> PrefetchAsync(
        HashSet<WhatsAppIdentifier> identifiers,
        WhatsAppNumber[] senders,
        HashSet<TemplateKey> templateKeys,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var stage = "template catalog";
        try
        {
            var templates = new Dictionary<TemplateKey, MessageTemplate>();
            foreach (var key in templateKeys)
            {
                if (await _templates.GetAsync(key, cancellationToken).ConfigureAwait(false) is { } template)
                {
                    templates[key] = template;
                }
            }

            stage = "consent ledger";
            var consent = await _ledger.GetSnapshotsAsync(identifiers, cancellationToken).ConfigureAwait(false);
            stage = "suppression list";
            var suppressions = await _suppressions.GetEntriesAsync(identifiers, cancellationToken).ConfigureAwait(false);
            stage = "conversation window store";
            var windows = new Dictionary<(WhatsAppNumber, WhatsAppIdentifier), ConversationWindow>();
            var reach = new Dictionary<WhatsAppNumber, int>();
            foreach (var sender in senders.Where(s => !s.IsEmpty).Distinct())
            {
                foreach (var (user, window) in await _windows.GetManyAsync(sender, identifiers, cancellationToken).ConfigureAwait(false))
                {
                    windows[(sender, user)] = window;
                }

                stage = "message counters";
                reach[sender] = await _counters.CountUniqueRecipientsAsync(sender, now - s_day, cancellationToken).ConfigureAwait(false);
                stage = "conversation window store";
            }

            stage = "message counters";
            var recent = await _counters.GetEntriesAsync(identifiers, now - _lookback, cancellationToken).ConfigureAwait(false);
            stage = "jurisdiction overrides";
            var overrides = await _overrides.GetManyAsync(identifiers, cancellationToken).ConfigureAwait(false);
            return new ChunkState(templates, consent, suppressions, windows, reach, recent, overrides);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ComplianceStateUnavailableException(stage, e);
        }
    }

    // The jurisdiction of a person: a number's (the one asked about, else a linked one), with an override on top;
    // with neither, every jurisdiction is assumed (the strictest setting) and the decision says so.
    private NumberJurisdiction JurisdictionOf(WhatsAppNumber? phone, JurisdictionOverride? found)
    {
        var basis = phone is { } number ? number.Jurisdiction : AssumedJurisdiction();
        return found is null ? basis : basis.With(found);
    }

    private NumberJurisdiction AssumedJurisdiction() =>
        _options.Policy.UserIdJurisdiction is { } region ? NumberJurisdiction.ForRegion(region) : NumberJurisdiction.Strictest;

    private static SuppressionEntry? Blocking(
        IReadOnlyDictionary<WhatsAppIdentifier, IReadOnlyList<SuppressionEntry>> entries,
        ResolvedPerson person,
        ConsentPurpose? purpose,
        DateTimeOffset asOf)
    {
        // Suppression travels through every link, revoked ones included.
        var all = new List<SuppressionEntry>();
        foreach (var identifier in person.OptOutIdentifiers)
        {
            if (entries.TryGetValue(identifier, out var found))
            {
                all.AddRange(found);
            }
        }

        return all.Count == 0 ? null : SuppressionRules.FindBlocking(all, purpose ?? ConsentPurpose.All, asOf);
    }

    private static ConversationWindow? Latest(IReadOnlyDictionary<WhatsAppIdentifier, ConversationWindow> windows, ResolvedPerson person)
    {
        ConversationWindow? latest = null;
        foreach (var identifier in person.Identifiers)
        {
            if (windows.TryGetValue(identifier, out var window) && (latest is null || window.CustomerServiceWindowEndsAt > latest.CustomerServiceWindowEndsAt))
            {
                latest = window;
            }
        }

        return latest;
    }

    private static ConversationWindow? Latest(Dictionary<(WhatsAppNumber, WhatsAppIdentifier), ConversationWindow> windows, WhatsAppNumber sender, ResolvedPerson person)
    {
        ConversationWindow? latest = null;
        foreach (var identifier in person.Identifiers)
        {
            if (windows.TryGetValue((sender, identifier), out var window) && (latest is null || window.CustomerServiceWindowEndsAt > latest.CustomerServiceWindowEndsAt))
            {
                latest = window;
            }
        }

        return latest;
    }

    private static IReadOnlyList<MessageCountEntry> Combined(IReadOnlyDictionary<WhatsAppIdentifier, IReadOnlyList<MessageCountEntry>> entries, ResolvedPerson person)
    {
        var all = new List<MessageCountEntry>();
        foreach (var identifier in person.Identifiers)
        {
            if (entries.TryGetValue(identifier, out var found))
            {
                all.AddRange(found);
            }
        }

        return all;
    }

    private static JurisdictionOverride? First(IReadOnlyDictionary<WhatsAppIdentifier, JurisdictionOverride> overrides, ResolvedPerson person)
    {
        foreach (var identifier in person.Identifiers)
        {
            if (overrides.TryGetValue(identifier, out var found))
            {
                return found;
            }
        }

        return null;
    }

    // One key per person in a campaign, whichever of their identifiers a message names.
    private static WhatsAppIdentifier PersonKey(ResolvedPerson person)
    {
        var identifiers = person.Identifiers;
        if (identifiers.Count == 1)
        {
            return identifiers[0];
        }

        var key = identifiers[0];
        for (var i = 1; i < identifiers.Count; i++)
        {
            if (string.CompareOrdinal(identifiers[i].Value, key.Value) < 0)
            {
                key = identifiers[i];
            }
        }

        return key;
    }

    private bool NeedsReach(OutboundMessage message, ConversationWindow? window, WhatsAppNumber sender, DateTimeOffset now) =>
        _options.Policy.MessagingLimit is not null
        && !sender.IsEmpty
        && message.Content.IsTemplate
        && window?.IsCustomerServiceWindowOpen(now) != true;

    private ComplianceDecision Decide(EvaluationContext context, ViolationSet violations)
    {
        if (context.Sender.IsEmpty)
        {
            violations.Block(s_senderRule, ViolationCodes.SenderUnknown, context.Message.From is null
                ? "No sender was given and more than one sender number (or none) is registered."
                : "No registered gateway holds the sender number.");
        }

        if (context.IsUserIdOnly)
        {
            if (context.ConsentPurpose == ConsentPurpose.Authentication || context.Template?.Category == TemplateCategory.Authentication)
            {
                violations.Block(s_userIdRule, ViolationCodes.UserIdNotSupported,
                    "Authentication templates need a phone number; WhatsApp refuses them to a business-scoped user ID (131062).");
            }

            if (context.Jurisdiction.IsAssumed || context.Jurisdiction.IsAssumedRegion)
            {
                violations.Warn(s_userIdRule, ViolationCodes.JurisdictionAssumed, context.Jurisdiction.IsAssumed
                    ? "The recipient is known only by a business-scoped user ID, whose country prefix is not a jurisdiction: every jurisdiction's consent rules were applied. A linked number or a jurisdiction override gives the real one."
                    : $"The recipient is known only by a business-scoped user ID: the law of the configured region ({context.Jurisdiction.RegionCode}, Policy:UserIdJurisdiction) was applied.");
            }
        }

        foreach (var rule in _rules)
        {
            rule.Evaluate(context, ref violations);
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
                if (outcome != DecisionOutcome.Blocked)
                {
                    outcome = DecisionOutcome.Deferred;
                }

                if (violation.NotBefore is { } at && (notBefore is null || at > notBefore))
                {
                    notBefore = at;
                }
            }
        }

        var relied = context.Message.IsOptOutConfirmation
            ? Policy.Rules.OptOutRule.ConfirmedOptOut(context)
            : context.ConsentPurpose is not null && context.ConsentState.IsOptedIn ? context.ConsentState.Record : null;
        var decision = new ComplianceDecision(outcome, list, outcome == DecisionOutcome.Deferred ? notBefore : null, context.Now,
            context.Recipient, context.Sender, context.Jurisdiction, context.ConsentPurpose, relied)
        {
            Person = context.ResolvedPersonOrNull,
            Message = context.Message,
            Template = context.Template,
            Window = context.Window,
        };
        Telemetry.RecordDecision(decision);
        return decision;
    }

    private bool TryRecipient(OutboundMessage message, DateTimeOffset now, out WhatsAppIdentity recipient, out ComplianceDecision invalid)
    {
        if (message.To.IsParsed)
        {
            recipient = message.To.Identity;
            invalid = null!;
            return true;
        }

        string detail;
        if (BusinessScopedUserId.LooksLikeUserId(message.To.Text))
        {
            // Never run a user ID through phone-number normalization.
            if (BusinessScopedUserId.TryParse(message.To.Text, out var userId, out var reason))
            {
                recipient = userId;
                invalid = null!;
                return true;
            }

            detail = $"{reason.ToCode()}: {reason.Describe()}";
        }
        else
        {
            var parsed = _parser.Parse(message.To.Text);
            if (parsed.IsValid)
            {
                recipient = parsed.Number;
                invalid = null!;
                return true;
            }

            detail = $"{parsed.Code}: {parsed.Message}";
        }

        recipient = default;
        var violation = new Violation(s_numberRule.Id, ViolationCodes.NumberInvalid, detail, ViolationSeverity.Block)
        {
            LegalReference = s_numberRule.Source,
        };
        invalid = new ComplianceDecision(DecisionOutcome.Blocked, [violation], null, now, default, message.From ?? default, null, null, null)
        {
            Message = message,
        };
        Telemetry.RecordDecision(invalid);
        return false;
    }

    private WhatsAppNumber ResolveSender(OutboundMessage message)
    {
        if (_gateways.TryResolve(message.From, out _, out var sender))
        {
            return sender;
        }

        // Without registered gateways (dry runs, tests) a given sender is taken as it is.
        return message.From is { } from && _gateways.Gateways.Count == 0 ? from : default;
    }

    private static async IAsyncEnumerable<OutboundMessage> ToAsync(IEnumerable<OutboundMessage> messages)
    {
        foreach (var message in messages)
        {
            yield return message;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    private sealed record ChunkState(
        Dictionary<TemplateKey, MessageTemplate> Templates,
        IReadOnlyDictionary<WhatsAppIdentifier, ConsentSnapshot> Consent,
        IReadOnlyDictionary<WhatsAppIdentifier, IReadOnlyList<SuppressionEntry>> Suppressions,
        Dictionary<(WhatsAppNumber, WhatsAppIdentifier), ConversationWindow> Windows,
        Dictionary<WhatsAppNumber, int> Reach,
        IReadOnlyDictionary<WhatsAppIdentifier, IReadOnlyList<MessageCountEntry>> Recent,
        IReadOnlyDictionary<WhatsAppIdentifier, JurisdictionOverride> Overrides);

    /// <summary>
    /// What a campaign run has allowed so far: counted as sent when later messages are decided. A person reached once
    /// costs one small struct keyed by the number's digits; entries are built only when the same person comes up again.
    /// </summary>
    private sealed class CampaignState
    {
        private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
        private readonly Dictionary<WhatsAppIdentifier, CampaignSend> _first = [];
        private readonly Dictionary<WhatsAppNumber, int> _reached = [];
        private readonly List<WhatsAppNumber> _senders = [];
        private Dictionary<WhatsAppIdentifier, List<CampaignSend>>? _more;

        public bool ClaimKey(string key) => _keys.Add(key);

        public IReadOnlyList<MessageCountEntry> Recent(WhatsAppIdentifier recipient, IReadOnlyList<MessageCountEntry> stored)
        {
            if (!_first.TryGetValue(recipient, out var first))
            {
                return stored;
            }

            var more = _more?.GetValueOrDefault(recipient);
            var entries = new List<MessageCountEntry>(stored.Count + 1 + (more?.Count ?? 0));
            entries.AddRange(stored);
            entries.Add(ToEntry(first, recipient));
            foreach (var send in more ?? [])
            {
                entries.Add(ToEntry(send, recipient));
            }

            return entries;
        }

        public int NewlyReached(WhatsAppNumber sender) => _reached.GetValueOrDefault(sender);

        public void RecordAllowed(EvaluationContext context, WhatsAppIdentifier person)
        {
            var businessInitiated = context.IsBusinessInitiated;
            if (businessInitiated && !context.Sender.IsEmpty && !AlreadyReached(context))
            {
                _reached[context.Sender] = _reached.GetValueOrDefault(context.Sender) + 1;
            }

            var send = new CampaignSend(
                SenderIndex(context.Sender),
                context.ConsentPurpose ?? ConsentPurpose.All,
                context.Now.UtcTicks,
                businessInitiated,
                context.Message.Topic,
                context.ContentHash());
            if (_first.TryAdd(person, send))
            {
                return;
            }

            _more ??= [];
            if (!_more.TryGetValue(person, out var list))
            {
                _more[person] = list = [];
            }

            list.Add(send);
        }

        private int SenderIndex(WhatsAppNumber sender)
        {
            // Campaigns go out from one or a few numbers: a linear search is the fastest map.
            var index = _senders.IndexOf(sender);
            if (index < 0)
            {
                index = _senders.Count;
                _senders.Add(sender);
            }

            return index;
        }

        private MessageCountEntry ToEntry(CampaignSend send, WhatsAppIdentifier recipient) => new()
        {
            Sender = _senders[send.SenderIndex],
            Recipient = recipient,
            Purpose = send.Purpose,
            SentAt = new DateTimeOffset(send.SentAtUtcTicks, TimeSpan.Zero),
            BusinessInitiated = send.BusinessInitiated,
            Topic = send.Topic,
            ContentFingerprint = MessageFingerprint.Format(send.ContentHash),
        };

        private static bool AlreadyReached(EvaluationContext context)
        {
            var since = context.Now - s_day;
            foreach (var entry in context.RecentMessages)
            {
                if (entry.BusinessInitiated && entry.Sender == context.Sender && entry.SentAt > since)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>A message allowed earlier in a campaign, as compact as it can be kept.</summary>
    private readonly record struct CampaignSend(
        int SenderIndex,
        ConsentPurpose Purpose,
        long SentAtUtcTicks,
        bool BusinessInitiated,
        string? Topic,
        ulong ContentHash);
}
