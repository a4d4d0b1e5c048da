namespace WaCompliance.Consent;

/// <summary>The result of verifying the consent ledger's hash chain.</summary>
/// <param name="RecordsChecked">How many records were read.</param>
/// <param name="Head">The last record read: take it as a checkpoint for the next verification.</param>
/// <param name="ProblemCount">How many problems were found (all of them, even beyond <see cref="Problems"/>).</param>
/// <param name="Problems">The first problems found, in ledger order.</param>
public sealed record LedgerVerificationResult(
    long RecordsChecked,
    LedgerCheckpoint Head,
    long ProblemCount,
    IReadOnlyList<LedgerProblem> Problems)
{
    /// <summary>Whether the ledger is intact.</summary>
    public bool IsValid => ProblemCount == 0;
}
