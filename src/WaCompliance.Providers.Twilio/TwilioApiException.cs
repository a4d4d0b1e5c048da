using WaCompliance.Gateways;

namespace WaCompliance.Providers.Twilio;

/// <summary>Thrown by the Twilio template client when the Content API answers with an error.</summary>
public sealed class TwilioApiException : Exception
{
    /// <summary>Creates the exception from the mapped error.</summary>
    /// <param name="error">The error in the common vocabulary, with Twilio's code, message and HTTP status.</param>
    /// <param name="message">What was being done.</param>
    public TwilioApiException(ProviderError error, string message)
        : base($"{message}: {error?.Code} (Twilio code {error?.ProviderCode ?? "none"}, HTTP {error?.HttpStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}) {error?.Message}".TrimEnd())
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    /// <summary>Creates the exception.</summary>
    public TwilioApiException()
        : this("The Twilio API answered with an error.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public TwilioApiException(string message)
        : base(message)
    {
        Error = new ProviderError(ProviderErrorKind.Unknown, null, message);
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public TwilioApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = new ProviderError(ProviderErrorKind.Unknown, null, message);
    }

    /// <summary>The error in the common vocabulary, with Twilio's code and the HTTP status.</summary>
    public ProviderError Error { get; }
}
