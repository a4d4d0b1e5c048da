using WaCompliance.Identities;
using WaCompliance.Numbers;

namespace WaCompliance.Consent;

/// <summary>
/// A consent event to record in the ledger: a person opted in to or out of a purpose, at a time, by a method, with
/// evidence. Events are never changed once recorded; a later event supersedes an earlier one.
/// </summary>
/// <remarks>
/// Field names follow ISO/IEC TS 27560 and the ICO's consent-record guidance where they overlap: who
/// (<see cref="Identifier"/>), when (<see cref="CapturedAt"/>), what they were told (<see cref="Evidence"/>), how
/// (<see cref="Method"/>), and for what (<see cref="Purpose"/>).
/// </remarks>
public sealed record ConsentEvent
{
    /// <summary>
    /// The person, as the event came through: a phone number or a business-scoped user ID (a
    /// <see cref="WhatsAppNumber"/> converts implicitly). The ledger records it; state is read through every
    /// identifier linked to it.
    /// </summary>
    public required WhatsAppIdentifier Identifier { get; init; }

    /// <summary>The purpose; <see cref="ConsentPurpose.All"/> for a global opt-out.</summary>
    public required ConsentPurpose Purpose { get; init; }

    /// <summary>Opt-in or opt-out.</summary>
    public required ConsentAction Action { get; init; }

    /// <summary>How the person expressed it.</summary>
    public required ConsentMethod Method { get; init; }

    /// <summary>
    /// When the person expressed it; <see langword="null"/> for "now". An opt-in may not lie more than
    /// <see cref="ConsentLedger.AllowedClockSkew"/> in the future; an opt-out dated in the future (or before
    /// <see cref="ConsentLedger.EarliestOptOutCapture"/>) is recorded as captured when received, this time kept as
    /// <see cref="ConsentRecord.ReportedAt"/>.
    /// </summary>
    public DateTimeOffset? CapturedAt { get; init; }

    /// <summary>Where the event came from: a form id, a gateway name, an import batch, e.g. <c>web:signup</c>.</summary>
    public string? Source { get; init; }

    /// <summary>The proof: wording shown and its version, IP address, user agent, message id.</summary>
    public ConsentEvidence? Evidence { get; init; }

    /// <summary>The business named in the opt-in; defaults to the configured business name.</summary>
    public string? BusinessName { get; init; }

    /// <summary>The jurisdiction the consent was collected under (ISO 3166-1 or 3166-2); defaults to the number's.</summary>
    public string? Jurisdiction { get; init; }

    /// <summary>The lawful basis relied on; <see cref="Consent.LawfulBasis.Consent"/> unless stated.</summary>
    public LawfulBasis LawfulBasis { get; init; } = LawfulBasis.Consent;

    /// <summary>The kind of consent; <see cref="Consent.ConsentType.Express"/> unless stated.</summary>
    public ConsentType ConsentType { get; init; } = ConsentType.Express;

    /// <summary>When an opt-in lapses, e.g. CASL implied consent after 2 years; <see langword="null"/> for never.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The language of the wording shown (BCP 47), e.g. <c>en</c>.</summary>
    public string? Language { get; init; }

    /// <summary>
    /// An id of the caller's that makes recording idempotent: recording an event whose id is already in the ledger
    /// returns the existing record. Use it for webhook redeliveries and retried imports.
    /// </summary>
    public string? EventId { get; init; }

    /// <summary>An opt-in for a purpose.</summary>
    /// <param name="person">The person's number or business-scoped user ID.</param>
    /// <param name="purpose">The purpose.</param>
    /// <param name="method">How consent was given.</param>
    /// <param name="evidence">The wording shown and other proof.</param>
    /// <param name="capturedAt">When it was given; <see langword="null"/> for now.</param>
    /// <returns>The event.</returns>
    public static ConsentEvent OptIn(
        WhatsAppIdentifier person,
        ConsentPurpose purpose,
        ConsentMethod method,
        ConsentEvidence? evidence = null,
        DateTimeOffset? capturedAt = null) =>
        new()
        {
            Identifier = person,
            Purpose = purpose,
            Action = ConsentAction.OptIn,
            Method = method,
            Evidence = evidence,
            CapturedAt = capturedAt,
        };

    /// <summary>An opt-in for a purpose, for a number in international form (<c>+64 21 123 4567</c>).</summary>
    /// <param name="number">The number with its country code.</param>
    /// <param name="purpose">The purpose.</param>
    /// <param name="method">How consent was given.</param>
    /// <param name="evidence">The wording shown and other proof.</param>
    /// <param name="capturedAt">When it was given; <see langword="null"/> for now.</param>
    /// <returns>The event.</returns>
    /// <exception cref="InvalidWhatsAppNumberException">The number is not an accepted WhatsApp number.</exception>
    public static ConsentEvent OptIn(
        string number,
        ConsentPurpose purpose,
        ConsentMethod method,
        ConsentEvidence? evidence = null,
        DateTimeOffset? capturedAt = null) =>
        OptIn(WhatsAppNumber.Parse(number), purpose, method, evidence, capturedAt);

    /// <summary>An opt-out for a purpose (<see cref="ConsentPurpose.All"/> for every purpose).</summary>
    /// <param name="person">The person's number or business-scoped user ID.</param>
    /// <param name="purpose">The purpose, or <see cref="ConsentPurpose.All"/>.</param>
    /// <param name="method">How the person opted out.</param>
    /// <param name="evidence">Proof, e.g. the inbound message id and text.</param>
    /// <param name="capturedAt">When; <see langword="null"/> for now.</param>
    /// <returns>The event.</returns>
    public static ConsentEvent OptOut(
        WhatsAppIdentifier person,
        ConsentPurpose purpose,
        ConsentMethod method,
        ConsentEvidence? evidence = null,
        DateTimeOffset? capturedAt = null) =>
        new()
        {
            Identifier = person,
            Purpose = purpose,
            Action = ConsentAction.OptOut,
            Method = method,
            Evidence = evidence,
            CapturedAt = capturedAt,
        };

    /// <summary>An opt-out for a number in international form.</summary>
    /// <param name="number">The number with its country code.</param>
    /// <param name="purpose">The purpose, or <see cref="ConsentPurpose.All"/>.</param>
    /// <param name="method">How the person opted out.</param>
    /// <param name="evidence">Proof.</param>
    /// <param name="capturedAt">When; <see langword="null"/> for now.</param>
    /// <returns>The event.</returns>
    /// <exception cref="InvalidWhatsAppNumberException">The number is not an accepted WhatsApp number.</exception>
    public static ConsentEvent OptOut(
        string number,
        ConsentPurpose purpose,
        ConsentMethod method,
        ConsentEvidence? evidence = null,
        DateTimeOffset? capturedAt = null) =>
        OptOut(WhatsAppNumber.Parse(number), purpose, method, evidence, capturedAt);
}
