using System.Runtime.CompilerServices;
using WaCompliance.Numbers;

namespace WaCompliance.Storage.Sqlite.Internal;

/// <summary>Argument checks of the stores' public entry points.</summary>
internal static class Arguments
{
    public static void NotDefault(WhatsAppNumber number, [CallerArgumentExpression(nameof(number))] string? name = null)
    {
        if (number.IsEmpty)
        {
            throw new ArgumentException("The number is empty (default). Parse one with WhatsAppNumber.Parse or IWhatsAppNumberParser.", name);
        }
    }

    public static void NotDefault(Identities.WhatsAppIdentifier identifier, [CallerArgumentExpression(nameof(identifier))] string? name = null)
    {
        if (identifier.IsEmpty)
        {
            throw new ArgumentException("The identifier is empty (default). Use a parsed WhatsAppNumber or BusinessScopedUserId.", name);
        }
    }

    public static void NotDefault(Privacy.SubjectKey subject, [CallerArgumentExpression(nameof(subject))] string? name = null)
    {
        if (subject.IsEmpty)
        {
            throw new ArgumentException("The subject key is empty (default).", name);
        }
    }
}
