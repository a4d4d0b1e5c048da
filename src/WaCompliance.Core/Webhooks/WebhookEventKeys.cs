namespace WaCompliance.Webhooks;

/// <summary>Validation of webhook event identities, the same for every store.</summary>
public static class WebhookEventKeys
{
    /// <summary>Checks a source and event id.</summary>
    /// <param name="source">The source (1 to 128 characters).</param>
    /// <param name="eventId">The event id (1 to 256 characters).</param>
    /// <exception cref="ArgumentException">Either is empty or too long.</exception>
    public static void Validate(string source, string eventId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventId);
        if (source.Length > 128)
        {
            throw new ArgumentException("A webhook source has at most 128 characters.", nameof(source));
        }

        if (eventId.Length > 256)
        {
            throw new ArgumentException("A webhook event id has at most 256 characters.", nameof(eventId));
        }
    }
}
