namespace WaCompliance.Consent;

/// <summary>One problem found by ledger verification.</summary>
/// <param name="Sequence">Where: the sequence number concerned.</param>
/// <param name="Kind">What kind of tampering or damage it shows.</param>
/// <param name="Message">A human explanation.</param>
public sealed record LedgerProblem(long Sequence, LedgerProblemKind Kind, string Message);
