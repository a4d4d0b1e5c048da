using System.Globalization;

namespace WaCompliance.Templates;

/// <summary>A variable (or something that tried to be one) found in template text by <see cref="TemplateVariableScanner"/>.</summary>
/// <param name="Kind">Positional, named or malformed.</param>
/// <param name="Start">Where the token starts in the text (0-based).</param>
/// <param name="Length">The token's length, braces included.</param>
/// <param name="Content">The text between the braces: <c>1</c>, <c>first_name</c>; empty for an unbalanced brace.</param>
/// <param name="Number">For positional variables: the number; otherwise 0.</param>
/// <param name="Problem">For malformed tokens: what is wrong, phrased to follow "it ..."; otherwise <see langword="null"/>.</param>
internal readonly record struct TemplateVariable(
    TemplateVariableKind Kind,
    int Start,
    int Length,
    string Content,
    int Number = 0,
    string? Problem = null)
{
    /// <summary>Where the token ends (exclusive).</summary>
    public int End => Start + Length;

    /// <summary>Whether the token is a usable variable (positional or named).</summary>
    public bool IsWellFormed => Kind != TemplateVariableKind.Malformed;

    /// <summary>The key of the variable in examples and named parameters: the content between the braces.</summary>
    public string Key => Content;

    /// <summary>The variable as written, e.g. <c>{{1}}</c>.</summary>
    public string Display => "{{" + Content + "}}";

    /// <summary>A positional variable as written.</summary>
    /// <param name="number">The number.</param>
    /// <returns>E.g. <c>{{2}}</c>.</returns>
    public static string DisplayNumber(int number) => "{{" + number.ToString(CultureInfo.InvariantCulture) + "}}";
}
