namespace WaCompliance.Consent;

/// <summary>The consent state of one person for one purpose, and the record it rests on.</summary>
/// <param name="Status">Opted in, opted out, expired or nothing recorded.</param>
/// <param name="Purpose">The purpose asked about.</param>
/// <param name="Record">The record that decides the state (the consent relied on), or <see langword="null"/> for <see cref="ConsentStatus.None"/>.</param>
public readonly record struct ConsentState(ConsentStatus Status, ConsentPurpose Purpose, ConsentRecord? Record)
{
    /// <summary>Whether messages for the purpose may rely on this consent.</summary>
    public bool IsOptedIn => Status == ConsentStatus.OptedIn;

    /// <summary>Whether the person opted out of the purpose (or of everything).</summary>
    public bool IsOptedOut => Status == ConsentStatus.OptedOut;
}
