using WaCompliance.Internal;

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

    /// <summary>
    /// A dead letter as every store keeps it: times truncated to whole microseconds (what PostgreSQL keeps), and NUL
    /// characters and unpaired surrogates in its text replaced with U+FFFD (no store can keep them; a dead letter is
    /// never refused for what the provider sent).
    /// </summary>
    /// <param name="letter">The dead letter.</param>
    /// <returns>The dead letter to store.</returns>
    public static WebhookDeadLetter Normalize(WebhookDeadLetter letter)
    {
        Validate(letter);
        return letter with
        {
            Source = StoredText.Clean(letter.Source)!,
            Code = StoredText.Clean(letter.Code)!,
            Message = StoredText.Clean(letter.Message)!,
            EventId = StoredText.Clean(letter.EventId),
            RawItem = StoredText.Clean(letter.RawItem)!,
            ReceivedAt = Consent.ConsentChain.NormalizeTimestamp(letter.ReceivedAt),
            ResolvedAt = letter.ResolvedAt is { } resolved ? Consent.ConsentChain.NormalizeTimestamp(resolved) : null,
        };
    }

    /// <summary>
    /// The text that names a person in a raw item, for erasure: a number's digits without the plus (as Meta writes
    /// <c>wa_id</c>, and contained in <c>+64…</c>, <c>whatsapp:+64…</c> and <c>%2B64…</c> alike), or a user ID as given.
    /// </summary>
    /// <param name="subject">The person's identifier.</param>
    /// <returns>The text to look for.</returns>
    public static string ErasureText(Identities.WhatsAppIdentifier subject) =>
        subject.PhoneNumber is { } number ? number.Digits : subject.Value;

    /// <summary>
    /// Whether a dead letter names a person and goes with an erasure: its subject is the person, or its raw item holds
    /// the person's <see cref="ErasureText"/> (an item unreadable enough to have no subject still quotes the number).
    /// </summary>
    /// <param name="letter">A stored dead letter.</param>
    /// <param name="subject">The person's identifier.</param>
    /// <returns>Whether erasing the person deletes it.</returns>
    public static bool NamesPerson(WebhookDeadLetter letter, Identities.WhatsAppIdentifier subject)
    {
        ArgumentNullException.ThrowIfNull(letter);
        return !subject.IsEmpty
            && (letter.Subject == subject || letter.RawItem.Contains(ErasureText(subject), StringComparison.Ordinal));
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
