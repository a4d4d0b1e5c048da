namespace WaCompliance.Consent;

/// <summary>What is wrong with a ledger at one place.</summary>
public enum LedgerProblemKind
{
    /// <summary>A record's fields do not match its hash.</summary>
    Altered = 1,

    /// <summary>A record does not link to the one before it.</summary>
    BrokenLink,

    /// <summary>Sequence numbers skip: records were deleted.</summary>
    Missing,

    /// <summary>Sequence numbers repeat or go backwards: records were duplicated, inserted or reordered.</summary>
    OutOfOrder,

    /// <summary>Personal data beside the chain does not match the digest the chain holds.</summary>
    PersonalDataAltered,

    /// <summary>The ledger is shorter than a checkpoint says it was.</summary>
    Truncated,

    /// <summary>The record at a checkpoint's sequence has another hash: history was rewritten.</summary>
    CheckpointMismatch,
}
