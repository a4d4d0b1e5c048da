namespace WaCompliance.Consent;

/// <summary>
/// The head of the ledger at a moment: its last sequence number and hash. Keep checkpoints somewhere the ledger's
/// store cannot change them; verifying against one also detects records removed from the end.
/// </summary>
/// <param name="Sequence">The last sequence number (0 for an empty ledger).</param>
/// <param name="Hash">The hash of that record (64 zeros for an empty ledger).</param>
public readonly record struct LedgerCheckpoint(long Sequence, string Hash)
{
    /// <summary>The checkpoint of an empty ledger.</summary>
    public static LedgerCheckpoint Empty { get; } = new(0, ConsentChain.GenesisHash);
}
