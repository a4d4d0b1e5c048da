namespace WaCompliance.Consent;

/// <summary>Thrown when a consent event cannot be recorded as given; <see cref="Code"/> says why.</summary>
public sealed class ConsentValidationException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">The stable code, e.g. <c>CONSENT_CAPTURED_IN_FUTURE</c>.</param>
    /// <param name="message">A human explanation.</param>
    /// <param name="paramName">The field at fault.</param>
    public ConsentValidationException(string code, string message, string? paramName = null)
        : base(message, paramName)
    {
        Code = code;
    }

    /// <summary>Creates the exception.</summary>
    public ConsentValidationException()
        : this("CONSENT_INVALID", "The consent event is invalid.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">A human explanation.</param>
    public ConsentValidationException(string message)
        : this("CONSENT_INVALID", message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">A human explanation.</param>
    /// <param name="innerException">The cause.</param>
    public ConsentValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "CONSENT_INVALID";
    }

    /// <summary>The stable code of the problem.</summary>
    public string Code { get; } = "CONSENT_INVALID";
}
