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
    public static string Of(OutboundMessage message)
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

        return string.Create(CultureInfo.InvariantCulture, $"fnv1a:{hash:x16}");
    }

    private static ulong MixParameters(ulong hash, TemplateParameters parameters)
    {
        foreach (var value in parameters.PositionalValues)
        {
            hash = Mix(hash, value);
        }

        foreach (var pair in parameters.NamedValues.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            hash = Mix(hash, pair.Key);
            hash = Mix(hash, pair.Value);
        }

        hash = Mix(hash, parameters.HeaderText);
        foreach (var value in parameters.ButtonValues)
        {
            hash = Mix(hash, value);
        }

        return hash;
    }

    private static ulong Mix(ulong hash, string? value)
    {
        if (value is null)
        {
            return (hash ^ 0xFF) * Prime;
        }

        Span<byte> buffer = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
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
