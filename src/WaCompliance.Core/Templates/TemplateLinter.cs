using WaCompliance.Internal;

namespace WaCompliance.Templates;

/// <summary>
/// Checks message templates against WhatsApp's content limits before submission (<see cref="Lint"/>) and the values
/// supplied for a send against the template (<see cref="CheckParameters"/>). Each rule reports its own stable code
/// from <see cref="TemplateLintCodes"/>.
/// </summary>
/// <remarks>
/// <para>Lengths are counted in UTF-16 code units (<see cref="string.Length"/>), with variables as written.</para>
/// <para>
/// A body may not start or end with a variable: the first and last non-whitespace tokens are checked, so
/// <c>Your code is {{1}}.</c> passes (the period is fixed text) while <c>Your code is {{1}}</c> does not.
/// Authentication templates are exempt, since Meta's preset body itself starts with the code.
/// </para>
/// <para>
/// Positional variables must be numbered from 1 without gaps, separately in the header and the body, and a
/// positional variable may not repeat. Named variables are lower-case letters, digits and underscores.
/// </para>
/// <para>Rules marked as heuristics or policy readings in the reference (too many variables, URL shorteners) are warnings.</para>
/// </remarks>
public static class TemplateLinter
{
    /// <summary>Lints a template definition.</summary>
    /// <param name="template">The template.</param>
    /// <returns>The issues found, in component order (name, language, header, body, footer, buttons, authentication); empty when clean.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="template"/> is <see langword="null"/>.</exception>
    public static IReadOnlyList<TemplateLintIssue> Lint(MessageTemplate template)
    {
        Guard.NotNull(template);
        var issues = new TemplateLintCollector();
        TemplateIdentityRules.Check(template, issues);
        TemplateHeaderRules.Check(template, issues);
        TemplateBodyRules.Check(template, issues);
        TemplateFooterRules.Check(template, issues);
        TemplateButtonRules.Check(template, issues);
        AuthenticationTemplateRules.Check(template, issues);
        return issues.Issues;
    }

    /// <summary>Whether a template definition has no <see cref="TemplateLintSeverity.Error"/> issue (warnings allowed).</summary>
    /// <param name="template">The template.</param>
    /// <returns>Whether it is valid.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="template"/> is <see langword="null"/>.</exception>
    public static bool IsValid(MessageTemplate template) =>
        Lint(template).All(issue => issue.Severity != TemplateLintSeverity.Error);

    /// <summary>
    /// Checks the values supplied for a send against the template: format, count and names of the body values, empty
    /// values, line breaks, tabs and runs of spaces, lengths after substitution, and header and button values.
    /// The template definition itself is not linted (see <see cref="Lint"/>).
    /// </summary>
    /// <param name="template">The template being sent.</param>
    /// <param name="parameters">The values.</param>
    /// <returns>The issues found (all errors); empty when the values fit. Messages never contain the values.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IReadOnlyList<TemplateLintIssue> CheckParameters(MessageTemplate template, TemplateParameters parameters)
    {
        Guard.NotNull(template);
        Guard.NotNull(parameters);
        var issues = new TemplateLintCollector();
        TemplateParameterRules.Check(template, parameters, issues);
        return issues.Issues;
    }
}
