using System.Runtime.CompilerServices;
using WaCompliance.Policy.Rules;

namespace WaCompliance.Templates;

/// <summary>
/// What the send-time checks need to know about a template, worked out once per template instance: its variables by
/// component and whether its fixed text tells people how to unsubscribe. Templates are immutable records, so an
/// instance's shape never changes; instances dropped by the catalog are collected with their shapes.
/// </summary>
internal sealed class TemplateShape
{
    private static readonly ConditionalWeakTable<MessageTemplate, TemplateShape> s_shapes = [];

    private TemplateShape(MessageTemplate template)
    {
        Body = template.Body ?? string.Empty;
        var style = template.ParameterFormat == TemplateParameterFormat.Positional ? TemplateVariableKind.Positional : TemplateVariableKind.Named;
        BodyVariables = [.. TemplateVariableScanner.Scan(Body).Where(v => v.Kind == style)];
        PositionalCount = style == TemplateVariableKind.Positional && BodyVariables.Length > 0 ? BodyVariables.Max(v => v.Number) : 0;
        NamedVariables = [.. BodyVariables.DistinctBy(v => v.Key, StringComparer.Ordinal)];
        NamedKeys = NamedVariables.Select(v => v.Key).ToHashSet(StringComparer.Ordinal);
        HeaderText = template.Header is { Format: TemplateHeaderFormat.Text } header ? header.Text ?? string.Empty : string.Empty;
        HeaderVariables = [.. TemplateVariableScanner.Scan(HeaderText).Where(v => v.IsWellFormed)];
        var buttons = template.Buttons ?? [];
        UrlButtonHasVariable = [.. buttons.Select(b => b.Type == TemplateButtonType.Url && TemplateVariableScanner.Scan(b.Url).Any(v => v.IsWellFormed))];
        HasUnsubscribeNotice = UnsubscribeNoticeRule.MentionsUnsubscribe(template.Body)
            || UnsubscribeNoticeRule.MentionsUnsubscribe(template.Footer)
            || buttons.Any(b => UnsubscribeNoticeRule.MentionsUnsubscribe(b.Text));
    }

    /// <summary>The body text.</summary>
    public string Body { get; }

    /// <summary>The body variables of the template's own style (positional or named), in order, repeats included.</summary>
    public TemplateVariable[] BodyVariables { get; }

    /// <summary>For positional templates, the highest variable number: the count of values expected.</summary>
    public int PositionalCount { get; }

    /// <summary>For named templates, the distinct variables in order of first use.</summary>
    public TemplateVariable[] NamedVariables { get; }

    /// <summary>The names of <see cref="NamedVariables"/>.</summary>
    public HashSet<string> NamedKeys { get; }

    /// <summary>The text of a text header, or empty.</summary>
    public string HeaderText { get; }

    /// <summary>The well-formed variables of a text header.</summary>
    public TemplateVariable[] HeaderVariables { get; }

    /// <summary>By button index: whether it is a URL button whose URL has a variable.</summary>
    public bool[] UrlButtonHasVariable { get; }

    /// <summary>Whether the body, footer or a button already tells people how to unsubscribe.</summary>
    public bool HasUnsubscribeNotice { get; }

    /// <summary>The shape of a template, computed on first use.</summary>
    /// <param name="template">The template.</param>
    /// <returns>Its shape.</returns>
    public static TemplateShape Of(MessageTemplate template) =>
        s_shapes.TryGetValue(template, out var shape) ? shape : s_shapes.GetValue(template, static t => new TemplateShape(t));
}
