namespace WaCompliance.Webhooks;

/// <summary>What the keyword classifier found in a message.</summary>
/// <param name="Intent">Opt-out, opt-in, help, probable revocation or nothing.</param>
/// <param name="Purpose">For scoped keywords ("STOP MARKETING"): the purpose; otherwise every purpose.</param>
/// <param name="Keyword">The normalized keyword or phrase that matched.</param>
/// <param name="IsAffirmation">For opt-ins: whether it was a plain yes-word, which only counts after an opt-out.</param>
public sealed record KeywordMatch(KeywordIntent Intent, ConsentPurpose Purpose, string Keyword, bool IsAffirmation = false)
{
    /// <summary>No consent meaning.</summary>
    public static KeywordMatch None { get; } = new(KeywordIntent.None, ConsentPurpose.All, string.Empty);
}
