using WaCompliance.Privacy;

namespace WaCompliance.Consent;

/// <summary>
/// A consent event as recorded in the ledger: the event, its place in the hash chain and its personal data.
/// </summary>
/// <remarks>
/// <see cref="Hash"/> is the SHA-256 of every field here except <see cref="PersonalData"/> (covered by
/// <see cref="PersonalDataDigest"/>) and <see cref="Hash"/> itself, including <see cref="PreviousHash"/>: altering,
/// removing, reordering or inserting any record breaks the chain (see <see cref="ConsentChain"/>). Timestamps are UTC,
/// truncated to whole microseconds so that every store keeps them exactly.
/// </remarks>
public sealed record ConsentRecord
{
    /// <summary>The position in the ledger, from 1, without gaps.</summary>
    public required long Sequence { get; init; }

    /// <summary>A unique id of this record.</summary>
    public required Guid RecordId { get; init; }

    /// <summary>The pseudonymous subject (HMAC of the number).</summary>
    public required SubjectKey Subject { get; init; }

    /// <summary>The purpose.</summary>
    public required ConsentPurpose Purpose { get; init; }

    /// <summary>Opt-in or opt-out.</summary>
    public required ConsentAction Action { get; init; }

    /// <summary>How.</summary>
    public required ConsentMethod Method { get; init; }

    /// <summary>The kind of consent.</summary>
    public required ConsentType ConsentType { get; init; }

    /// <summary>The lawful basis.</summary>
    public required LawfulBasis LawfulBasis { get; init; }

    /// <summary>When the person expressed it.</summary>
    public required DateTimeOffset CapturedAt { get; init; }

    /// <summary>When the ledger recorded it.</summary>
    public required DateTimeOffset RecordedAt { get; init; }

    /// <summary>
    /// The capture time the sender reported, kept as evidence when it could not be used as <see cref="CapturedAt"/>
    /// (an opt-out dated in the future or outside the range a store keeps is recorded at the time it was received);
    /// <see langword="null"/> when <see cref="CapturedAt"/> is the reported time.
    /// </summary>
    public DateTimeOffset? ReportedAt { get; init; }

    /// <summary>Where it came from.</summary>
    public string? Source { get; init; }

    /// <summary>The business named in the opt-in.</summary>
    public string? BusinessName { get; init; }

    /// <summary>The jurisdiction it was collected under.</summary>
    public string? Jurisdiction { get; init; }

    /// <summary>The language of the wording.</summary>
    public string? Language { get; init; }

    /// <summary>When an opt-in lapses.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The caller's idempotency id.</summary>
    public string? EventId { get; init; }

    /// <summary>The wording shown.</summary>
    public string? Wording { get; init; }

    /// <summary>The version of the wording.</summary>
    public string? WordingVersion { get; init; }

    /// <summary>Where it was collected (URL, screen, store).</summary>
    public string? CollectionPoint { get; init; }

    /// <summary>The personal data, or <see langword="null"/> once erased (or for an erasure event).</summary>
    public ConsentPersonalData? PersonalData { get; init; }

    /// <summary>The salted SHA-256 of <see cref="PersonalData"/> (hex), or empty when the event had none.</summary>
    public required string PersonalDataDigest { get; init; }

    /// <summary>The <see cref="Hash"/> of the previous record, or 64 zeros for the first.</summary>
    public required string PreviousHash { get; init; }

    /// <summary>The SHA-256 (hex) of this record's chained fields.</summary>
    public required string Hash { get; init; }

    /// <summary>Whether the personal data has been erased.</summary>
    public bool IsErased => PersonalData is null && PersonalDataDigest.Length > 0;
}
