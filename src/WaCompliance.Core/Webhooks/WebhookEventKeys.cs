namespace WaCompliance.Webhooks;

/// <summary>Validation of webhook event identities, the same for every store.</summary>
public static class WebhookEventKeys
{
    /// <summary>The longest source every store keeps.</summary>
    public const int MaxSourceLength = 128;

    /// <summary>The longest event id every store keeps.</summary>
    public const int MaxEventIdLength = 256;

    /// <summary>Checks a source and event id.</summary>
    /// <param name="source">The source (1 to 128 characters).</param>
    /// <param name="eventId">The event id (1 to 256 characters).</param>
    /// <exception cref="ArgumentException">Either is empty or too long.</exception>
    public static void Validate(string source, string eventId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventId);
        if (source.Length > MaxSourceLength)
        {
            throw new ArgumentException("A webhook source has at most 128 characters.", nameof(source));
        }

        if (eventId.Length > MaxEventIdLength)
        {
            throw new ArgumentException("A webhook event id has at most 256 characters.", nameof(eventId));
        }
    }
}
