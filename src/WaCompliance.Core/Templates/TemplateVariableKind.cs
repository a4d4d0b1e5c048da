namespace WaCompliance.Templates;

/// <summary>What a brace-delimited token in template text turned out to be.</summary>
internal enum TemplateVariableKind
{
    /// <summary>A numbered variable: <c>{{1}}</c>.</summary>
    Positional,

    /// <summary>A named variable: <c>{{first_name}}</c> (the name's charset is checked separately).</summary>
    Named,

    /// <summary>Not a valid variable: bad characters inside the braces or unbalanced braces.</summary>
    Malformed,
}
