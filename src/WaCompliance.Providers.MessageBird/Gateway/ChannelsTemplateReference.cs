using System.Diagnostics.CodeAnalysis;

namespace WaCompliance.Providers.MessageBird;

/// <summary>A Bird Studio template project reference: <c>projectId</c> or <c>projectId:version</c>.</summary>
/// <param name="ProjectId">The project id.</param>
/// <param name="Version">The project version, or <see langword="null"/> for the one Bird picks.</param>
internal readonly record struct ChannelsTemplateReference(string ProjectId, string? Version)
{
    public static bool TryParse([NotNullWhen(true)] string? text, out ChannelsTemplateReference reference)
    {
        reference = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var project = (colon < 0 ? text : text[..colon]).Trim();
        var version = colon < 0 ? null : text[(colon + 1)..].Trim();
        if (project.Length == 0 || version is { Length: 0 } || project.AsSpan().IndexOfAny("/?#: ") >= 0 || (version is not null && version.AsSpan().IndexOfAny("/?#: ") >= 0))
        {
            return false;
        }

        reference = new ChannelsTemplateReference(project, version);
        return true;
    }
}
