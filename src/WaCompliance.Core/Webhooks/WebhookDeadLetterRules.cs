namespace WaCompliance.Webhooks;

/// <summary>The rules every <see cref="IWebhookDeadLetterStore"/> shares.</summary>
public static class WebhookDeadLetterRules
{
    /// <summary>The longest source, code or event id kept.</summary>
    public const int MaxKeyLength = 256;

    /// <summary>The longest message kept (longer ones are cut).</summary>
    public const int MaxMessageLength = 1_000;

    /// <summary>Checks a dead letter before it is stored.</summary>
    /// <param name="letter">The dead letter.</param>
    /// <exception cref="ArgumentException">A required field is empty or too long.</exception>
    public static void Validate(WebhookDeadLetter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        if (letter.Id == Guid.Empty)
        {
            throw new ArgumentException("A dead letter needs an id.", nameof(letter));
        }

        if (string.IsNullOrWhiteSpace(letter.Source) || letter.Source.Length > MaxKeyLength)
        {
            throw new ArgumentException($"A dead letter's source is 1 to {MaxKeyLength} characters.", nameof(letter));
        }

        if (string.IsNullOrWhiteSpace(letter.Code) || letter.Code.Length > MaxKeyLength)
        {
            throw new ArgumentException($"A dead letter's code is 1 to {MaxKeyLength} characters.", nameof(letter));
        }

        if (letter.EventId is { Length: 0 or > MaxKeyLength })
        {
            throw new ArgumentException($"A dead letter's event id is 1 to {MaxKeyLength} characters when given.", nameof(letter));
        }

        ArgumentNullException.ThrowIfNull(letter.Message);
        ArgumentNullException.ThrowIfNull(letter.RawItem);
        if (letter.Subject is { IsEmpty: true })
        {
            throw new ArgumentException("A dead letter's subject, when given, is a number or a user ID, not the empty value.", nameof(letter));
        }
    }

    /// <summary>A dead letter as every store keeps it: times truncated to whole microseconds (what PostgreSQL keeps).</summary>
    /// <param name="letter">The dead letter.</param>
    /// <returns>The dead letter to store.</returns>
    public static WebhookDeadLetter Normalize(WebhookDeadLetter letter)
    {
        Validate(letter);
        return letter with
        {
            ReceivedAt = Consent.ConsentChain.NormalizeTimestamp(letter.ReceivedAt),
            ResolvedAt = letter.ResolvedAt is { } resolved ? Consent.ConsentChain.NormalizeTimestamp(resolved) : null,
        };
    }

    /// <summary>Whether two dead letters are one unresolved item delivered twice (same source and event id).</summary>
    /// <param name="existing">A stored dead letter.</param>
    /// <param name="added">The one being added.</param>
    /// <returns>Whether the second is a redelivery of the first.</returns>
    public static bool IsSameUnresolved(WebhookDeadLetter existing, WebhookDeadLetter added)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(added);
        return existing.ResolvedAt is null
            && existing.EventId is not null
            && string.Equals(existing.Source, added.Source, StringComparison.Ordinal)
            && string.Equals(existing.EventId, added.EventId, StringComparison.Ordinal)
            && string.Equals(existing.Code, added.Code, StringComparison.Ordinal);
    }
}
