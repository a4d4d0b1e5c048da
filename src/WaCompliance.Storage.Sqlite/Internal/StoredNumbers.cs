using System.Collections.Concurrent;
using WaCompliance.Numbers;

namespace WaCompliance.Storage.Sqlite.Internal;

/// <summary>
/// Reads back the business numbers stored as E.164 text. Any valid line type is accepted (a business may use a
/// landline), and parsed numbers are cached: a database holds few business numbers.
/// </summary>
internal static class StoredNumbers
{
    private const int MaxCached = 10_000;

    private static readonly WhatsAppNumberParser s_parser =
        new(null, Enum.GetValues<WhatsAppNumberType>().Where(type => type != WhatsAppNumberType.Unknown));

    private static readonly ConcurrentDictionary<string, WhatsAppNumber> s_cache = new(StringComparer.Ordinal);

    /// <summary>Parses a stored E.164 number.</summary>
    /// <param name="e164">The stored text.</param>
    /// <returns>The number.</returns>
    /// <exception cref="InvalidDataException">The text is not a valid number.</exception>
    public static WhatsAppNumber Parse(string e164)
    {
        if (s_cache.TryGetValue(e164, out var cached))
        {
            return cached;
        }

        var result = s_parser.Parse(e164);
        if (!result.IsValid)
        {
            throw new InvalidDataException("A stored business number is not a valid E.164 number.");
        }

        if (s_cache.Count >= MaxCached)
        {
            s_cache.Clear();
        }

        s_cache[e164] = result.Number;
        return result.Number;
    }
}
