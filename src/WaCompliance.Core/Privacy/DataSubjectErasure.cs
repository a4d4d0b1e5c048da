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
    bool OverrideRemoved);
