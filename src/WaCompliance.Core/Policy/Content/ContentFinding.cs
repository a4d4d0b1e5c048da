namespace WaCompliance.Policy.Content;

/// <summary>A category of prohibited or restricted content found in a text.</summary>
/// <param name="CategoryId">The category, e.g. <c>COM-TOBACCO</c> (rules.md §2).</param>
/// <param name="CategoryName">Its name, e.g. "Tobacco and paraphernalia".</param>
/// <param name="Action">Block or review.</param>
/// <param name="Term">The lexicon term that matched (from the lexicon, not the person's text).</param>
public sealed record ContentFinding(string CategoryId, string CategoryName, ContentAction Action, string Term);
