namespace WaCompliance.Templates;

/// <summary>One problem found by <see cref="TemplateLinter"/> in a template definition or in send-time parameters.</summary>
/// <param name="Code">The stable code of the rule, one of <see cref="TemplateLintCodes"/>.</param>
/// <param name="Message">
/// A human explanation naming the component and the limit, e.g. <c>Button 3 label has 31 characters; at most 25.</c>
/// Messages about send-time parameters never contain the parameter values, only their positions, names and lengths.
/// </param>
/// <param name="Component">
/// Where the problem is: <c>name</c>, <c>language</c>, <c>header</c>, <c>body</c>, <c>footer</c>, <c>buttons</c>
/// (the button list as a whole), <c>buttons[2]</c> (one button, counted from 0) or <c>code_expiration_minutes</c>.
/// </param>
/// <param name="Severity">Whether the problem is an error or a warning.</param>
public sealed record TemplateLintIssue(string Code, string Message, string Component, TemplateLintSeverity Severity);
