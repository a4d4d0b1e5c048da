namespace WaCompliance.Conformance;

/// <summary>
/// Text that a store's encoding layer can damage without anyone noticing: byte order marks (which UTF-16 binding
/// strips or reads as "swap the bytes"), noncharacters, bidirectional controls, astral characters, combining marks
/// without a base. Every store must give each of them back exactly as it was given, character for character.
/// </summary>
public static class HostileText
{
    /// <summary>Well-formed strings (every surrogate paired) that every store keeps exactly.</summary>
    public static readonly string[] Strings =
    [
        "\uFEFFSTOP",               // a byte order mark first: UTF-16 binding strips it
        "\uFFFEx",                  // a reversed byte order mark first: UTF-16 binding byte-swaps what follows
        "\uFEFF",                   // nothing but a byte order mark
        "STOP\uFEFF\uFFFE",         // byte order marks last
        "\u202Eabc\u202C",          // right-to-left override … pop directional formatting
        "\u200F\u061C\u2066x\u2069", // right-to-left mark, Arabic letter mark, isolates
        "😀𝔸",                      // astral characters (surrogate pairs)
        "\uFDD0\uFDEF\uFFFF",       // noncharacters
        "\U0010FFFF\U0001FFFE",     // astral noncharacters
        "\u0301e",                  // a combining mark with no base: never normalized
        "e\u0301 é",                // decomposed and precomposed é, kept apart
        "\u00A0\u2028\u2029\u0085x", // no-break space, line and paragraph separators, next line
    ];

    /// <summary><see cref="Strings"/> as theory data.</summary>
    public static TheoryData<string> Data => new(Strings);

    /// <summary>
    /// Strings no store can keep as given: a NUL (PostgreSQL text cannot hold it) and unpaired surrogates (UTF-8 cannot
    /// encode them). An API either refuses them with a specific error or replaces the bad characters with U+FFFD
    /// before any store sees them, the same way for every store.
    /// </summary>
    public static readonly string[] Unkeepable = ["a\0b", "x\uD800y", "\uDC00", "\uD83D"];

    /// <summary>
    /// Indexes into <see cref="Unkeepable"/> as theory data: xunit carries theory data as UTF-8, which would turn an
    /// unpaired surrogate into U+FFFD before the test saw it.
    /// </summary>
    public static TheoryData<int> UnkeepableData => new(Enumerable.Range(0, Unkeepable.Length));

    /// <summary>What the cleaning APIs keep of an unkeepable string: each NUL and unpaired surrogate replaced by U+FFFD.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The cleaned text.</returns>
    public static string Cleaned(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            var paired = (char.IsHighSurrogate(c) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
                || (char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(text[i - 1]));
            if (c == '\0' || (char.IsSurrogate(c) && !paired))
            {
                chars[i] = '\uFFFD';
            }
        }

        return new string(chars);
    }

    /// <summary>The UTF-16 code units of a string, for assertion messages that show what changed.</summary>
    /// <param name="text">The text.</param>
    /// <returns>E.g. <c>FEFF 0053</c>.</returns>
    public static string CodeUnits(string? text) =>
        text is null ? "(null)" : string.Join(' ', text.Select(c => ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)));
}
