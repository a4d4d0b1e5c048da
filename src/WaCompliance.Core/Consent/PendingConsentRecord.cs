using WaCompliance.Identities;

namespace WaCompliance.Consent;

/// <summary>
/// A validated consent record waiting for its place in the chain. A store seals it with
/// <see cref="ConsentChain.Seal"/> under its write lock, after its current head.
/// </summary>
/// <param name="Draft">Every field of the record except <c>Sequence</c>, <c>PreviousHash</c> and <c>Hash</c>.</param>
/// <param name="Identifier">The identifier the event came through, so in-memory stores can index by it; <see langword="null"/> for events without personal data (erasure).</param>
public sealed record PendingConsentRecord(ConsentRecord Draft, WhatsAppIdentifier? Identifier);
