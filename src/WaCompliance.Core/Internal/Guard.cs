using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace WaCompliance.Internal;

/// <summary>Argument checks for public entry points; the caller's expression names the argument.</summary>
internal static class Guard
{
    public static T NotNull<T>([NotNull] T? value, [CallerArgumentExpression(nameof(value))] string? name = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(value, name);
        return value;
    }

    public static string NotNullOrWhiteSpace([NotNull] string? value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
        return value;
    }

    public static void NotDefault(Identities.WhatsAppIdentifier identifier, [CallerArgumentExpression(nameof(identifier))] string? name = null)
    {
        if (identifier.IsEmpty)
        {
            throw new ArgumentException("The identifier is empty (default): give a parsed number or business-scoped user ID.", name);
        }
    }

    public static void NotDefault(Numbers.WhatsAppNumber number, [CallerArgumentExpression(nameof(number))] string? name = null)
    {
        if (number.IsEmpty)
        {
            throw new ArgumentException("The number is empty (default). Parse one with WhatsAppNumber.Parse or IWhatsAppNumberParser.", name);
        }
    }
}
