using System.Globalization;

namespace WaCompliance.Templates;

/// <summary>Gathers the issues of one lint or parameter check; messages are formatted with the invariant culture.</summary>
internal sealed class TemplateLintCollector
{
    private List<TemplateLintIssue>? _issues;

    /// <summary>The issues so far.</summary>
    public IReadOnlyList<TemplateLintIssue> Issues => _issues ?? (IReadOnlyList<TemplateLintIssue>)[];

    /// <summary>Adds an error.</summary>
    /// <param name="code">One of <see cref="TemplateLintCodes"/>.</param>
    /// <param name="component">Where.</param>
    /// <param name="message">What, with the limit.</param>
    public void Error(string code, string component, FormattableString message) =>
        Add(code, component, message, TemplateLintSeverity.Error);

    /// <summary>Adds a warning.</summary>
    /// <param name="code">One of <see cref="TemplateLintCodes"/>.</param>
    /// <param name="component">Where.</param>
    /// <param name="message">What, with the limit.</param>
    public void Warning(string code, string component, FormattableString message) =>
        Add(code, component, message, TemplateLintSeverity.Warning);

    private void Add(string code, string component, FormattableString message, TemplateLintSeverity severity) =>
        (_issues ??= []).Add(new(code, message.ToString(CultureInfo.InvariantCulture), component, severity));
}
