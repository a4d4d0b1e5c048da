namespace WaCompliance.Consent;

/// <summary>The outcome of recording many consent events: what was recorded, and each event refused with its reason.</summary>
/// <param name="Recorded">The records, in the order of the accepted events.</param>
/// <param name="Rejected">The refused events: their index in the input and why.</param>
public sealed record ConsentBatchResult(IReadOnlyList<ConsentRecord> Recorded, IReadOnlyList<ConsentBatchRejection> Rejected)
{
    /// <summary>Whether every event was recorded.</summary>
    public bool AllRecorded => Rejected.Count == 0;
}

/// <summary>An event of a batch that was not recorded.</summary>
/// <param name="Index">Its position in the input, from 0.</param>
/// <param name="Code">The stable code, e.g. <c>CONSENT_CAPTURED_IN_FUTURE</c>.</param>
/// <param name="Message">A human explanation.</param>
public sealed record ConsentBatchRejection(int Index, string Code, string Message);
