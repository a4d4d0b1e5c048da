using WaCompliance.Gateways;
using WaCompliance.Messaging;
using WaCompliance.Providers.MessageBird.Json;
using WaCompliance.Templates;

namespace WaCompliance.Providers.MessageBird;

/// <summary>
/// Builds the legacy Conversations API <c>POST /v1/send</c> body (providers.md §5a): <c>to</c>, <c>from</c> (the
/// channel id), <c>type</c> (text, image, file, video, audio, hsm) and <c>content</c>. Templates are <c>hsm</c> with
/// <c>namespace</c>, <c>templateName</c>, <c>language</c> and positional <c>params</c>; header media and button values
/// go in Meta-style <c>components</c> instead.
/// </summary>
/// <remarks>
/// The Conversations API documents no reply-to field: a reply-to message id is not sent in this mode. It addresses
/// people by phone number only: a person known only by a business-scoped user ID is refused before any request.
/// </remarks>
internal static class LegacyRequestBuilder
{
    public static LegacySendRequest? Build(GatewayMessage message, MessageBirdOptions options, out ProviderError? refusal)
    {
        refusal = null;
        if (message.To.Phone is not { } phone)
        {
            refusal = RequestRefusal.ConversationsNeedsPhone;
            return null;
        }

        string type;
        LegacyContent? content;
        switch (message.Content)
        {
            case TextContent text:
                (type, content) = ("text", new LegacyContent { Text = text.Body });
                break;
            case MediaContent media:
                (type, content) = Media(media, out refusal);
                break;
            case TemplateContent template:
                var hsm = Hsm(template, message.Template, options, out refusal);
                (type, content) = ("hsm", hsm is null ? null : new LegacyContent { Hsm = hsm });
                break;
            case InteractiveContent:
                (type, content, refusal) = ("interactive", null, RequestRefusal.InteractiveNotSupported);
                break;
            default:
                (type, content, refusal) = (message.Content.Kind, null,
                    RequestRefusal.Invalid("content_not_supported", $"Content of kind '{message.Content.Kind}' cannot be sent through the Conversations API."));
                break;
        }

        if (refusal is not null || content is null)
        {
            return null;
        }

        return new LegacySendRequest { To = phone.E164, From = options.ChannelId!, Type = type, Content = content };
    }

    private static (string Type, LegacyContent? Content) Media(MediaContent media, out ProviderError? refusal)
    {
        refusal = null;
        var item = new LegacyMedia { Url = media.Url.AbsoluteUri, Caption = media.Caption };
        switch (media.MediaKind)
        {
            case MediaKind.Image:
                return ("image", new LegacyContent { Image = item });
            case MediaKind.Video:
                return ("video", new LegacyContent { Video = item });
            case MediaKind.Audio when !string.IsNullOrEmpty(media.Caption):
                refusal = RequestRefusal.AudioCaption;
                return ("audio", null);
            case MediaKind.Audio:
                return ("audio", new LegacyContent { Audio = item });
            default:
                return ("file", new LegacyContent { File = item });
        }
    }

    private static LegacyHsm? Hsm(TemplateContent content, MessageTemplate? catalog, MessageBirdOptions options, out ProviderError? refusal)
    {
        refusal = null;
        var values = content.Parameters;
        List<string> body;
        if (values.Format == TemplateParameterFormat.Named)
        {
            // The Conversations API takes positional values: order the named ones as the template's body uses them.
            if (catalog is null)
            {
                refusal = RequestRefusal.Invalid("named_parameters_need_template",
                    "The Conversations API takes template values by position; named values can only be ordered when the catalog template is known.");
                return null;
            }

            body = [];
            foreach (var name in TemplateVariableNames.In(catalog.Body))
            {
                if (!values.NamedValues.TryGetValue(name, out var value))
                {
                    refusal = new ProviderError(ProviderErrorKind.TemplateParameterMismatch, "named_parameter_missing",
                        $"The template body uses the variable '{name}' but no value was given for it.");
                    return null;
                }

                body.Add(value);
            }
        }
        else
        {
            body = [.. values.PositionalValues];
        }

        var hasHeader = values.HeaderText is not null || content.HeaderMediaUrl is not null;
        var hasButtons = values.ButtonValues.Any(v => v is not null);
        var hsm = new LegacyHsm
        {
            Namespace = options.TemplateNamespace!,
            TemplateName = content.Name,
            Language = new LegacyHsmLanguage { Code = content.Language.Trim() },
            Params = hasHeader || hasButtons || body.Count == 0 ? null : [.. body.Select(v => new LegacyHsmParameter { Default = v })],
            Components = hasHeader || hasButtons ? Components(content, catalog, body) : null,
        };
        return hsm;
    }

    private static List<LegacyHsmComponent> Components(TemplateContent content, MessageTemplate? catalog, List<string> body)
    {
        var values = content.Parameters;
        var components = new List<LegacyHsmComponent>();
        if (content.HeaderMediaUrl is { } media)
        {
            var kind = catalog?.Header?.Format switch
            {
                TemplateHeaderFormat.Image => MediaKind.Image,
                TemplateHeaderFormat.Video => MediaKind.Video,
                TemplateHeaderFormat.Document => MediaKind.Document,
                _ => MediaTypes.KindOf(media),
            };
            var item = new LegacyMedia { Url = media.AbsoluteUri };
            var parameter = kind switch
            {
                MediaKind.Image => new LegacyComponentParameter { Type = "image", Image = item },
                MediaKind.Video => new LegacyComponentParameter { Type = "video", Video = item },
                _ => new LegacyComponentParameter { Type = "document", Document = item },
            };
            components.Add(new LegacyHsmComponent { Type = "header", Parameters = [parameter] });
        }
        else if (values.HeaderText is { } headerText)
        {
            components.Add(new LegacyHsmComponent { Type = "header", Parameters = [new LegacyComponentParameter { Type = "text", Text = headerText }] });
        }

        if (body.Count > 0)
        {
            components.Add(new LegacyHsmComponent
            {
                Type = "body",
                Parameters = [.. body.Select(v => new LegacyComponentParameter { Type = "text", Text = v })],
            });
        }

        for (var i = 0; i < values.ButtonValues.Count; i++)
        {
            if (values.ButtonValues[i] is not { } value)
            {
                continue;
            }

            var copyCode = catalog is not null && i < catalog.Buttons.Count && catalog.Buttons[i].Type == TemplateButtonType.CopyCode;
            components.Add(new LegacyHsmComponent
            {
                Type = "button",
                SubType = copyCode ? "copy_code" : "url",
                Index = i,
                Parameters = [copyCode
                    ? new LegacyComponentParameter { Type = "coupon_code", CouponCode = value }
                    : new LegacyComponentParameter { Type = "text", Text = value }],
            });
        }

        return components;
    }
}
