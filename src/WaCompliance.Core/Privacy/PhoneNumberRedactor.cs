using Microsoft.Extensions.Compliance.Redaction;
using WaCompliance.Numbers;

namespace WaCompliance.Privacy;

/// <summary>
/// A <see cref="Redactor"/> that replaces a phone number with the short form of its subject key (<c>sk:</c> and 12 hex
/// characters), so log lines about one person can be correlated with the ledger without revealing the number.
/// Register it for <see cref="WaComplianceDataClassifications.PhoneNumber"/> with Microsoft.Extensions.Compliance.Redaction.
/// </summary>
public sealed class PhoneNumberRedactor : Redactor
{
    private const int RedactedLength = 15;
    private const string Unparseable = "sk:unparseable";

    private readonly ISubjectKeyProvider _keys;

    /// <summary>Creates the redactor.</summary>
    /// <param name="keys">The subject key provider (holding the pepper).</param>
    public PhoneNumberRedactor(ISubjectKeyProvider keys)
    {
        _keys = keys ?? throw new ArgumentNullException(nameof(keys));
    }

    /// <inheritdoc />
    public override int GetRedactedLength(ReadOnlySpan<char> input) => RedactedLength;

    /// <inheritdoc />
    public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
    {
        var text = RedactNumber(source.ToString());
        text.AsSpan().CopyTo(destination);
        return text.Length;
    }

    // Text that is not a number becomes "sk:unparseable" (padded), so the output length is fixed.
    private string RedactNumber(string input)
    {
        var result = WhatsAppNumberParser.Default.Parse(input);
        var text = result.IsValid ? _keys.GetKey(result.Number).ToShortString() : Unparseable;
        return text.PadRight(RedactedLength, '-');
    }
}
