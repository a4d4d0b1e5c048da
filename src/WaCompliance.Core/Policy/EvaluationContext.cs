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

/// <summary>Everything a rule may look at for one message: the message, who it goes to and from, when, and the state read for it.</summary>
public sealed class EvaluationContext
{
    private string? _fingerprint;
    private ResolvedPerson? _person;

    internal EvaluationContext(
        OutboundMessage message,
        WhatsAppIdentity recipient,
        WhatsAppNumber sender,
        NumberJurisdiction jurisdiction,
        DateTimeOffset now,
        CompliancePolicyOptions options,
        MessageTemplate? template,
        ConsentPurpose? consentPurpose,
        ConsentSnapshot consent,
        SuppressionEntry? suppression,
        ConversationWindow? window,
        IReadOnlyList<MessageCountEntry> recentMessages,
        int senderUniqueRecipients,
        ResolvedPerson? person = null)
    {
        Message = message;
        Recipient = recipient;
        _person = person;
        Sender = sender;
        Jurisdiction = jurisdiction;
        Now = now;
        Options = options;
        Template = template;
        ConsentPurpose = consentPurpose;
        Consent = consent;
        Suppression = suppression;
        Window = window;
        RecentMessages = recentMessages;
        SenderUniqueRecipients = senderUniqueRecipients;
        IsWindowOpen = window?.IsCustomerServiceWindowOpen(now) == true;
        ConsentState = consent.GetState(consentPurpose ?? WaCompliance.ConsentPurpose.All, now);
    }

    /// <summary>The message.</summary>
    public OutboundMessage Message { get; }

    /// <summary>The recipient as the message names it (a number, a business-scoped user ID, or both).</summary>
    public WhatsAppIdentity Recipient { get; }

    /// <summary>
    /// The recipient as a person: every identifier linked to <see cref="Recipient"/>, whose consent, suppression,
    /// window and counters this context combines.
    /// </summary>
    public ResolvedPerson Person => _person ??= ResolvedPerson.Alone(Recipient);

    /// <summary>The person when the recipient was resolved through links; null for one identifier on its own.</summary>
    internal ResolvedPerson? ResolvedPersonOrNull => _person;

    /// <summary>Whether the recipient has no phone number the message could go to (only a business-scoped user ID).</summary>
    public bool IsUserIdOnly => Recipient.Phone is null;

    /// <summary>The sender; empty when it could not be resolved.</summary>
    public WhatsAppNumber Sender { get; }

    /// <summary>The recipient's jurisdiction (override or from the number).</summary>
    public NumberJurisdiction Jurisdiction { get; }

    /// <summary>The instant evaluated: now, or the dry-run instant.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>The policy options.</summary>
    public CompliancePolicyOptions Options { get; }

    /// <summary>For template messages: the catalog's template, or <see langword="null"/> if the catalog lacks it.</summary>
    public MessageTemplate? Template { get; }

    /// <summary>
    /// The consent the message needs: the purpose declared or, for templates, the stricter of the declared purpose
    /// and the template's category; <see langword="null"/> for a service reply (no consent needed inside the window).
    /// </summary>
    public ConsentPurpose? ConsentPurpose { get; }

    /// <summary>Everything the ledger knows about the recipient's consent.</summary>
    public ConsentSnapshot Consent { get; }

    /// <summary>The state of <see cref="ConsentPurpose"/> (or of every purpose for service replies).</summary>
    public ConsentState ConsentState { get; }

    /// <summary>The suppression entry that blocks this purpose, if any.</summary>
    public SuppressionEntry? Suppression { get; }

    /// <summary>The conversation window with the sender, if the person ever wrote.</summary>
    public ConversationWindow? Window { get; }

    /// <summary>Whether the customer service window is open now.</summary>
    public bool IsWindowOpen { get; }

    /// <summary>Whether this is a template sent outside the window: business-initiated, needing opt-in and counting toward the messaging limit.</summary>
    public bool IsBusinessInitiated => !IsWindowOpen && Message.Content.IsTemplate;

    /// <summary>Messages sent to the recipient recently (as far back as any rule looks), oldest first.</summary>
    public IReadOnlyList<MessageCountEntry> RecentMessages { get; }

    /// <summary>Unique people the sender reached with business-initiated messages in the last 24 hours.</summary>
    public int SenderUniqueRecipients { get; }

    /// <summary>Whether the message's purpose is marketing (declared or by template category).</summary>
    public bool IsMarketing => ConsentPurpose == WaCompliance.ConsentPurpose.Marketing;

    /// <summary>A fingerprint of the content (a hash, never the text), computed on first use.</summary>
    /// <returns>The fingerprint.</returns>
    public string ContentFingerprint() => _fingerprint ??= MessageFingerprint.Of(Message);

    /// <summary>The hash behind <see cref="ContentFingerprint"/>, without the string.</summary>
    internal ulong ContentHash() => MessageFingerprint.Hash(Message);

    /// <summary>The texts a person would read: free-form text, captions, interactive text, template parameter values.</summary>
    /// <returns>The texts.</returns>
    public IEnumerable<string> ReadableTexts()
    {
        foreach (var text in ReadableTextsWithoutAllocation())
        {
            yield return text;
        }
    }

    /// <summary>The same texts as <see cref="ReadableTexts"/>, enumerated by a struct: what the built-in rules use.</summary>
    /// <returns>The enumerator.</returns>
    internal ReadableTextEnumerator ReadableTextsWithoutAllocation() => new(Message.Content);
}
