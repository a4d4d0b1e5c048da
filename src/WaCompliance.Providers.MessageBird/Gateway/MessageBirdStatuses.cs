using WaCompliance.Gateways;

namespace WaCompliance.Providers.MessageBird;

/// <summary>Bird and MessageBird message statuses in the common vocabulary (providers.md §8.2).</summary>
internal static class MessageBirdStatuses
{
    /// <summary>A Bird Channels status: accepted/processing/scheduled, sent, delivered, sending_failed, delivery_failed.</summary>
    public static MessageDeliveryStatus? FromChannels(string? status) => status switch
    {
        "accepted" or "processing" or "scheduled" => MessageDeliveryStatus.Queued,
        "sent" => MessageDeliveryStatus.Sent,
        "delivered" => MessageDeliveryStatus.Delivered,
        "read" => MessageDeliveryStatus.Read,
        "sending_failed" => MessageDeliveryStatus.Failed,
        "delivery_failed" => MessageDeliveryStatus.Undelivered,
        _ => null,
    };

    /// <summary>A legacy Conversations status: pending/accepted, sent, delivered, read, failed/rejected, deleted.</summary>
    public static MessageDeliveryStatus? FromLegacy(string? status) => status switch
    {
        "pending" or "accepted" => MessageDeliveryStatus.Queued,
        "sent" => MessageDeliveryStatus.Sent,
        "delivered" => MessageDeliveryStatus.Delivered,
        "read" => MessageDeliveryStatus.Read,
        "failed" or "rejected" => MessageDeliveryStatus.Failed,
        "deleted" => MessageDeliveryStatus.Canceled,
        _ => null,
    };
}
