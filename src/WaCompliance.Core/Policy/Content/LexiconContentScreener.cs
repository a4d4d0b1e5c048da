using System.Buffers;
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

    /// <summary>The largest text normalized on the stack; longer texts use a pooled buffer.</summary>
    internal const int StackLimit = 256;
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

        var decomposed = Decompose(text);
        char[]? rented = null;
        var buffer = decomposed.Length <= StackLimit
            ? stackalloc char[StackLimit]
            : (rented = ArrayPool<char>.Shared.Rent(decomposed.Length));
        try
        {
            return Find(buffer[..NormalizeInto(decomposed, buffer)]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Normalizes text for matching: compatibility forms folded, lower case, no diacritics, words separated by single spaces.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The normalized text.</returns>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decomposed = Decompose(text);
        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(decomposed.Length, 1));
        try
        {
            return new string(buffer, 0, NormalizeInto(decomposed, buffer));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>The text in Unicode compatibility decomposition (the text itself when it is ASCII).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The decomposed text, no longer than a buffer for <see cref="NormalizeInto"/> must be.</returns>
    internal static string Decompose(string text) => Ascii.IsValid(text) ? text : text.Normalize(NormalizationForm.FormKD);

    /// <summary>Writes the normalized form of decomposed text (see <see cref="Normalize"/>); never longer than the input.</summary>
    /// <param name="decomposed">Text from <see cref="Decompose"/>.</param>
    /// <param name="destination">At least as long as <paramref name="decomposed"/>.</param>
    /// <returns>The number of characters written.</returns>
    internal static int NormalizeInto(ReadOnlySpan<char> decomposed, Span<char> destination)
    {
        var length = 0;
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && length > 0)
                {
                    destination[length++] = ' ';
                }

                pendingSpace = false;
                destination[length++] = char.ToLowerInvariant(c);
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) is not (UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.SpacingCombiningMark))
            {
                pendingSpace = true;
            }
        }

        return length;
    }

    /// <summary>Whether normalized text contains a normalized phrase as whole words.</summary>
    /// <param name="normalized">Normalized text.</param>
    /// <param name="phrase">A normalized phrase, e.g. <c>opt out</c>.</param>
    /// <returns><see langword="true"/> if it does.</returns>
    internal static bool ContainsWords(ReadOnlySpan<char> normalized, string phrase)
    {
        var from = 0;
        while (from < normalized.Length)
        {
            var at = normalized[from..].IndexOf(phrase, StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }

            at += from;
            var end = at + phrase.Length;
            if ((at == 0 || normalized[at - 1] == ' ') && (end == normalized.Length || normalized[end] == ' '))
            {
                return true;
            }

            from = at + 1;
        }

        return false;
    }

    private static bool HasCategory(List<ContentFinding>? found, string categoryId)
    {
        if (found is null)
        {
            return false;
        }

        foreach (var finding in found)
        {
            if (string.Equals(finding.CategoryId, categoryId, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private IReadOnlyList<ContentFinding> Find(ReadOnlySpan<char> span)
    {
        List<ContentFinding>? found = null;
        var start = 0;
        while (start < span.Length)
        {
            // At each word start, try phrases of one to MaxPhraseWords words.
            var end = start;
            for (var words = 1; words <= MaxPhraseWords && end < span.Length; words++)
            {
                var space = span[end..].IndexOf(' ');
                end = space < 0 ? span.Length : end + space;
                if (_lookup.TryGetValue(span[start..end], out var finding) && !HasCategory(found, finding.CategoryId))
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
}
