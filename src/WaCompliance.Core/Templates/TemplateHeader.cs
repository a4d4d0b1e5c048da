namespace WaCompliance.Templates;

/// <summary>A template header.</summary>
/// <param name="Format">Text or a media kind.</param>
/// <param name="Text">For text headers: the text, with at most one variable.</param>
public sealed record TemplateHeader(TemplateHeaderFormat Format, string? Text = null)
{
    /// <summary>A sample value for the header variable, or a sample media handle or URL (required at submission).</summary>
    public string? Example { get; init; }
}
