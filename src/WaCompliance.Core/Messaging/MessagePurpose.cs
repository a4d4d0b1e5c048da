namespace WaCompliance.Messaging;

/// <summary>Why a message is sent; decides which consent it needs and which rules apply.</summary>
public enum MessagePurpose
{
    /// <summary>A reply to the person's own request inside the customer service window; needs no marketing consent.</summary>
    ServiceReply = 0,

    /// <summary>Promotions, offers, re-engagement: needs marketing consent.</summary>
    Marketing,

    /// <summary>About an agreed transaction or account: order updates, reminders, alerts.</summary>
    Utility,

    /// <summary>One-time passcodes.</summary>
    Authentication,
}
