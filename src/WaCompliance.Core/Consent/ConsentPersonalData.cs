namespace WaCompliance.Consent;

/// <summary>
/// The personal data of a consent record, kept beside the hash chain. The chain holds only a salted digest of it,
/// so erasure deletes this (and its salt) without breaking verification.
/// </summary>
public sealed record ConsentPersonalData
{
    /// <summary>
    /// The identifier the event came through, in its stored form (<see cref="Identities.WhatsAppIdentifier.Value"/>):
    /// the number in E.164 form, or the business-scoped user ID as received.
    /// </summary>
    public required string Identifier { get; init; }

    /// <summary>The IP address from the evidence.</summary>
    public string? IpAddress { get; init; }

    /// <summary>The user agent from the evidence.</summary>
    public string? UserAgent { get; init; }

    /// <summary>The provider message id from the evidence.</summary>
    public string? MessageId { get; init; }

    /// <summary>The person's own words from the evidence.</summary>
    public string? RawInput { get; init; }

    /// <summary>A random salt (32 hex characters) that makes the digest in the chain meaningless once erased.</summary>
    public required string Salt { get; init; }
}
