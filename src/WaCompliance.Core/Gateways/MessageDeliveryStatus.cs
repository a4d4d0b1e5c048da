namespace WaCompliance.Gateways;

/// <summary>Where a sent message stands, in the common vocabulary of every provider.</summary>
public enum MessageDeliveryStatus
{
    /// <summary>Accepted by the provider, not yet sent to WhatsApp.</summary>
    Queued = 1,

    /// <summary>Sent to WhatsApp.</summary>
    Sent,

    /// <summary>Delivered to the person's device.</summary>
    Delivered,

    /// <summary>Read by the person.</summary>
    Read,

    /// <summary>Failed; the error says why.</summary>
    Failed,

    /// <summary>Could not be delivered.</summary>
    Undelivered,

    /// <summary>Canceled before sending.</summary>
    Canceled,
}
