namespace WaCompliance.Privacy;

/// <summary>What an erasure removed, and the pseudonymous key that stays suppressed.</summary>
/// <param name="Subject">The subject key that stays on the suppression list.</param>
/// <param name="ConsentRecordsScrubbed">Consent records whose personal data was removed.</param>
/// <param name="WindowsRemoved">Conversation windows deleted.</param>
/// <param name="CounterEntriesRemoved">Message counter entries deleted.</param>
/// <param name="OverrideRemoved">Whether a jurisdiction override was deleted.</param>
public sealed record DataSubjectErasure(
    SubjectKey Subject,
    int ConsentRecordsScrubbed,
    int WindowsRemoved,
    int CounterEntriesRemoved,
    bool OverrideRemoved)
{
    /// <summary>The subject key of every identifier of the person (the one asked about and every linked one), each now suppressed.</summary>
    public IReadOnlyList<SubjectKey> Subjects { get; init; } = [Subject];

    /// <summary>How many identity links were deleted (links are personal data; each identifier keeps its pseudonymous suppression).</summary>
    public int LinksRemoved { get; init; }

    /// <summary>How many webhook dead letters naming the person were deleted.</summary>
    public int DeadLettersRemoved { get; init; }
}
