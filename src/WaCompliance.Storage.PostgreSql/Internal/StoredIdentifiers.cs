using System.Collections.Concurrent;
using WaCompliance.Identities;
using WaCompliance.Numbers;

namespace WaCompliance.Storage.PostgreSql.Internal;

/// <summary>
/// Reads back what the stores write as text: identifiers in their stored form (<see cref="WhatsAppIdentifier.Value"/>:
/// an E.164 number of any line type, or a business-scoped user ID) and business numbers as E.164. Both are read with
/// <see cref="WhatsAppIdentifier.Parse"/>, never with a recipient parser and its line-type rules, so every identifier a
/// store wrote is read back (fixed-line, toll-free and numbers libphonenumber's metadata does not know included).
/// </summary>
internal static class StoredIdentifiers
{
    private const int MaxCached = 10_000;

    // A database holds few business numbers: each is parsed once.
    private static readonly ConcurrentDictionary<string, WhatsAppNumber> s_businessNumbers = new(StringComparer.Ordinal);

    /// <summary>Parses a stored business number.</summary>
    /// <param name="e164">The stored text.</param>
    /// <returns>The number.</returns>
    /// <exception cref="InvalidDataException">The text is not an E.164 number.</exception>
    public static WhatsAppNumber BusinessNumber(string e164)
    {
        if (s_businessNumbers.TryGetValue(e164, out var cached))
        {
            return cached;
        }

        if (!WhatsAppIdentifier.TryParse(e164, out var identifier) || identifier.PhoneNumber is not { } number)
        {
            throw new InvalidDataException("A stored business number is not an E.164 number.");
        }

        if (s_businessNumbers.Count >= MaxCached)
        {
            s_businessNumbers.Clear();
        }

        s_businessNumbers[e164] = number;
        return number;
    }

    /// <summary>Parses a stored identifier.</summary>
    /// <param name="value">The stored form.</param>
    /// <returns>The identifier.</returns>
    /// <exception cref="InvalidDataException">The text is neither an E.164 number nor a business-scoped user ID.</exception>
    public static WhatsAppIdentifier Identifier(string value) =>
        WhatsAppIdentifier.TryParse(value, out var identifier)
            ? identifier
            : throw new InvalidDataException("A stored identifier is neither an E.164 number nor a business-scoped user ID.");
}
