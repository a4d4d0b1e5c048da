namespace WaCompliance.Webhooks;

/// <summary>
/// One item of a signed webhook delivery that could not be read (a message, status or preference entry, or the whole
/// body when it cannot be split into items). The good items beside it are still read and applied; this one becomes a
/// <see cref="WebhookDeadLetter"/> so that nothing is silently dropped.
/// </summary>
public sealed record MalformedWebhookItem
{
    /// <summary>The gateway registration the delivery came through, e.g. <c>360dialog:main</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The stable reason code, for example <c>ITEM_MALFORMED</c> or <c>ITEM_IDENTITY_MISSING</c>.</summary>
    public required string Code { get; init; }

    /// <summary>What is wrong, naming the field (for example <c>entry[0].changes[0].value.messages[2].from</c>) but never its value.</summary>
    public required string Message { get; init; }

    /// <summary>The provider's id of the item when it could be read (a message id).</summary>
    public string? EventId { get; init; }

    /// <summary>
    /// The item as received, in the form the reader's <see cref="IWebhookReader.ReadItemAsync"/> takes back. Personal
    /// data: kept only in the dead-letter store, erased with the person.
    /// </summary>
    public required string RawItem { get; init; }

    /// <summary>The person the item names, when an identifier could be read from it (so erasure finds it).</summary>
    public Identities.WhatsAppIdentifier? Subject { get; init; }

    /// <summary>The code and message, never the raw item.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Code}: {Message}";
}

/// <summary>The reason codes readers give malformed items.</summary>
public static class MalformedItemCodes
{
    /// <summary>The body is signed but cannot be split into items (not JSON, not the provider's shape).</summary>
    public const string BodyUnreadable = "BODY_UNREADABLE";

    /// <summary>The item is not the provider's shape (a field of the wrong type, a value out of range).</summary>
    public const string ItemMalformed = "ITEM_MALFORMED";

    /// <summary>The item names no person WhatsApp could have sent it from or to (no phone and no user ID).</summary>
    public const string IdentityMissing = "ITEM_IDENTITY_MISSING";

    /// <summary>The item names a person by something that is neither a phone number nor a business-scoped user ID.</summary>
    public const string IdentityInvalid = "ITEM_IDENTITY_INVALID";

    /// <summary>A required field other than the person is missing (message id, status, timestamp).</summary>
    public const string FieldMissing = "ITEM_FIELD_MISSING";

    /// <summary>
    /// The item was read but its event could not be applied (the processor's dead letter: a value a store refuses, an
    /// opt-in dated beyond the allowed clock skew). The message names the cause's code, never a value.
    /// </summary>
    public const string ApplyFailed = "APPLY_FAILED";
}
