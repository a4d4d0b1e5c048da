namespace WaCompliance.Numbers;

/// <summary>Thrown when an input is not an accepted WhatsApp number. The message never contains the input.</summary>
public sealed class InvalidWhatsAppNumberException : FormatException
{
    /// <summary>Creates the exception from a rejected parse.</summary>
    /// <param name="result">The rejected result.</param>
    public InvalidWhatsAppNumberException(NumberParseResult result)
        : base($"{result.Code}: {result.Message}")
    {
        Reason = result.Reason;
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public InvalidWhatsAppNumberException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public InvalidWhatsAppNumberException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public InvalidWhatsAppNumberException()
    {
    }

    /// <summary>Why the input was rejected.</summary>
    public NumberRejectReason Reason { get; }

    /// <summary>The stable code of <see cref="Reason"/>.</summary>
    public string Code => Reason.ToCode();

}
