using WaCompliance.Consent;
using WaCompliance.Decisions;
using WaCompliance.Identities;
using WaCompliance.Internal;
using WaCompliance.Jurisdictions;
using WaCompliance.Numbers;

namespace WaCompliance.Policy;

/// <summary>
/// The policy's answer for one message: allowed, blocked, or deferred until an instant; every violation found; and
/// the consent record relied on.
/// </summary>
public sealed class ComplianceDecision
{
    private Guid _decisionId;

    internal ComplianceDecision(
        DecisionOutcome outcome,
        IReadOnlyList<Violation> violations,
        DateTimeOffset? notBefore,
        DateTimeOffset evaluatedAt,
        WhatsAppIdentity recipient,
        WhatsAppNumber sender,
        NumberJurisdiction? jurisdiction,
        ConsentPurpose? consentPurpose,
        ConsentRecord? consentRelied)
    {
        Outcome = outcome;
        Violations = violations;
        NotBefore = notBefore;
        EvaluatedAt = evaluatedAt;
        Recipient = recipient;
        Sender = sender;
        Jurisdiction = jurisdiction;
        ConsentPurpose = consentPurpose;
        ConsentRelied = consentRelied;
    }

    /// <summary>A unique, time-ordered id of this decision (made on first use).</summary>
    public Guid DecisionId
    {
        get
        {
            if (_decisionId == Guid.Empty)
            {
                _decisionId = TimeOrderedIds.New(EvaluatedAt);
            }

            return _decisionId;
        }
    }

    /// <summary>Allowed, blocked or deferred.</summary>
    public DecisionOutcome Outcome { get; }

    /// <summary>Whether the message may be sent now.</summary>
    public bool IsAllowed => Outcome == DecisionOutcome.Allowed;

    /// <summary>Every violation found (warnings included), in evaluation order.</summary>
    public IReadOnlyList<Violation> Violations { get; }

    /// <summary>For deferred messages: the first instant every deferral is over.</summary>
    public DateTimeOffset? NotBefore { get; }

    /// <summary>The instant the decision is for (now, or the dry-run instant).</summary>
    public DateTimeOffset EvaluatedAt { get; }

    /// <summary>The recipient; empty when the number was invalid.</summary>
    public WhatsAppIdentity Recipient { get; }

    /// <summary>
    /// The recipient as a person (every linked identifier) when links or number forms joined others to it;
    /// <see langword="null"/> for a recipient that is one identifier on its own, or when the recipient was invalid.
    /// </summary>
    public ResolvedPerson? Person { get; init; }

    /// <summary>The sender number; empty when it could not be resolved.</summary>
    public WhatsAppNumber Sender { get; }

    /// <summary>The jurisdiction applied (override or from the number).</summary>
    public NumberJurisdiction? Jurisdiction { get; }

    /// <summary>The consent purpose the message needed, or <see langword="null"/> for a service reply inside the window.</summary>
    public ConsentPurpose? ConsentPurpose { get; }

    /// <summary>The consent record the decision relied on (for an opt-out confirmation: the opt-out it confirms).</summary>
    public ConsentRecord? ConsentRelied { get; }

    /// <summary>The message decided about.</summary>
    public required Messaging.OutboundMessage Message { get; init; }

    /// <summary>The catalog template the decision looked at, for the gateway.</summary>
    internal Templates.MessageTemplate? Template { get; init; }

    /// <summary>The conversation window the decision looked at.</summary>
    internal Conversations.ConversationWindow? Window { get; init; }

    /// <summary>The fingerprint of the content, when computed.</summary>
    internal string? ContentFingerprint { get; init; }

    /// <summary>The stable codes of the violations.</summary>
    /// <returns>The codes.</returns>
    public IReadOnlyList<string> Codes() => Violations.Select(v => v.Code).ToArray();

    /// <summary>Whether a violation with the code was found.</summary>
    /// <param name="code">The code.</param>
    /// <returns><see langword="true"/> if found.</returns>
    public bool Has(string code)
    {
        foreach (var violation in Violations)
        {
            if (string.Equals(violation.Code, code, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public override string ToString() =>
        Violations.Count == 0 ? Outcome.ToString() : $"{Outcome}: {string.Join(", ", Violations.Select(v => v.Code))}";
}
