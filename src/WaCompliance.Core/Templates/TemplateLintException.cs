namespace WaCompliance.Templates;

/// <summary>Thrown when a template with lint errors is about to be submitted.</summary>
public sealed class TemplateLintException : InvalidOperationException
{
    /// <summary>Creates the exception from the issues found.</summary>
    /// <param name="issues">The lint issues (errors and warnings).</param>
    public TemplateLintException(IReadOnlyList<TemplateLintIssue> issues)
        : base(Describe(issues))
    {
        Issues = issues;
    }

    /// <summary>Creates the exception.</summary>
    public TemplateLintException()
        : this([])
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public TemplateLintException(string message)
        : base(message)
    {
        Issues = [];
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public TemplateLintException(string message, Exception innerException)
        : base(message, innerException)
    {
        Issues = [];
    }

    /// <summary>The issues found.</summary>
    public IReadOnlyList<TemplateLintIssue> Issues { get; }

    private static string Describe(IReadOnlyList<TemplateLintIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        var errors = issues.Where(i => i.Severity == TemplateLintSeverity.Error).ToArray();
        return errors.Length == 0
            ? "The template has lint errors."
            : $"The template has {errors.Length} lint error(s): " + string.Join("; ", errors.Select(e => $"{e.Code}: {e.Message}"));
    }
}
