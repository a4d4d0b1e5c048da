namespace WaCompliance.Conversations;

/// <summary>How a person's inbound message reached the business.</summary>
public enum InboundOrigin
{
    /// <summary>The person wrote or called on their own.</summary>
    Organic = 0,

    /// <summary>Through a Click-to-WhatsApp ad or a Facebook Page call-to-action: a business reply within 24 hours opens a 72-hour free entry point window.</summary>
    EntryPointReferral = 1,
}
