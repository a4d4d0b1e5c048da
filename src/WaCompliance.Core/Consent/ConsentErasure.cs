using WaCompliance.Privacy;

namespace WaCompliance.Consent;

/// <summary>The outcome of erasing a person from the consent ledger.</summary>
/// <param name="Subject">The pseudonymous subject that remains.</param>
/// <param name="RecordsScrubbed">How many records had personal data removed.</param>
/// <param name="ErasureRecord">The opt-out (every purpose) appended to record the erasure, without personal data.</param>
public sealed record ConsentErasure(SubjectKey Subject, int RecordsScrubbed, ConsentRecord ErasureRecord)
{
    /// <summary>The subject key of every linked identifier erased (the first is <see cref="Subject"/>).</summary>
    public IReadOnlyList<SubjectKey> Subjects { get; init; } = [Subject];

    /// <summary>The erasure record appended for each subject (the first is <see cref="ErasureRecord"/>).</summary>
    public IReadOnlyList<ConsentRecord> Records { get; init; } = [ErasureRecord];
}
