using WaCompliance.Consent;

namespace WaCompliance.Webhooks;

/// <summary>
/// The times a webhook event may carry as its <see cref="WhatsAppEvent.OccurredAt"/>: from <see cref="Earliest"/> to
/// <see cref="ConsentLedger.AllowedClockSkew"/> after the time the event was received. Readers check every provider
/// timestamp against this range and never refuse an item for its time: outside it, the event occurred when it was
/// received and the provider's time is kept as <see cref="WhatsAppEvent.ReportedAt"/>. Every store keeps every time in
/// the range, and time arithmetic on it (a 72-hour window) cannot overflow.
/// </summary>
public static class WebhookTimes
{
    /// <summary>2009-01-01 UTC: before WhatsApp existed nothing was sent.</summary>
    public static DateTimeOffset Earliest { get; } = new(2009, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Whether a provider's time can be an event's time.</summary>
    /// <param name="reported">The provider's time.</param>
    /// <param name="received">When the event was received.</param>
    /// <returns><see langword="true"/> from <see cref="Earliest"/> to the allowed clock skew after <paramref name="received"/>.</returns>
    public static bool IsPlausible(DateTimeOffset reported, DateTimeOffset received) =>
        reported >= Earliest && reported.UtcTicks - received.UtcTicks <= ConsentLedger.AllowedClockSkew.Ticks;

    /// <summary>The time an event occurred: the provider's when it is plausible, otherwise the time received.</summary>
    /// <param name="reported">The provider's time, or <see langword="null"/> when it gave none (or none a <see cref="DateTimeOffset"/> holds).</param>
    /// <param name="received">When the event was received.</param>
    /// <returns>The event's <see cref="WhatsAppEvent.OccurredAt"/>.</returns>
    public static DateTimeOffset OccurredAt(DateTimeOffset? reported, DateTimeOffset received) =>
        reported is { } at && IsPlausible(at, received) ? at : received;

    /// <summary>The provider's time to keep as <see cref="WhatsAppEvent.ReportedAt"/>: the one not used as the event's time.</summary>
    /// <param name="reported">The provider's time, if any.</param>
    /// <param name="received">When the event was received.</param>
    /// <returns>The provider's time when it is not plausible; otherwise <see langword="null"/>.</returns>
    public static DateTimeOffset? ReportedAt(DateTimeOffset? reported, DateTimeOffset received) =>
        reported is { } at && !IsPlausible(at, received) ? at : null;
}
