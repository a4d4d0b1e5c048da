using WaCompliance.Internal;

namespace WaCompliance.Templates;

/// <summary>
/// The values supplied when a template is sent: the body values (positional or named), the header value and the
/// button values. Checked against the template by <see cref="TemplateLinter.CheckParameters"/>.
/// </summary>
/// <remarks>
/// <para>
/// Build with <see cref="Positional"/> or <see cref="Named"/>, then <see cref="WithHeaderText"/> and
/// <see cref="WithButtonValues"/>: <c>TemplateParameters.Positional("Sam", "A-1042").WithHeaderText("A-1042")</c>.
/// </para>
/// <para>
/// Values may be personal data: this type does not override <see cref="object.ToString"/>, and the issues reported
/// about it name positions, names and lengths, never values.
/// </para>
/// </remarks>
public sealed class TemplateParameters
{
    /// <summary>Shared by every positional instance: never written to.</summary>
    private static readonly Dictionary<string, string> s_noNames = new(StringComparer.Ordinal);

    private TemplateParameters(
        TemplateParameterFormat format,
        IReadOnlyList<string> positionalValues,
        Dictionary<string, string> namedValues)
    {
        Format = format;
        PositionalValues = positionalValues;
        NamedDictionary = namedValues;
    }

    /// <summary>How the body values are given: by position or by name.</summary>
    public TemplateParameterFormat Format { get; }

    /// <summary>The body values by position: the first is <c>{{1}}</c>. Empty for named parameters.</summary>
    public IReadOnlyList<string> PositionalValues { get; }

    /// <summary>The body values by variable name (ordinal, case-sensitive). Empty for positional parameters.</summary>
    public IReadOnlyDictionary<string, string> NamedValues => NamedDictionary;

    /// <summary>The named values as their concrete type, enumerated without boxing on the decision path.</summary>
    internal Dictionary<string, string> NamedDictionary { get; }

    /// <summary>The value of the header variable, or <see langword="null"/> when the header has none.</summary>
    public string? HeaderText { get; init; }

    /// <summary>
    /// Button values by button index (the same index as <see cref="MessageTemplate.Buttons"/>): the URL suffix of a URL
    /// button with a variable or the code of a copy-code button; <see langword="null"/> for buttons that take none.
    /// </summary>
    public IReadOnlyList<string?> ButtonValues { get; init; } = [];

    /// <summary>A copy of these parameters with the header value set.</summary>
    /// <param name="headerText">The value of the header variable, or <see langword="null"/> for none.</param>
    /// <returns>The new parameters.</returns>
    public TemplateParameters WithHeaderText(string? headerText) =>
        new(Format, PositionalValues, NamedDictionary) { HeaderText = headerText, ButtonValues = ButtonValues };

    /// <summary>A copy of these parameters with the button values set.</summary>
    /// <param name="values">The values by button index; <see langword="null"/> for buttons that take none.</param>
    /// <returns>The new parameters.</returns>
    public TemplateParameters WithButtonValues(params string?[] values)
    {
        Guard.NotNull(values);
        return new(Format, PositionalValues, NamedDictionary) { HeaderText = HeaderText, ButtonValues = [.. values] };
    }

    /// <summary>Creates positional parameters.</summary>
    /// <param name="values">The body values in order: the first replaces <c>{{1}}</c>.</param>
    /// <returns>The parameters.</returns>
    public static TemplateParameters Positional(params string[] values)
    {
        Guard.NotNull(values);
        return new(TemplateParameterFormat.Positional, [.. values], s_noNames);
    }

    /// <summary>Creates named parameters.</summary>
    /// <param name="values">The body values by variable name, e.g. <c>first_name</c>.</param>
    /// <returns>The parameters.</returns>
    public static TemplateParameters Named(IReadOnlyDictionary<string, string> values)
    {
        Guard.NotNull(values);
        return new(TemplateParameterFormat.Named, [], new Dictionary<string, string>(values, StringComparer.Ordinal));
    }
}
