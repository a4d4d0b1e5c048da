using System.Globalization;
using System.Text;

namespace WaCompliance.Policy.Content;

/// <summary>
/// The default <see cref="IContentScreener"/>: a word and phrase lexicon per category of WhatsApp's Commerce Policy.
/// Text is normalized first (Unicode compatibility forms such as full-width letters folded, case folded, diacritics
/// and punctuation removed), then matched on whole words, so "ammo" matches but "ammonia" does not.
/// </summary>
public sealed class LexiconContentScreener : IContentScreener
{
    private const int MaxPhraseWords = 5;
    private readonly Dictionary<string, ContentFinding> _terms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ContentFinding>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    /// <summary>Creates the screener with the built-in lexicon.</summary>
    public LexiconContentScreener()
        : this(ContentLexicon.Categories)
    {
    }

    /// <summary>Creates the screener with a lexicon of the application's own.</summary>
    /// <param name="categories">Categories with their action and terms (any case; normalized here).</param>
    public LexiconContentScreener(IEnumerable<(string Id, string Name, ContentAction Action, string[] Terms)> categories)
    {
        ArgumentNullException.ThrowIfNull(categories);
        foreach (var (id, name, action, terms) in categories)
        {
            foreach (var term in terms)
            {
                var normalized = Normalize(term);
                if (normalized.Length == 0 || normalized.Split(' ').Length > MaxPhraseWords)
                {
                    throw new ArgumentException($"Lexicon term '{term}' of {id} must have 1 to {MaxPhraseWords} words.", nameof(categories));
                }

                _terms.TryAdd(normalized, new ContentFinding(id, name, action, normalized));
            }
        }

        _lookup = _terms.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <inheritdoc />
    public IReadOnlyList<ContentFinding> Screen(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var normalized = Normalize(text);
        List<ContentFinding>? found = null;
        var span = normalized.AsSpan();
        var start = 0;
        while (start < span.Length)
        {
            // At each word start, try phrases of one to MaxPhraseWords words.
            var end = start;
            for (var words = 1; words <= MaxPhraseWords && end < span.Length; words++)
            {
                var space = span[end..].IndexOf(' ');
                end = space < 0 ? span.Length : end + space;
                if (_lookup.TryGetValue(span[start..end], out var finding)
                    && (found is null || !found.Exists(f => f.CategoryId == finding.CategoryId)))
                {
                    (found ??= []).Add(finding);
                }

                end++;
            }

            var next = span[start..].IndexOf(' ');
            if (next < 0)
            {
                break;
            }

            start += next + 1;
        }

        return found ?? (IReadOnlyList<ContentFinding>)[];
    }

    /// <summary>Normalizes text for matching: compatibility forms folded, lower case, no diacritics, words separated by single spaces.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The normalized text.</returns>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decomposed = System.Text.Ascii.IsValid(text) ? text : text.Normalize(NormalizationForm.FormKD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                pendingSpace = false;
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) is not (UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.SpacingCombiningMark))
            {
                pendingSpace = true;
            }
        }

        return builder.ToString();
    }
}
