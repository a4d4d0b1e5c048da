namespace WaCompliance.Policy.Content;

/// <summary>
/// Screens message text for content WhatsApp's Commerce and Business Messaging policies prohibit or restrict.
/// Replace the default lexicon screener by registering another implementation (e.g. a classifier service).
/// </summary>
public interface IContentScreener
{
    /// <summary>Screens one text.</summary>
    /// <param name="text">The text a person would read.</param>
    /// <returns>The categories found; empty when clean.</returns>
    IReadOnlyList<ContentFinding> Screen(string text);
}
