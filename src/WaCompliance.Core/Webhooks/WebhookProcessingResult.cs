using WaCompliance.Consent;

namespace WaCompliance.Webhooks;

/// <summary>What processing one event did.</summary>
/// <param name="Event">The event.</param>
/// <param name="Actions">What changed.</param>
public sealed record WebhookProcessingResult(WhatsAppEvent Event, WebhookActions Actions)
{
    /// <summary>Whether the event had been processed before (a redelivery); nothing new changed.</summary>
    public bool IsDuplicate { get; init; }

    /// <summary>The keyword found in an inbound message, if any.</summary>
    public KeywordMatch Keyword { get; init; } = KeywordMatch.None;

    /// <summary>The consent record written (opt-out or opt-in), if any.</summary>
    public ConsentRecord? ConsentRecord { get; init; }

    /// <summary>
    /// Whether the application may now send the single opt-out confirmation: a free-form reply without marketing
    /// content, marked <c>IsOptOutConfirmation</c>, within the confirmation window.
    /// </summary>
    public bool ConfirmationAllowed { get; init; }
}
