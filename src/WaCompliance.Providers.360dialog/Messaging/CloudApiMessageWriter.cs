using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using WaCompliance.Gateways;
using WaCompliance.Identities;
using WaCompliance.Messaging;
using WaCompliance.Templates;

namespace WaCompliance.Providers.Dialog360.Messaging;

/// <summary>
/// Writes the Cloud API send-message body (<c>POST /messages</c>) for a <see cref="GatewayMessage"/>: the common
/// fields, the recipient, the reply context and one of <c>text</c>, <c>image</c>, <c>document</c>, <c>video</c>,
/// <c>audio</c>, <c>template</c> or <c>interactive</c>.
/// </summary>
/// <remarks>
/// The recipient is <c>to</c> (the phone number's digits) when the phone is known, otherwise <c>recipient</c> (the
/// business-scoped user ID, or the parent one when only that is known). Never both: Meta takes <c>to</c> when both
/// are sent, so a body with both would not go where the <c>recipient</c> says.
/// </remarks>
internal static partial class CloudApiMessageWriter
{
    /// <summary>Checks what the Cloud API would refuse anyway, before anything is sent.</summary>
    /// <param name="message">The message.</param>
    /// <returns>Why it cannot be sent, or <see langword="null"/>.</returns>
    public static string? Check(GatewayMessage message)
    {
        if (message.To.IsEmpty)
        {
            return "The message has no recipient.";
        }

        switch (message.Content)
        {
            case MediaContent { MediaKind: MediaKind.Audio, Caption: not null }:
                return "Audio messages cannot carry a caption.";
            case MediaContent { FileName: not null, MediaKind: not MediaKind.Document }:
                return "Only documents carry a file name.";
            case MediaContent media when !media.Url.IsAbsoluteUri || (media.Url.Scheme != Uri.UriSchemeHttps && media.Url.Scheme != Uri.UriSchemeHttp):
                return "Media is fetched by the provider: its URL must be an absolute HTTP(S) URL.";
            case InteractiveContent { Buttons.Count: < 1 or > 3 }:
                return "Interactive messages have 1 to 3 buttons.";
            case TemplateContent { HeaderMediaUrl: { } url } when !url.IsAbsoluteUri:
                return "The template header media URL must be absolute.";
            default:
                return null;
        }
    }

    /// <summary>Writes the body.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="message">The message (checked with <see cref="Check"/>).</param>
    public static void Write(Utf8JsonWriter writer, GatewayMessage message)
    {
        writer.WriteStartObject();
        writer.WriteString("messaging_product"u8, "whatsapp"u8);
        writer.WriteString("recipient_type"u8, "individual"u8);
        WriteRecipient(writer, message.To);
        if (message.Reference is { Length: > 0 } reference)
        {
            // Echoed by Meta in this message's status webhooks: the send can be reconciled without its wamid.
            writer.WriteString("biz_opaque_callback_data"u8, reference);
        }

        if (message.ReplyToMessageId is { Length: > 0 } replyTo)
        {
            writer.WriteStartObject("context"u8);
            writer.WriteString("message_id"u8, replyTo);
            writer.WriteEndObject();
        }

        switch (message.Content)
        {
            case TextContent text:
                writer.WriteString("type"u8, "text"u8);
                writer.WriteStartObject("text"u8);
                writer.WriteString("body"u8, text.Body);
                writer.WriteBoolean("preview_url"u8, text.PreviewUrl);
                writer.WriteEndObject();
                break;
            case MediaContent media:
                WriteMedia(writer, media);
                break;
            case TemplateContent template:
                WriteTemplate(writer, template, message.Template);
                break;
            case InteractiveContent interactive:
                WriteInteractive(writer, interactive);
                break;
            default:
                throw new NotSupportedException($"Content of kind '{message.Content.Kind}' is not supported by the 360dialog gateway.");
        }

        writer.WriteEndObject();
    }

    /// <summary>The recipient field and its value: <c>to</c> with the phone's digits, else <c>recipient</c> with the user ID.</summary>
    /// <param name="to">The recipient.</param>
    /// <returns>The field name and the value.</returns>
    public static (string Field, string Value) Recipient(WhatsAppIdentity to) =>
        to.Phone is { } phone ? ("to", phone.Digits)
        : to.UserId is { } userId ? ("recipient", userId.Value)
        : to.ParentUserId is { } parent ? ("recipient", parent.Value)
        : throw new ArgumentException("The recipient is the default (empty) identity.", nameof(to));

    private static void WriteRecipient(Utf8JsonWriter writer, WhatsAppIdentity to)
    {
        var (field, value) = Recipient(to);
        writer.WriteString(field, value);
    }

    private static void WriteMedia(Utf8JsonWriter writer, MediaContent media)
    {
        var kind = MediaType(media.MediaKind);
        writer.WriteString("type"u8, kind);
        writer.WriteStartObject(kind);
        writer.WriteString("link"u8, media.Url.AbsoluteUri);
        if (media.Caption is { } caption && media.MediaKind != MediaKind.Audio)
        {
            writer.WriteString("caption"u8, caption);
        }

        if (media.FileName is { } fileName && media.MediaKind == MediaKind.Document)
        {
            writer.WriteString("filename"u8, fileName);
        }

        writer.WriteEndObject();
    }

    private static void WriteInteractive(Utf8JsonWriter writer, InteractiveContent interactive)
    {
        writer.WriteString("type"u8, "interactive"u8);
        writer.WriteStartObject("interactive"u8);
        writer.WriteString("type"u8, "button"u8);
        writer.WriteStartObject("body"u8);
        writer.WriteString("text"u8, interactive.Body);
        writer.WriteEndObject();
        if (interactive.Footer is { } footer)
        {
            writer.WriteStartObject("footer"u8);
            writer.WriteString("text"u8, footer);
            writer.WriteEndObject();
        }

        writer.WriteStartObject("action"u8);
        writer.WriteStartArray("buttons"u8);
        foreach (var button in interactive.Buttons)
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, "reply"u8);
            writer.WriteStartObject("reply"u8);
            writer.WriteString("id"u8, button.Id);
            writer.WriteString("title"u8, button.Title);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteTemplate(Utf8JsonWriter writer, TemplateContent content, MessageTemplate? template)
    {
        writer.WriteString("type"u8, "template"u8);
        writer.WriteStartObject("template"u8);
        writer.WriteString("name"u8, content.Name);
        writer.WriteStartObject("language"u8);
        writer.WriteString("policy"u8, "deterministic"u8);
        writer.WriteString("code"u8, content.Language);
        writer.WriteEndObject();

        var parameters = content.Parameters;
        var named = parameters.Format == TemplateParameterFormat.Named;
        var hasHeader = parameters.HeaderText is not null || content.HeaderMediaUrl is not null;
        var hasBody = named ? parameters.NamedValues.Count > 0 : parameters.PositionalValues.Count > 0;
        var hasButtons = parameters.ButtonValues.Any(value => value is not null);
        if (hasHeader || hasBody || hasButtons)
        {
            writer.WriteStartArray("components"u8);
            if (hasHeader)
            {
                WriteHeader(writer, content, template, named);
            }

            if (hasBody)
            {
                WriteBody(writer, parameters, named);
            }

            for (var index = 0; index < parameters.ButtonValues.Count; index++)
            {
                if (parameters.ButtonValues[index] is { } value)
                {
                    WriteButton(writer, index, value, template is { } t && index < t.Buttons.Count ? t.Buttons[index].Type : null);
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteHeader(Utf8JsonWriter writer, TemplateContent content, MessageTemplate? template, bool named)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "header"u8);
        writer.WriteStartArray("parameters"u8);
        if (content.Parameters.HeaderText is { } headerText)
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, "text"u8);
            if (named && HeaderVariableName(template) is { } name)
            {
                writer.WriteString("parameter_name"u8, name);
            }

            writer.WriteString("text"u8, headerText);
            writer.WriteEndObject();
        }

        if (content.HeaderMediaUrl is { } url)
        {
            var kind = HeaderMediaType(template?.Header?.Format, url);
            writer.WriteStartObject();
            writer.WriteString("type"u8, kind);
            writer.WriteStartObject(kind);
            writer.WriteString("link"u8, url.AbsoluteUri);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteBody(Utf8JsonWriter writer, TemplateParameters parameters, bool named)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "body"u8);
        writer.WriteStartArray("parameters"u8);
        if (named)
        {
            foreach (var (name, value) in parameters.NamedValues)
            {
                writer.WriteStartObject();
                writer.WriteString("type"u8, "text"u8);
                writer.WriteString("parameter_name"u8, name);
                writer.WriteString("text"u8, value);
                writer.WriteEndObject();
            }
        }
        else
        {
            foreach (var value in parameters.PositionalValues)
            {
                writer.WriteStartObject();
                writer.WriteString("type"u8, "text"u8);
                writer.WriteString("text"u8, value);
                writer.WriteEndObject();
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>
    /// A button value is the URL suffix of a URL button (and of an authentication template's one-time-passcode
    /// button, which Meta sends as a URL button), the code of a copy-code button, or the payload of a quick reply.
    /// Without the template, a value is taken as a URL suffix, the only kind a plain send usually fills.
    /// </summary>
    private static void WriteButton(Utf8JsonWriter writer, int index, string value, TemplateButtonType? type)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "button"u8);
        switch (type)
        {
            case TemplateButtonType.CopyCode:
                writer.WriteString("sub_type"u8, "copy_code"u8);
                break;
            case TemplateButtonType.QuickReply:
                writer.WriteString("sub_type"u8, "quick_reply"u8);
                break;
            default:
                writer.WriteString("sub_type"u8, "url"u8);
                break;
        }

        writer.WriteString("index"u8, index.ToString(CultureInfo.InvariantCulture));
        writer.WriteStartArray("parameters"u8);
        writer.WriteStartObject();
        switch (type)
        {
            case TemplateButtonType.CopyCode:
                writer.WriteString("type"u8, "coupon_code"u8);
                writer.WriteString("coupon_code"u8, value);
                break;
            case TemplateButtonType.QuickReply:
                writer.WriteString("type"u8, "payload"u8);
                writer.WriteString("payload"u8, value);
                break;
            default:
                writer.WriteString("type"u8, "text"u8);
                writer.WriteString("text"u8, value);
                break;
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static string MediaType(MediaKind kind) => kind switch
    {
        MediaKind.Image => "image",
        MediaKind.Document => "document",
        MediaKind.Video => "video",
        MediaKind.Audio => "audio",
        _ => throw new NotSupportedException($"Media kind '{kind}' is not supported."),
    };

    /// <summary>The template's header format decides; without the template, the file extension (PDF and office files are documents, MP4/3GP videos, anything else an image).</summary>
    private static string HeaderMediaType(TemplateHeaderFormat? format, Uri url)
    {
        switch (format)
        {
            case TemplateHeaderFormat.Image:
                return "image";
            case TemplateHeaderFormat.Video:
                return "video";
            case TemplateHeaderFormat.Document:
                return "document";
        }

        var extension = Path.GetExtension(url.AbsolutePath);
        return extension.ToUpperInvariant() switch
        {
            ".PDF" or ".DOC" or ".DOCX" or ".XLS" or ".XLSX" or ".PPT" or ".PPTX" or ".TXT" => "document",
            ".MP4" or ".3GP" or ".3GPP" => "video",
            _ => "image",
        };
    }

    private static string? HeaderVariableName(MessageTemplate? template)
    {
        if (template?.Header?.Text is not { } text)
        {
            return null;
        }

        var match = NamedVariable().Match(text);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_]*[A-Za-z_][A-Za-z0-9_]*)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex NamedVariable();
}
