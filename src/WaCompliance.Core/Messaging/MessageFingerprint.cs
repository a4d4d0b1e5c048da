using System.Globalization;
using WaCompliance.Templates;

namespace WaCompliance.Messaging;

/// <summary>
/// A stable fingerprint of what a message says, to find the same message sent twice. It is a 64-bit FNV-1a hash:
/// fast and the same in every process, not a secure digest (it never leaves the stores, which hold no content).
/// </summary>
public static class MessageFingerprint
{
    private const ulong OffsetBasis = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    /// <summary>The fingerprint of a message's content: <c>fnv1a:</c> and 16 hex digits.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The fingerprint.</returns>
    public static string Of(OutboundMessage message) => Format(Hash(message));

    /// <summary>The fingerprint of a hash from <see cref="Hash"/>.</summary>
    internal static string Format(ulong hash) => string.Create(CultureInfo.InvariantCulture, $"fnv1a:{hash:x16}");

    /// <summary>The 64-bit hash behind <see cref="Of"/>, without the string.</summary>
    internal static ulong Hash(OutboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var hash = OffsetBasis;
        switch (message.Content)
        {
            case TextContent text:
                hash = Mix(hash, "text");
                hash = Mix(hash, text.Body);
                break;
            case MediaContent media:
                hash = Mix(hash, "media");
                hash = Mix(hash, media.MediaKind.ToString());
                hash = Mix(hash, media.Url.OriginalString);
                hash = Mix(hash, media.Caption);
                break;
            case TemplateContent template:
                hash = Mix(hash, "template");
                hash = Mix(hash, template.Name);
                hash = Mix(hash, TemplateKey.NormalizeLanguage(template.Language));
                hash = MixParameters(hash, template.Parameters);
                break;
            case InteractiveContent interactive:
                hash = Mix(hash, "interactive");
                hash = Mix(hash, interactive.Body);
                foreach (var button in interactive.Buttons)
                {
                    hash = Mix(hash, button.Id);
                    hash = Mix(hash, button.Title);
                }

                break;
        }

        return hash;
    }

    private static ulong MixParameters(ulong hash, TemplateParameters parameters)
    {
        var positional = parameters.PositionalValues;
        for (var i = 0; i < positional.Count; i++)
        {
            hash = Mix(hash, positional[i]);
        }

        if (parameters.NamedDictionary.Count > 0)
        {
            foreach (var pair in parameters.NamedDictionary.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                hash = Mix(hash, pair.Key);
                hash = Mix(hash, pair.Value);
            }
        }

        hash = Mix(hash, parameters.HeaderText);
        var buttons = parameters.ButtonValues;
        for (var i = 0; i < buttons.Count; i++)
        {
            hash = Mix(hash, buttons[i]);
        }

        return hash;
    }

    private static ulong Mix(ulong hash, string? value)
    {
        if (value is null)
        {
            return (hash ^ 0xFF) * Prime;
        }

        // ASCII is its own UTF-8: hashed directly until the first other character.
        var ascii = 0;
        while (ascii < value.Length && value[ascii] < 0x80)
        {
            hash = (hash ^ value[ascii]) * Prime;
            ascii++;
        }

        Span<byte> buffer = stackalloc byte[4];
        foreach (var rune in value.AsSpan(ascii).EnumerateRunes())
        {
            var length = rune.EncodeToUtf8(buffer);
            for (var i = 0; i < length; i++)
            {
                hash = (hash ^ buffer[i]) * Prime;
            }
        }

        // A separator so ("ab","c") and ("a","bc") differ.
        return (hash ^ 0x1F) * Prime;
    }
}
