using System.Diagnostics.CodeAnalysis;

namespace WaCompliance.Numbers;

/// <summary>The outcome of parsing one input: a <see cref="WhatsAppNumber"/>, or the reason it was rejected.</summary>
/// <remarks>The message never repeats the input, so results can be logged.</remarks>
public readonly struct NumberParseResult
{
    private NumberParseResult(WhatsAppNumber number, NumberRejectReason reason, string? detail)
    {
        Number = number;
        Reason = reason;
        Detail = detail;
    }

    /// <summary>Whether the input is an accepted WhatsApp number.</summary>
    [MemberNotNullWhen(false, nameof(Message))]
    public bool IsValid => Reason == NumberRejectReason.None;

    /// <summary>The number; the default value when rejected.</summary>
    public WhatsAppNumber Number { get; }

    /// <summary>Why the input was rejected, or <see cref="NumberRejectReason.None"/>.</summary>
    public NumberRejectReason Reason { get; }

    /// <summary>The stable code of <see cref="Reason"/>, e.g. <c>NUMBER_TOO_SHORT</c>; <see langword="null"/> when valid.</summary>
    public string? Code => IsValid ? null : Reason.ToCode();

    private string? Detail { get; }

    /// <summary>A human explanation of the rejection, without the input itself; <see langword="null"/> when valid.</summary>
    public string? Message => Reason switch
    {
        NumberRejectReason.None => null,
        NumberRejectReason.Empty => "The phone number is empty.",
        NumberRejectReason.NotANumber => Detail ?? "The input does not look like a phone number.",
        NumberRejectReason.TooShort => "The phone number has too few digits for its country.",
        NumberRejectReason.TooLong => "The phone number has too many digits for its country.",
        NumberRejectReason.InvalidForRegion => "The digits do not form a phone number in use in its country.",
        NumberRejectReason.UnknownRegion => Detail ?? "The country of the phone number cannot be determined.",
        NumberRejectReason.HasExtension => "The phone number has an extension; WhatsApp numbers have none.",
        _ => Reason.ToString(),
    };

    internal static NumberParseResult Success(WhatsAppNumber number) => new(number, NumberRejectReason.None, null);

    internal static NumberParseResult Reject(NumberRejectReason reason, string? detail = null) =>
        new(default, reason, detail);

    /// <inheritdoc />
    public override string ToString() => IsValid ? "valid" : $"{Code}: {Message}";
}
