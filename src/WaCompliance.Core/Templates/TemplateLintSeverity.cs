namespace WaCompliance.Templates;

/// <summary>How serious a <see cref="TemplateLintIssue"/> is.</summary>
public enum TemplateLintSeverity
{
    /// <summary>
    /// Likely to cause a rejection but based on a heuristic or policy reading rather than a hard limit; the template
    /// may still be submitted or sent.
    /// </summary>
    Warning = 1,

    /// <summary>Breaks a documented limit: Meta rejects the template at review or the message at send time.</summary>
    Error,
}
