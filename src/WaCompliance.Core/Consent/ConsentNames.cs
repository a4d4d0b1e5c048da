namespace WaCompliance.Consent;

/// <summary>
/// The stable text names of consent enumerations, used in the hash chain, in stores and in exports. They never
/// change once published, whatever the enumeration members are called.
/// </summary>
public static class ConsentNames
{
    /// <summary>The name of an action: <c>opt_in</c> or <c>opt_out</c>.</summary>
    /// <param name="action">The action.</param>
    /// <returns>The stable name.</returns>
    public static string Of(ConsentAction action) => action switch
    {
        ConsentAction.OptIn => "opt_in",
        ConsentAction.OptOut => "opt_out",
        _ => throw Undefined(action),
    };

    /// <summary>The name of a method, e.g. <c>web_form</c>.</summary>
    /// <param name="method">The method.</param>
    /// <returns>The stable name.</returns>
    public static string Of(ConsentMethod method) => method switch
    {
        ConsentMethod.WebForm => "web_form",
        ConsentMethod.Checkbox => "checkbox",
        ConsentMethod.Keyword => "keyword",
        ConsentMethod.InboundMessage => "inbound_message",
        ConsentMethod.ButtonReply => "button_reply",
        ConsentMethod.Verbal => "verbal",
        ConsentMethod.Paper => "paper",
        ConsentMethod.Import => "import",
        ConsentMethod.Api => "api",
        ConsentMethod.PlatformSignal => "platform_signal",
        ConsentMethod.ProviderError => "provider_error",
        ConsentMethod.DataSubjectRequest => "data_subject_request",
        _ => throw Undefined(method),
    };

    /// <summary>The name of a consent type, e.g. <c>express</c>.</summary>
    /// <param name="type">The type.</param>
    /// <returns>The stable name.</returns>
    public static string Of(ConsentType type) => type switch
    {
        ConsentType.Express => "express",
        ConsentType.ExpressWritten => "express_written",
        ConsentType.Implied => "implied",
        ConsentType.Inferred => "inferred",
        ConsentType.Deemed => "deemed",
        _ => throw Undefined(type),
    };

    /// <summary>The name of a lawful basis, e.g. <c>consent</c>.</summary>
    /// <param name="basis">The basis.</param>
    /// <returns>The stable name.</returns>
    public static string Of(LawfulBasis basis) => basis switch
    {
        LawfulBasis.Consent => "consent",
        LawfulBasis.SoftOptIn => "soft_opt_in",
        LawfulBasis.LegitimateInterest => "legitimate_interest",
        LawfulBasis.Contract => "contract",
        LawfulBasis.LegalObligation => "legal_obligation",
        _ => throw Undefined(basis),
    };

    /// <summary>Reads an action name.</summary>
    /// <param name="name">The stable name.</param>
    /// <returns>The action.</returns>
    public static ConsentAction ParseAction(string name) => Parse<ConsentAction>(name, Of);

    /// <summary>Reads a method name.</summary>
    /// <param name="name">The stable name.</param>
    /// <returns>The method.</returns>
    public static ConsentMethod ParseMethod(string name) => Parse<ConsentMethod>(name, Of);

    /// <summary>Reads a consent type name.</summary>
    /// <param name="name">The stable name.</param>
    /// <returns>The type.</returns>
    public static ConsentType ParseConsentType(string name) => Parse<ConsentType>(name, Of);

    /// <summary>Reads a lawful basis name.</summary>
    /// <param name="name">The stable name.</param>
    /// <returns>The basis.</returns>
    public static LawfulBasis ParseLawfulBasis(string name) => Parse<LawfulBasis>(name, Of);

    private static T Parse<T>(string name, Func<T, string> nameOf)
        where T : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var value in Enum.GetValues<T>())
        {
            if (string.Equals(nameOf(value), name, StringComparison.Ordinal))
            {
                return value;
            }
        }

        throw new FormatException($"'{name}' is not a known {typeof(T).Name} name.");
    }

    private static ArgumentOutOfRangeException Undefined<T>(T value)
        where T : struct, Enum =>
        new(typeof(T).Name, value, $"{value} is not a defined {typeof(T).Name}.");
}
