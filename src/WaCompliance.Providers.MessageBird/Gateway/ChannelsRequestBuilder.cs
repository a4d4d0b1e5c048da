using System.Globalization;
using WaCompliance.Gateways;
using WaCompliance.Messaging;
using WaCompliance.Providers.MessageBird.Json;
using WaCompliance.Providers.MessageBird.Webhooks;
using WaCompliance.Templates;

namespace WaCompliance.Providers.MessageBird;

/// <summary>
/// Builds the Bird Channels API send body (providers.md §5b): <c>receiver.contacts[]</c> (<c>phonenumber</c>, or
/// <c>whatsappbsuid</c> for a person known only by a business-scoped user ID, identities.md §5) and exactly one of
/// <c>body</c> (text, image, file) or <c>template</c>, with <c>reference</c> and <c>replyTo</c>.
/// </summary>
internal static class ChannelsRequestBuilder
{
    public static ChannelsSendRequest? Build(GatewayMessage message, MessageBirdOptions options, out ProviderError? refusal)
    {
        var contact = Recipient(message, out refusal);
        if (contact is null)
        {
            return null;
        }

        ChannelsBody? body = null;
        ChannelsTemplate? template = null;
        switch (message.Content)
        {
            case TextContent text:
                body = new ChannelsBody { Type = "text", Text = new ChannelsText { Text = text.Body } };
                break;
            case MediaContent media:
                body = Media(media, out refusal);
                break;
            case TemplateContent templateContent:
                template = Template(templateContent, message.Template, options, out refusal);
                break;
            case InteractiveContent:
                refusal = RequestRefusal.InteractiveNotSupported;
                break;
            default:
                refusal = RequestRefusal.Invalid("content_not_supported", $"Content of kind '{message.Content.Kind}' cannot be sent through the Bird Channels API.");
                break;
        }

        if (refusal is not null)
        {
            return null;
        }

        return new ChannelsSendRequest
        {
            Receiver = new ChannelsReceiver { Contacts = [contact] },
            Body = body,
            Template = template,
            // The send's reference when the messenger made one (recorded with the claim, echoed in status webhooks).
            Reference = message.Reference ?? message.IdempotencyKey,
            ReplyTo = message.ReplyToMessageId is { Length: > 0 } replyTo ? new ChannelsReplyTo { Id = replyTo, Type = "message" } : null,
        };
    }

    /// <summary>
    /// The receiver contact: the phone number when one is known (it keeps the number in later webhooks), otherwise the
    /// business-scoped user ID under Bird's <c>whatsappbsuid</c> key. Bird documents no key for a parent user ID, and
    /// WhatsApp sends no authentication template to a user ID: both are refused here, before any request.
    /// </summary>
    private static ChannelsContact? Recipient(GatewayMessage message, out ProviderError? refusal)
    {
        refusal = null;
        var to = message.To;
        if (to.Phone is { } phone)
        {
            return new ChannelsContact { IdentifierKey = ChannelsWebhookParser.PhoneNumberKey, IdentifierValue = phone.E164 };
        }

        if (message.Template?.Category == TemplateCategory.Authentication)
        {
            refusal = RequestRefusal.AuthenticationToUserId;
            return null;
        }

        if (to.UserId is { } userId)
        {
            return new ChannelsContact { IdentifierKey = ChannelsWebhookParser.UserIdKey, IdentifierValue = userId.Value };
        }

        refusal = RequestRefusal.ParentUserIdNotSupported;
        return null;
    }

    private static ChannelsBody? Media(MediaContent media, out ProviderError? refusal)
    {
        refusal = null;
        var url = media.Url.AbsoluteUri;
        if (media.MediaKind == MediaKind.Image)
        {
            return new ChannelsBody { Type = "image", Image = new ChannelsImage { Images = [new ChannelsMedia { MediaUrl = url }], Text = media.Caption } };
        }

        if (media.MediaKind == MediaKind.Audio && !string.IsNullOrEmpty(media.Caption))
        {
            refusal = RequestRefusal.AudioCaption;
            return null;
        }

        // Documents, video and audio are all "file" messages; WhatsApp renders them by content type.
        var file = new ChannelsMedia
        {
            MediaUrl = url,
            ContentType = MediaTypes.For(media.MediaKind, media.Url),
            Filename = media.MediaKind == MediaKind.Document ? media.FileName : null,
        };
        return new ChannelsBody { Type = "file", File = new ChannelsFile { Files = [file], Text = media.Caption } };
    }

    private static ChannelsTemplate? Template(TemplateContent content, MessageTemplate? catalog, MessageBirdOptions options, out ProviderError? refusal)
    {
        refusal = null;
        ChannelsTemplateReference? project = null;
        if (catalog?.ProviderTemplateId is { } providerId)
        {
            if (!ChannelsTemplateReference.TryParse(providerId, out var parsed))
            {
                refusal = RequestRefusal.Invalid("template_reference_invalid",
                    "The catalog template's ProviderTemplateId is not a Bird Studio project reference ('projectId' or 'projectId:version').");
                return null;
            }

            project = parsed;
        }
        else if (options.TemplateProjects is { } map && map.TryGetValue(content.Name, out var configured) && ChannelsTemplateReference.TryParse(configured, out var fromOptions))
        {
            project = fromOptions;
        }

        var parameters = new List<ChannelsTemplateParameter>();
        var values = content.Parameters;
        if (values.Format == TemplateParameterFormat.Named)
        {
            foreach (var (key, value) in values.NamedValues)
            {
                parameters.Add(new ChannelsTemplateParameter { Key = key, Value = value });
            }
        }
        else
        {
            for (var i = 0; i < values.PositionalValues.Count; i++)
            {
                parameters.Add(new ChannelsTemplateParameter { Key = (i + 1).ToString(CultureInfo.InvariantCulture), Value = values.PositionalValues[i] });
            }
        }

        if (values.HeaderText is { } headerText)
        {
            parameters.Add(new ChannelsTemplateParameter { Key = HeaderKey(values.Format, catalog), Value = headerText });
        }

        for (var i = 0; i < values.ButtonValues.Count; i++)
        {
            if (values.ButtonValues[i] is { } buttonValue)
            {
                parameters.Add(new ChannelsTemplateParameter { Key = ButtonKey(values.Format, catalog, i), Value = buttonValue });
            }
        }

        return new ChannelsTemplate
        {
            ProjectId = project?.ProjectId,
            Version = project?.Version,
            Name = project is null ? content.Name : null,
            Locale = content.Language.Trim().Replace('_', '-'),
            Parameters = parameters.Count == 0 ? null : parameters,
            Attachments = content.HeaderMediaUrl is { } media ? [new ChannelsAttachment { MediaUrl = media.AbsoluteUri }] : null,
        };
    }

    /// <summary>The variable key of the header value: its own name in a named template, else <c>header_1</c>.</summary>
    internal static string HeaderKey(TemplateParameterFormat format, MessageTemplate? catalog)
    {
        if (format == TemplateParameterFormat.Named && TemplateVariableNames.In(catalog?.Header?.Text) is [var name, ..])
        {
            return name;
        }

        return "header_1";
    }

    /// <summary>The variable key of a button value: its own name in a named template, else <c>button_{index}</c> (from 0).</summary>
    internal static string ButtonKey(TemplateParameterFormat format, MessageTemplate? catalog, int index)
    {
        if (format == TemplateParameterFormat.Named && catalog is not null && index < catalog.Buttons.Count &&
            TemplateVariableNames.In(catalog.Buttons[index].Url) is [var name, ..])
        {
            return name;
        }

        return string.Create(CultureInfo.InvariantCulture, $"button_{index}");
    }
}
